"""/remind: a reminder asked for in the user's own words ("remind me tomorrow at 9 to send
the portfolio"), delivered like every other reminder and listed in /reminders.

The sentence is read by the `reminder_request` validator (bot/parsing/reminder_request.py);
this finisher stores the reminder (`Kind.CUSTOM`, tied to no interview) in the turn's
transaction, hands it to the delivery and confirms the time back in the user's zone.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain.events import Reply
from bot.features.common import closing, with_button_first
from bot.flow.hooks import Hooks, Turn
from bot.reminders.scheduling import custom_time, remind_custom

hooks = Hooks("remind")


@hooks.finish("remind")
def finish(turn: Turn) -> list[Reply]:
    """Store the reminder the user asked for and confirm it with weekday, date, time and zone."""
    request = turn.answers.get("request")
    if not isinstance(request, dict):
        return [closing(turn, "remind/nothing.j2")]
    asked = datetime.fromisoformat(str(request["utc"]))
    timing = custom_time(turn.user, asked, bool(request.get("time_given")))
    row = remind_custom(turn.store, turn.user, timing.due_at, str(request["text"]), turn.now)
    if row is None:
        return [closing(turn, "remind/nothing.j2")]
    turn.reminders_changed([row])
    zone = turn.user.zone
    reply = closing(
        turn,
        "remind/saved.j2",
        reminder=row,
        time_given=bool(request.get("time_given")),
        in_quiet=timing.in_quiet,
        moved=timing.moved,
        quiet=turn.user.quiet,
        asked_local=asked.astimezone(zone),
        due_local=row.due_at.astimezone(zone),
    )
    return [with_button_first(reply, turn.command_choice("reminders", "reminders"))]
