"""/calendar: the user's interviews and their milestones as one .ics file."""

from __future__ import annotations

from bot.domain.events import Attachment, Reply
from bot.features.common import kind_labels
from bot.flow.hooks import Hooks, Turn
from bot.rules.ics import interview_calendar

hooks = Hooks("calendar")

CALENDAR_FILE = "interview-coach.ics"


@hooks.command("calendar")
def calendar(turn: Turn) -> list[Reply]:
    """Send the calendar file (or say there is nothing timed yet); an open question stays open."""
    user = turn.user
    interviews = [i for i in turn.store.interviews(user.id) if i.starts_at is not None]
    if not interviews:
        return [turn.said("core/calendar_empty.j2"), turn.on_screen.where_they_were()]
    data = interview_calendar(
        [(i, turn.store.interview_reminders(user.id, i.id)) for i in interviews],
        user.zone,
        turn.now,
        kind_labels(turn.renderer),
    )
    text = turn.renderer.render("core/calendar.j2", count=len(interviews), user=user)
    sent = Reply(text, file=Attachment(CALENDAR_FILE, data, "text/calendar"))
    return [sent, turn.on_screen.where_they_were()]
