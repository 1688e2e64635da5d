"""/calendar: the user's interviews and their pending reminders as an .ics file."""

from __future__ import annotations

from icalendar import Calendar

from bot.clock import FrozenClock
from bot.rules.ics import interview_uid
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, berlin, only_interview, pending


def test_calendar_sends_an_ics_file_with_the_interview(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.send("/calendar")
    assert "nothing to put in a calendar" in berliner.replies[0].text
    assert all(r.file is None for r in berliner.replies)

    berliner.add_interview("Acme", "Analyst", duration="90 minutes")
    interview = only_interview(store, ALICE)
    replies = berliner.send("/calendar")

    attached = [r for r in replies if r.file is not None]
    assert len(attached) == 1
    file = attached[0].file
    assert file is not None
    assert file.filename.endswith(".ics")
    assert file.mime == "text/calendar"
    assert "1 interview" in attached[0].text and "Europe/Berlin" in attached[0].text
    assert replies[-1].token == "menu"

    calendar = Calendar.from_ical(file.data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    event = events[interview_uid(interview.id)]
    assert str(event["SUMMARY"]) == "Acme – Analyst"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == berlin(2026, 11, 28, 10, 0)
    assert end == berlin(2026, 11, 28, 11, 30)
    assert event["DTSTART"].params.get("TZID") == "Europe/Berlin"  # local time, not UTC
    # One event for the interview and one for each pending reminder.
    assert len(events) == 1 + len(pending(store, ALICE))
