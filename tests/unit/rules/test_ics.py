"""The .ics export: interviews and reminders in the user's timezone, parsed back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.domain.records import Interview
from bot.domain.reminders import Kind
from bot.rules.ics import interview_calendar

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 10, 19, 9, 0, tzinfo=UTC)
LABELS = {
    Kind.PREP_24H.value: "Prep: one day to go",
    Kind.DEBRIEF.value: "Debrief",
}


@dataclass(frozen=True)
class Row:
    """A minimal reminder row."""

    id: int
    kind: str
    due_at: datetime


def interview(
    interview_id: int,
    starts_at: datetime | None,
    company: str = "Initech",
    role: str = "Platform Engineer",
    duration_min: int = 60,
) -> Interview:
    """An interview with only what the calendar needs."""
    return Interview(
        id=interview_id,
        user_id="u1",
        company=company,
        role=role,
        round="second",
        status="active",
        created_at=NOW - timedelta(days=3),
        starts_at=starts_at,
        duration_min=duration_min,
    )


def wall(moment: datetime) -> str:
    """A parsed datetime as its own wall-clock time and zone."""
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzinfo}"


def events_by_uid(calendar: Calendar) -> dict[str, Event]:
    """The calendar's events keyed by UID."""
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_interview_and_reminders_round_trip_in_the_user_timezone() -> None:
    start = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # Mon 10:00 CET
    rows = [
        Row(11, Kind.PREP_24H, datetime(2026, 10, 25, 9, 0, tzinfo=UTC)),  # Sun 10:00 CET
        Row(12, Kind.DEBRIEF, datetime(2026, 10, 26, 10, 10, tzinfo=UTC)),
        Row(13, Kind.PREP_72H, datetime(2026, 10, 23, 8, 0, tzinfo=UTC)),  # Fri 10:00 CEST
    ]
    data = interview_calendar([(interview(7, start), rows)], BERLIN, NOW, LABELS)
    calendar = Calendar.from_ical(data)

    timezones = list(calendar.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Berlin"]
    assert data.index(b"BEGIN:VTIMEZONE") < data.index(b"BEGIN:VEVENT")
    assert calendar.get_missing_tzids() == set()

    events = events_by_uid(calendar)
    assert set(events) == {
        "interview-7@interview-coach",
        "reminder-11@interview-coach",
        "reminder-12@interview-coach",
        "reminder-13@interview-coach",
    }
    main = events["interview-7@interview-coach"]
    assert main["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert b"DTSTART;TZID=Europe/Berlin:20261026T100000" in data
    assert wall(main.start) == "2026-10-26 10:00 Europe/Berlin"
    assert main.start == start
    assert main.end == start + timedelta(hours=1)
    assert str(main["SUMMARY"]) == "Initech – Platform Engineer"
    assert main.DTSTAMP == NOW

    prep = events["reminder-11@interview-coach"]
    assert str(prep["SUMMARY"]) == "Prep: one day to go"
    assert prep.start == datetime(2026, 10, 25, 9, 0, tzinfo=UTC)
    assert wall(prep.start) == "2026-10-25 10:00 Europe/Berlin"
    assert prep.end - prep.start == timedelta(minutes=15)
    assert prep["DTSTART"].params["TZID"] == "Europe/Berlin"

    friday = events["reminder-13@interview-coach"]
    assert wall(friday.start) == "2026-10-23 10:00 Europe/Berlin"  # CEST
    assert str(friday["SUMMARY"]) == "prep_72h"  # no label given: the kind itself
    assert events["reminder-12@interview-coach"].start == datetime(2026, 10, 26, 10, 10, tzinfo=UTC)


def test_special_characters_in_company_and_role_survive() -> None:
    company = "<b>Smith & Sons</b>, Ltd; Inc"
    role = "Dev, Ops; \\ SRE"
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    data = interview_calendar([(interview(3, start, company, role), [])], BERLIN, NOW, LABELS)
    assert b"\\," in data
    assert b"\\;" in data
    event = events_by_uid(Calendar.from_ical(data))["interview-3@interview-coach"]
    assert str(event["SUMMARY"]) == f"{company} – {role}"


def test_interviews_without_a_start_are_left_out_and_uids_are_stable() -> None:
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    pairs = [(interview(1, None), []), (interview(2, start, duration_min=90), [])]
    data = interview_calendar(pairs, BERLIN, NOW, LABELS)
    events = events_by_uid(Calendar.from_ical(data))
    assert set(events) == {"interview-2@interview-coach"}
    assert events["interview-2@interview-coach"].end == start + timedelta(minutes=90)
    assert interview_calendar(pairs, BERLIN, NOW, LABELS) == data


def test_an_empty_export_is_still_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(interview_calendar([], BERLIN, NOW, LABELS))
    assert list(calendar.walk("VEVENT")) == []
    assert str(calendar["VERSION"]) == "2.0"


def test_a_utc_user_needs_no_vtimezone() -> None:
    start = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    data = interview_calendar([(interview(2, start), [])], ZoneInfo("UTC"), NOW, LABELS)
    calendar = Calendar.from_ical(data)
    assert list(calendar.walk("VTIMEZONE")) == []
    assert next(iter(calendar.walk("VEVENT"))).start == start
