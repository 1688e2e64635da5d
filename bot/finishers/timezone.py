"""Finish the timezone dialog: save the zone and show the local time it gives."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.core.events import Reply
from bot.finishers.base import FinishCall


def finish_timezone(call: FinishCall) -> list[Reply]:
    """Save the user's timezone and confirm it with the local time."""
    zone = str(call.answers["timezone"])
    call.store.set_timezone(call.user.id, zone, call.now)
    local = call.now.astimezone(ZoneInfo(zone))
    return [
        Reply(
            call.renderer.render("timezone/saved.j2", zone=zone, local=local),
            choices=(call.command_choice("start", "menu"),),
            token="menu",
        )
    ]
