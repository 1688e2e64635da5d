"""/timezone: the user's timezone and quiet hours; reminders move to match."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.domain.records import QUIET_HOURS_KEY
from bot.features.common import closing
from bot.flow.hooks import Hooks, Turn
from bot.reminders.scheduling import replan_all

hooks = Hooks("timezone")

KEEP = "keep"
OFF = "off"


@hooks.finish("timezone")
def finish(turn: Turn) -> list[Reply]:
    """Save the user's timezone and quiet hours and confirm them with the local time."""
    zone = turn.answers.get("timezone", KEEP)
    if zone != KEEP:
        turn.store.set_timezone(turn.user.id, str(zone), turn.now)
    quiet = turn.answers.get("quiet", KEEP)
    if quiet == OFF:
        turn.store.set_preference(turn.user.id, QUIET_HOURS_KEY, ["00:00", "00:00"], turn.now)
    elif isinstance(quiet, list):
        turn.store.set_preference(turn.user.id, QUIET_HOURS_KEY, quiet, turn.now)
    user = turn.store.get_user(turn.user.id)
    assert user is not None
    moved = 0
    if zone != KEEP or quiet != KEEP:
        rows, moved = replan_all(turn.store, user, turn.now)
        turn.reminders_changed(rows)
    return [
        closing(
            turn,
            "timezone/saved.j2",
            zone=user.timezone,
            local=turn.now.astimezone(user.zone),
            quiet=user.quiet,
            moved=moved,
        )
    ]
