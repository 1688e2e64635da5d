"""Finish the timezone dialog: save the zone and quiet hours, move reminders to match."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.domain.records import QUIET_HOURS_KEY
from bot.finishers.base import FinishCall
from bot.reminders.scheduling import replan_all

KEEP = "keep"
OFF = "off"


def finish_timezone(call: FinishCall) -> list[Reply]:
    """Save the user's timezone and quiet hours and confirm them with the local time."""
    zone = call.answers.get("timezone", KEEP)
    if zone != KEEP:
        call.store.set_timezone(call.user.id, str(zone), call.now)
    quiet = call.answers.get("quiet", KEEP)
    if quiet == OFF:
        call.store.set_preference(call.user.id, QUIET_HOURS_KEY, ["00:00", "00:00"], call.now)
    elif isinstance(quiet, list):
        call.store.set_preference(call.user.id, QUIET_HOURS_KEY, quiet, call.now)
    user = call.store.get_user(call.user.id)
    assert user is not None
    moved = 0
    if zone != KEEP or quiet != KEEP:
        rows, moved = replan_all(call.store, user, call.now)
        call.reminders_changed(rows)
    return [
        Reply(
            call.renderer.render(
                "timezone/saved.j2",
                zone=user.timezone,
                local=call.now.astimezone(user.zone),
                quiet=user.quiet,
                moved=moved,
            ),
            choices=(call.command_choice("start", "menu"),),
            token="menu",
        )
    ]
