"""/calendar: the user's interviews and their milestones, and the reminders they asked for
in their own words, as one .ics file."""

from __future__ import annotations

from bot.domain.events import Attachment, Reply
from bot.domain.reminders import Kind
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
    own = [r for r in turn.store.upcoming_reminders(user.id) if r.kind is Kind.CUSTOM]
    if not interviews and not own:
        return [turn.said("core/calendar_empty.j2"), turn.on_screen.where_they_were()]
    labels = kind_labels(turn.renderer)
    data = interview_calendar(
        [(i, turn.store.interview_reminders(user.id, i.id)) for i in interviews],
        user.zone,
        turn.now,
        labels,
        own=[(r, _summary(labels[Kind.CUSTOM.value], r.note)) for r in own],
    )
    lines = []
    if interviews:
        lines.append(turn.renderer.render("core/calendar.j2", count=len(interviews), user=user))
    if own:
        lines.append(
            turn.renderer.render(
                "reminders/calendar_own.j2", count=len(own), alone=not interviews, user=user
            )
        )
    sent = Reply(" ".join(lines), file=Attachment(CALENDAR_FILE, data, "text/calendar"))
    return [sent, turn.on_screen.where_they_were()]


def _summary(label: str, note: str | None) -> str:
    """Return the calendar title of a reminder the user asked for: "Your reminder: <words>"."""
    return f"{label}: {note}" if note else label
