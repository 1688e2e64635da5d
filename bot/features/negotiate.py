"""/negotiate: the negotiation card. It sets the offer noted in /outcome against the user's
minimum and ideal (or, before an offer, shows the range they work from) and drafts a counter
backed by their own results: what they typed for it, or their STAR stories' results."""

from __future__ import annotations

from typing import Any

from bot.domain.events import Reply
from bot.domain.offers import Money, Offer
from bot.domain.records import Interview
from bot.features.common import (
    SKIPPED,
    closing,
    interview_choice_id,
    the_interview,
    with_button_first,
)
from bot.flow.hooks import Hooks, Turn
from bot.rules.negotiation import backing, standing

hooks = Hooks("negotiate")

LOCATIONS = {
    "stay": "where I am now",
    "relocate": "open to relocating",
    "remote": "remote",
    "hybrid": "hybrid",
}


def story_results(turn: Turn) -> list[str]:
    """Return the results of the user's STAR stories, newest first."""
    return [story.result for story in reversed(turn.store.stories(turn.user.id)) if story.result]


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Tell the evidence question which results the user's STAR stories already give."""
    if "ideal" not in turn.answers or "evidence" in turn.answers:
        return {}  # only the negotiation's last question reads it: no query elsewhere
    return {"story_results": backing(None, story_results(turn))}


@hooks.finish("negotiate")
def finish(turn: Turn) -> list[Reply]:
    """Save the negotiation card and show it: the offer against the user's numbers, the
    counter and what backs it, what else to settle, and the deadline."""
    interview = the_interview(turn)
    offer = turn.store.latest_offer(turn.user.id, interview.id) if interview else None
    minimum, ideal = answered_money(turn, "minimum"), answered_money(turn, "ideal")
    location = turn.answers.get("location")
    evidence = turn.answers.get("evidence")
    typed = None if evidence in SKIPPED or evidence is None else str(evidence)
    card = {
        "minimum": shown(turn.answers.get("minimum")),
        "ideal": shown(turn.answers.get("ideal")),
        "start": turn.answers.get("start"),
        "location": LOCATIONS.get(str(location), location),
        "evidence": typed,
    }
    turn.store.add_negotiation(
        turn.user.id, interview.id if interview else None, card, turn.now, offer
    )
    base = offer.base if offer else None
    reply = closing(
        turn,
        "negotiate/card.j2",
        card=card,
        interview=interview,
        offer=offer,
        standing=standing(base, minimum, ideal),
        backing=backing(typed, story_results(turn)),
        cash_total=cash_total(offer),
        days_left=days_left(turn, offer),
    )
    if offer is not None and offer.base is not None:
        return [reply]
    # No offer noted (or no base in it): the card works from the user's numbers, and offers
    # to note the offer's figures.
    arg = interview_choice_id(interview.id) if interview else ""
    return [with_button_first(reply, turn.command_choice("outcome", "record_offer", arg))]


def answered_money(turn: Turn, key: str) -> Money | None:
    """Return an amount the dialog read (None for words kept by an older version)."""
    return Money.from_json(turn.answers.get(key))


def shown(value: object) -> str | None:
    """Return an answered amount as the card shows it ("€70,000"), or the words typed."""
    money = Money.from_json(value)
    if money is not None:
        return money.shown
    return None if value is None else str(value)


def cash_total(offer: Offer | None) -> Money | None:
    """Return the base plus the bonus in cash a year, when both are known in one currency."""
    if offer is None or offer.base is None or offer.bonus is None:
        return None
    bonus = offer.bonus.cash(offer.base)
    if bonus is None or not bonus.same_currency(offer.base):
        return None
    return Money(offer.base.amount + bonus.amount, offer.base.currency or bonus.currency)


def days_left(turn: Turn, offer: Offer | None) -> int | None:
    """Return the days left to answer the offer (0 on the day), or None without a deadline."""
    if offer is None or offer.deadline is None:
        return None
    return (offer.deadline - turn.now.astimezone(turn.user.zone).date()).days
