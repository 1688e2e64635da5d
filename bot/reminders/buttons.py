"""What the buttons under a reminder do: done, snooze an hour, tomorrow morning, stop."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import User
from bot.domain.reminders import Kind, QuietHours, ReminderRow
from bot.reminders.compose import BUTTON_PREFIX
from bot.rules.reminder_plan import next_morning, snooze_until
from bot.store import Store
from bot.store.reminders import STOPPED_REASON

SNOOZE = timedelta(hours=1)
STOPPED = STOPPED_REASON
"""The reason on an interview's reminders after "Stop for this interview": it stays stopped."""
CANCELLED_ONE = "cancelled by the user"
MARKED_SENT = "marked as sent"
DEFAULT_NIGHT = QuietHours()
"""Whose end (08:00) is "tomorrow morning" for a user who turned quiet hours off."""


def parse(choice: str) -> tuple[str, int] | None:
    """Return (action, reminder id) from a reminder button's choice id."""
    action, _, number = choice.removeprefix(BUTTON_PREFIX).partition(":")
    if action not in ("done", "snooze", "morning", "stop") or not number.isdigit():
        return None
    return action, int(number)


def press(
    store: Store,
    renderer: Renderer,
    user: User,
    choice: str,
    now: datetime,
    armed: Callable[[Sequence[ReminderRow]], None],
) -> Reply:
    """Carry out a reminder button for its owner; anyone else's or an unknown one is stale."""
    parsed = parse(choice)
    row = store.get_reminder(user.id, parsed[1]) if parsed else None
    if parsed is None or row is None:
        return Reply(renderer.render("reminders/gone.j2"), stale=True)
    action = parsed[0]
    interview = (
        store.get_interview(user.id, row.interview_id) if row.interview_id is not None else None
    )
    company = interview.company if interview else ""

    def say(what: str, **more: object) -> Reply:
        return Reply(
            renderer.render("reminders/done.j2", what=what, user=user, company=company, **more)
        )

    if action in ("snooze", "morning"):
        # Without quiet hours (start == end) their end would be midnight, not a morning.
        night = user.quiet if user.quiet.start != user.quiet.end else DEFAULT_NIGHT
        until = (
            snooze_until(now, SNOOZE, row.kind, user.zone, user.quiet)
            if action == "snooze"
            else next_morning(now, user.zone, night)
        )
        snoozed = store.snooze_reminder(user.id, row.id, until, now)
        if snoozed is None:
            return Reply(renderer.render("reminders/gone.j2"), stale=True)
        armed([snoozed])
        return say(action, until=until)
    if action == "stop":
        store.cancel_reminders(user.id, now, STOPPED, interview_id=row.interview_id)
        return say("stop")
    if interview is not None and row.kind is Kind.THANK_YOU:
        store.mark_interview(user.id, interview.id, "thank_you_sent_at", now)
        _cancel_kind(store, user, row, Kind.THANK_YOU, now)
        return say("thank_you")
    if interview is not None and row.kind is Kind.MATERIALS:
        store.mark_interview(user.id, interview.id, "materials_sent_at", now)
        _cancel_kind(store, user, row, Kind.MATERIALS, now)
        return say("materials")
    if row.status == "pending":
        store.cancel_reminders(user.id, now, MARKED_SENT, reminder_id=row.id)
    return say("done")


def _cancel_kind(store: Store, user: User, row: ReminderRow, kind: Kind, now: datetime) -> None:
    """Cancel the interview's other pending reminders of one kind (e.g. snoozed copies)."""
    if row.interview_id is None:
        return
    for other in store.interview_reminders(user.id, row.interview_id):
        if other.kind is kind:
            store.cancel_reminders(user.id, now, MARKED_SENT, reminder_id=other.id)
