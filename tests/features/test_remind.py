"""/remind: a reminder asked for in a sentence ("remind me tomorrow at 9 to send the
portfolio"), stored once, confirmed in the user's time, listed and cancellable in /reminders,
delivered by the dispatcher like every other reminder, in the calendar and the export, and
never moved by an interview's re-planning.

The clock is set to Monday 23 November 2026, 14:00 in Lisbon (14:00 UTC: winter time).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.reminders import Kind, ReminderRow, Status
from bot.features.reminders import ReminderComposer
from bot.rules.ics import reminder_uid
from bot.store import Store
from tests.support.coach import Driver
from tests.support.delivery import Outbox, armed, dispatcher_for
from tests.support.records import ALICE, pending, rows, table

LISBON = ZoneInfo("Europe/Lisbon")
MONDAY_2PM = datetime(2026, 11, 23, 14, 0, tzinfo=LISBON)
PORTFOLIO = "remind me tomorrow at 9 to send the portfolio"
CONFIRMED = (
    "I'll remind you on <b>Tuesday 24 November 2026 at 09:00 (Europe/Lisbon)</b>:"
    " <i>Send the portfolio</i>"
)


def lisbon(day: int, hour: int, minute: int = 0) -> datetime:
    """A Lisbon wall-clock time in November 2026, as aware UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=LISBON).astimezone(UTC)


@pytest.fixture
def lisboner(alice: Driver, clock: FrozenClock) -> Driver:
    """Alice in Lisbon (default quiet hours 21:00-08:00) on Monday at 14:00 local."""
    alice.set_timezone("Europe/Lisbon")
    clock.set(MONDAY_2PM)
    return alice


def own(store: Store) -> list[ReminderRow]:
    """Alice's pending reminders she asked for herself."""
    return [r for r in pending(store, ALICE) if r.kind is Kind.CUSTOM]


def the_one(store: Store) -> ReminderRow:
    """Alice's only reminder of her own."""
    (row,) = own(store)
    return row


def test_remind_me_tomorrow_at_9_makes_one_reminder_and_says_when(
    lisboner: Driver, store: Store
) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")

    assert CONFIRMED in lisboner.text
    assert "You didn't name a time" not in lisboner.text
    assert lisboner.labels == ["My reminders", "Main menu"]
    assert store.load_dialog_state(ALICE) is None
    (row,) = rows(store, ALICE)
    assert (row.kind, row.status, row.interview_id) == (Kind.CUSTOM, Status.PENDING, None)
    assert row.due_at == lisbon(24, 9)
    assert row.note == "Send the portfolio"


def test_the_question_typed_into_an_open_remind_is_read_whole(
    lisboner: Driver, store: Store
) -> None:
    lisboner.send("/remind")
    lisboner.expect("remind:ask")
    assert "Europe/Lisbon" in lisboner.text

    lisboner.send("Can you remind me tomorrow at 9 to send the portfolio?")

    assert CONFIRMED in lisboner.text
    assert [(r.due_at, r.note) for r in rows(store, ALICE)] == [
        (lisbon(24, 9), "Send the portfolio")
    ]


def test_it_is_listed_in_reminders_and_cancelled_from_there(lisboner: Driver, store: Store) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")
    lisboner.click("My reminders")
    lisboner.expect("reminders:list")
    assert "• Tue 24 Nov, 09:00: Send the portfolio" in lisboner.text

    lisboner.click("✕ Tue 24 Nov, 09:00 · Send the portfolio")

    assert lisboner.replies[0].text == "Cancelled."
    assert own(store) == []
    (row,) = rows(store, ALICE)
    assert (row.status, row.reason) == (Status.CANCELLED, "cancelled by the user")
    assert "Send the portfolio" not in lisboner.text


async def test_the_dispatcher_delivers_it_when_the_clock_reaches_it(
    lisboner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    outbox = Outbox()
    dispatcher = dispatcher_for(store, clock, coach, content, outbox)
    lisboner.send(f"/remind {PORTFOLIO}")
    row = the_one(store)
    assert dispatcher.sweep() == 0  # 19 hours away: not armed yet

    clock.set(row.due_at - timedelta(minutes=2))
    assert dispatcher.sweep() == 1
    assert armed(dispatcher) == [f"reminder:{row.id}"]
    clock.set(row.due_at)
    await dispatcher.deliver(row.id)

    (message,) = outbox.texts(ALICE)
    assert message == "<b>Your reminder:</b> Send the portfolio"
    (_, (reply,)) = outbox.sent[0]
    assert [c.label for c in reply.choices] == ["Done", "Snooze 1 hour", "Tomorrow morning"]
    sent = store.get_reminder(ALICE, row.id)
    assert sent is not None and sent.status is Status.SENT


async def test_once_cancelled_the_dispatcher_sends_nothing(
    lisboner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    outbox = Outbox()
    dispatcher = dispatcher_for(store, clock, coach, content, outbox)
    lisboner.send(f"/remind {PORTFOLIO}")
    row = the_one(store)
    clock.set(row.due_at - timedelta(minutes=2))
    assert dispatcher.sweep() == 1  # armed before it was cancelled

    lisboner.send("/reminders")
    lisboner.click("✕ Tue 24 Nov, 09:00 · Send the portfolio")
    clock.set(row.due_at)
    await dispatcher.deliver(row.id)  # the armed job fires all the same

    assert dispatcher.sweep() == 0
    assert outbox.sent == []
    after = store.get_reminder(ALICE, row.id)
    assert after is not None and after.status is Status.CANCELLED


async def test_a_late_one_says_it_is_late(
    lisboner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    outbox = Outbox()
    dispatcher = dispatcher_for(store, clock, coach, content, outbox)
    lisboner.send(f"/remind {PORTFOLIO}")
    row = the_one(store)
    clock.set(row.due_at + timedelta(hours=3))  # the coach was down at nine

    await dispatcher.deliver(row.id)

    (message,) = outbox.texts(ALICE)
    assert "A late one, sorry" in message and "Tue 24 Nov, 09:00" in message
    assert "Send the portfolio" in message


def test_a_day_alone_gets_nine_oclock_and_the_confirmation_says_so(
    lisboner: Driver, store: Store
) -> None:
    lisboner.send("/remind nudge me on Friday about the references")

    assert (
        "I'll remind you on <b>Friday 27 November 2026 at 09:00 (Europe/Lisbon)</b>:"
        " <i>The references</i>"
    ) in lisboner.text
    assert "You didn't name a time, so I picked 09:00." in lisboner.text
    assert [(r.due_at, r.note) for r in own(store)] == [(lisbon(27, 9), "The references")]


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        (
            "remind me today at 9 to send the portfolio",
            "Monday 23 November 2026 at 09:00 (Europe/Lisbon) has already passed, so I can't"
            " remind you then of <i>Send the portfolio</i>.",
        ),
        (
            "remind me to send the portfolio",
            "I'll gladly remind you of <i>Send the portfolio</i>, but when?",
        ),
        (
            "remind me tomorrow at 9",
            "I have the when, Tuesday 24 November 2026 at 09:00 (Europe/Lisbon), but what"
            " should I remind you of?",
        ),
        ("remind me today to send the portfolio", "At what time on Monday 23 November"),
        ("remind me in 400 days to send the portfolio", "is more than a year away"),
    ],
    ids=["past", "no-when", "no-what", "today-no-time", "too-far"],
)
def test_a_request_it_cannot_use_is_refused_the_question_stays_open_and_nothing_is_stored(
    lisboner: Driver, store: Store, sentence: str, said: str
) -> None:
    before = table(store, "reminders")

    lisboner.send(f"/remind {sentence}")

    assert said in lisboner.replies[0].text
    lisboner.expect("remind:ask")
    assert table(store, "reminders") == before == []

    lisboner.send(PORTFOLIO)  # the open question still takes a good answer
    assert CONFIRMED in lisboner.text
    assert len(own(store)) == 1


def test_a_time_asked_inside_quiet_hours_is_kept_and_said(lisboner: Driver, store: Store) -> None:
    lisboner.send("/remind tomorrow at 23:00 to lay out my clothes")

    assert "Tuesday 24 November 2026 at 23:00 (Europe/Lisbon)" in lisboner.text
    assert "inside your quiet hours (21:00–08:00)" in lisboner.text
    assert "it will come then all the same" in lisboner.text
    assert the_one(store).due_at == lisbon(24, 23)


def test_a_chosen_time_inside_quiet_hours_moves_to_their_end(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Lisbon", quiet="22:00-10:00")
    clock.set(MONDAY_2PM)

    alice.send("/remind on Friday about the references")

    assert the_one(store).due_at == lisbon(27, 10)
    assert "Friday 27 November 2026 at 10:00 (Europe/Lisbon)" in alice.text
    assert "09:00 is inside your quiet hours, so I picked 10:00, when they end" in alice.text


def test_a_user_who_never_gave_a_timezone_is_told_it_was_read_in_utc(
    alice: Driver, store: Store
) -> None:
    alice.send(f"/remind {PORTFOLIO}")
    assert "Tuesday 24 November 2026 at 09:00 (UTC)" in alice.text
    assert "I read the time in UTC" in alice.text and "/timezone" in alice.text
    assert the_one(store).due_at == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def test_interviews_moving_stopping_and_closing_leave_it_alone(
    lisboner: Driver, store: Store, clock: FrozenClock
) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")
    lisboner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")
    mine = the_one(store)
    interview = store.interviews(ALICE)[0]

    lisboner.set_timezone("Asia/Tokyo", quiet="No quiet hours")  # re-plans every interview
    first = next(r for r in pending(store, ALICE, interview.id) if r.kind is Kind.PREP_72H)
    lisboner.press(f"rem:stop:{first.id}", "reminder")  # Stop… asks which
    lisboner.press(f"rem:stop_all:{first.id}", "reminder")  # all for this interview
    assert pending(store, ALICE, interview.id) == []
    store.close_interview(ALICE, interview.id, clock.now())

    assert own(store) == [mine]  # same row, same moment, still pending


def test_its_buttons_snooze_it_with_its_words_and_done_ends_it(
    lisboner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")
    lisboner.send("/remind on Friday about the references")
    row = the_one_at(store, lisbon(24, 9))
    clock.set(row.due_at)
    (message,) = ReminderComposer(store, coach.renderer, content.plan)(row, late=False)
    assert "Stop…" not in [c.label for c in message.choices]

    lisboner.press(f"rem:snooze:{row.id}", "reminder")

    copy = the_one_at(store, lisbon(24, 10))
    assert (copy.note, copy.kind, copy.interview_id) == ("Send the portfolio", Kind.CUSTOM, None)
    lisboner.press(f"rem:done:{copy.id}", "reminder")
    assert lisboner.replies[0].text.endswith("\n\n✓ Done.")
    # A Stop under it (no such button: a forged one) ends this one only, never the others.
    lisboner.send(f"/remind {PORTFOLIO}")  # it is Tuesday 09:00 now: Wednesday's
    again = the_one_at(store, lisbon(25, 9))
    lisboner.press(f"rem:stop:{again.id}", "reminder")
    assert [r.note for r in own(store)] == ["The references"]


def the_one_at(store: Store, due: datetime) -> ReminderRow:
    """Alice's only pending reminder of her own due at `due`."""
    (row,) = [r for r in own(store) if r.due_at == due]
    return row


def test_the_calendar_holds_it_even_with_no_interview(lisboner: Driver, store: Store) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")
    row = the_one(store)

    replies = lisboner.send("/calendar")

    (attached,) = [r for r in replies if r.file is not None]
    assert "your 1 reminder, in Europe/Lisbon" in attached.text
    assert attached.file is not None
    events = {str(e["UID"]): e for e in Calendar.from_ical(attached.file.data).walk("VEVENT")}
    event = events[reminder_uid(row.id)]
    assert str(event["SUMMARY"]) == "Your reminder: Send the portfolio"
    assert event.decoded("DTSTART") == lisbon(24, 9)
    assert event["DTSTART"].params.get("TZID") == "Europe/Lisbon"


def test_the_calendar_holds_it_beside_the_interviews(lisboner: Driver, store: Store) -> None:
    lisboner.add_interview("Acme", "Analyst")
    lisboner.send(f"/remind {PORTFOLIO}")

    replies = lisboner.send("/calendar")

    (attached,) = [r for r in replies if r.file is not None]
    assert "1 interview" in attached.text
    assert "It also holds the reminder you asked me for." in attached.text
    assert attached.file is not None
    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(attached.file.data).walk("VEVENT")]
    assert "Your reminder: Send the portfolio" in summaries
    assert "Acme – Analyst" in summaries


def test_export_has_it_and_delete_removes_it(lisboner: Driver, store: Store) -> None:
    lisboner.send(f"/remind {PORTFOLIO}")

    lisboner.send("/export")

    (attached,) = [r.file for r in lisboner.replies if r.file is not None]
    (exported,) = json.loads(attached.data)["reminders"]
    assert (exported["kind"], exported["note"]) == ("custom", "Send the portfolio")
    assert exported["due_at"].startswith("2026-11-24T09:00:00")
    lisboner.send("/delete")
    lisboner.click("Yes, delete everything")
    assert rows(store, ALICE) == []
