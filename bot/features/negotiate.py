"""/negotiate: the negotiation card, kept and shown with how to use it."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.features.common import SKIPPED, closing, the_interview
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("negotiate")

LOCATIONS = {
    "stay": "where I am now",
    "relocate": "open to relocating",
    "remote": "remote",
    "hybrid": "hybrid",
}


@hooks.finish("negotiate")
def finish(turn: Turn) -> list[Reply]:
    """Save the negotiation card and show it with how to use it."""
    interview = the_interview(turn)
    location = turn.answers.get("location")
    evidence = turn.answers.get("evidence")
    card = {
        "minimum": turn.answers.get("minimum"),
        "ideal": turn.answers.get("ideal"),
        "start": turn.answers.get("start"),
        "location": LOCATIONS.get(str(location), location),
        "evidence": None if evidence in SKIPPED else evidence,
    }
    turn.store.add_negotiation(turn.user.id, interview.id if interview else None, card, turn.now)
    return [closing(turn, "negotiate/card.j2", card=card, interview=interview)]
