"""An .ics export of a user's interviews and their pending reminders, and the reminders they
asked for in their own words, in the user's timezone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from bot.domain.records import Interview

PRODID = "-//Interview Coach//interview-coach//EN"
CALENDAR_UID = "calendar@interview-coach"
CALENDAR_NAME = "Interview Coach"
REMINDER_LENGTH = timedelta(minutes=15)
EN_DASH = "\u2013"  # between company and role in an interview's summary


class ReminderRowLike(Protocol):
    """Anything that looks like a stored reminder: an id, a kind and a due time."""

    @property
    def id(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def due_at(self) -> datetime: ...


def interview_uid(interview_id: int) -> str:
    """Return the stable UID of an interview's calendar event."""
    return f"interview-{interview_id}@interview-coach"


def reminder_uid(reminder_id: int) -> str:
    """Return the stable UID of a reminder's calendar event."""
    return f"reminder-{reminder_id}@interview-coach"


def _event(uid: str, summary: str, start: datetime, end: datetime, stamp: datetime) -> Event:
    return Event.new(uid=uid, summary=summary, start=start, end=end, stamp=stamp)


def _timezone(zone: ZoneInfo, moments: Sequence[datetime]) -> Timezone:
    first = date(min(moment.year for moment in moments) - 1, 1, 1)
    last = date(max(moment.year for moment in moments) + 2, 1, 1)
    return Timezone.from_tzinfo(zone, tzid=zone.key, first_date=first, last_date=last)


def interview_calendar(
    interviews_with_reminders: Sequence[tuple[Interview, Sequence[ReminderRowLike]]],
    zone: ZoneInfo,
    now: datetime,
    labels: Mapping[str, str],
    own: Sequence[tuple[ReminderRowLike, str]] = (),
) -> bytes:
    """Build an .ics of the interviews (those with a start) and the reminders given with them,
    and of `own`: reminders of no interview, each with its summary (the user's words)."""
    stamp = now.astimezone(UTC)
    events: list[Event] = []
    moments: list[datetime] = []
    for reminder, summary in own:
        due = reminder.due_at.astimezone(zone)
        until = (reminder.due_at + REMINDER_LENGTH).astimezone(zone)
        events.append(_event(reminder_uid(reminder.id), summary, due, until, stamp))
        moments.append(due)
    for interview, reminders in interviews_with_reminders:
        if interview.starts_at is None or interview.ends_at is None:
            continue
        start = interview.starts_at.astimezone(zone)
        end = interview.ends_at.astimezone(zone)
        summary = f"{interview.company} {EN_DASH} {interview.role}"
        events.append(_event(interview_uid(interview.id), summary, start, end, stamp))
        moments.append(start)
        for reminder in reminders:
            due = reminder.due_at.astimezone(zone)
            until = (reminder.due_at + REMINDER_LENGTH).astimezone(zone)
            label = labels.get(str(reminder.kind), str(reminder.kind))
            events.append(_event(reminder_uid(reminder.id), label, due, until, stamp))
            moments.append(due)
    calendar = Calendar.new(prodid=PRODID, uid=CALENDAR_UID, name=CALENDAR_NAME)
    for event in events:
        calendar.add_component(event)
    if zone.key in calendar.get_missing_tzids():
        # VTIMEZONE components go first, before the events that refer to them.
        calendar.subcomponents.insert(0, _timezone(zone, moments))
    data: bytes = calendar.to_ical()
    return data
