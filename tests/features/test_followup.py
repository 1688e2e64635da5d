"""/followup: "should I follow up yet?" in the user's time zone, after the thank-you, up to two."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FrozenClock
from bot.domain.records import NAME_KEY
from bot.domain.reminders import Kind
from bot.store import Store
from tests.support.coach import Driver


def test_follow_up_waits_for_the_thank_you_then_gives_the_date(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("America/New_York")
    # Monday 23 Nov 2026, 10:00 New York, the week of Thanksgiving.
    clock.set(clock.now().replace(hour=12))  # 07:00 New York, the same Monday
    alice.add_interview(when="today at 10:00")
    clock.advance(timedelta(hours=6))  # 13:00 local, 2 h after the interview ended
    alice.send("/followup")
    assert "send your thank-you note first" in alice.text
    assert "Tuesday 24 November 2026 at 11:00 (America/New_York)" in alice.text
    alice.click("I've sent the thank-you")
    assert "Thank-you note marked as sent" in alice.text
    # No timeframe: five business days, with Thanksgiving (Thu 26 Nov) skipped.
    assert "Not yet: follow up on Tuesday 1 December" in alice.text
    assert "approval" in alice.text and "budget" in alice.text
    alice.click("Remind me on Tue 1 Dec")
    follow_ups = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.FOLLOW_UP]
    assert [
        r.due_at.astimezone(store.get_user("test:alice").zone).isoformat()  # type: ignore[union-attr]
        for r in follow_ups
    ] == ["2026-12-01T10:00:00-05:00"]


def test_told_by_friday_on_a_wednesday(alice: Driver, clock: FrozenClock) -> None:
    alice.set_timezone("Europe/Berlin")
    clock.set(clock.now() + timedelta(days=2))  # Wednesday 25 Nov, 16:00 Berlin
    alice.add_interview(when="today at 17:00", timeframe="by Friday")
    alice.send("/thankyou")
    alice.click("I've sent it")
    clock.advance(timedelta(days=1))
    alice.send("/followup")
    # Friday 27 Nov is the deadline: not before the first business day after it.
    assert "Not yet: follow up on Monday 30 November" in alice.text
    assert "decide by Friday 27 November" in alice.text


def test_two_follow_ups_mean_no_more_nudges(alice: Driver, clock: FrozenClock) -> None:
    alice.add_interview(when="tomorrow at 10:00")
    alice.send("/thankyou")
    alice.click("I've sent it")
    clock.advance(timedelta(days=9))
    alice.send("/followup")
    alice.click("I've sent a follow-up")
    clock.advance(timedelta(days=8))
    alice.send("/followup")
    alice.click("I've sent a follow-up")
    assert "No more follow-ups" in alice.text
    assert "put your energy into your other applications" in alice.text


def test_within_a_week_typed_days_ahead_counts_from_the_interview_everywhere(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Berlin")
    clock.set(datetime(2026, 12, 3, 8, 0, tzinfo=UTC))  # Thu 3 Dec, 09:00 Berlin
    alice.add_interview(when="10 Dec 14:00", timeframe="within a week")  # Thu 10 Dec

    (saved,) = store.interviews("test:alice")
    assert saved.decision_by == date(2026, 12, 17)  # a week after the interview, not 10 Dec
    # The card: the follow-up reminder on the first business day after the decision date,
    # after the thank-you (due Fri 11 Dec, 15:00), never on the interview's morning.
    berlin = ZoneInfo("Europe/Berlin")
    (follow_up,) = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.FOLLOW_UP]
    (thank_you,) = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.THANK_YOU]
    assert follow_up.due_at == datetime(2026, 12, 18, 10, 0, tzinfo=berlin)
    assert follow_up.due_at > thank_you.due_at
    assert "• Fri 18 Dec, 10:00: Follow-up" in alice.text
    # /followup before the interview names the same day.
    alice.send("/followup")
    assert "follow up on <b>Friday 18 December</b>" in alice.text
    # The draft tells the employer the date they gave, counted from the interview.
    alice.click("Show me a draft")
    assert "you hoped to decide by Thursday 17 December" in alice.text
    # After the interview and the thank-you note, the advice still names that day.
    clock.set(datetime(2026, 12, 11, 9, 0, tzinfo=UTC))
    alice.send("/thankyou")
    alice.click("I've sent it")
    alice.send("/followup")
    assert "Not yet: follow up on Friday 18 December" in alice.text


def test_the_decision_date_can_be_given_after_the_interview(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Berlin")
    clock.set(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))  # Mon 7 Dec
    alice.add_interview(when="9 Dec 14:00")  # Wed 9 Dec; they didn't say
    clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))  # Thu 10 Dec, the morning after
    alice.send("/thankyou")
    alice.click("I've sent it")
    alice.send("/followup")
    assert "Not yet: follow up on Wednesday 16 December" in alice.text  # five working days
    alice.click("Set or change their decision date")
    alice.expect("followup:timeframe")
    alice.send("by 8 Dec")
    assert "is before the interview itself" in alice.text
    alice.expect("followup:timeframe")
    alice.send("by Friday")  # said at the interview: Friday 11 December

    assert "they'll decide by Friday 11 December" in alice.text
    assert "Not yet: follow up on Monday 14 December" in alice.text
    (follow_up,) = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.FOLLOW_UP]
    berlin = ZoneInfo("Europe/Berlin")
    assert follow_up.due_at == datetime(2026, 12, 14, 10, 0, tzinfo=berlin)


def test_the_decision_date_of_an_interview_without_a_time_counts_from_today(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.open()
    interview = store.add_interview("test:alice", "Globex", "Lead", "second", clock.now())
    alice.send(f"/followup i{interview}")
    alice.expect("followup:verdict")
    assert "I need the interview's date" in alice.text
    alice.click("Set or change their decision date")
    assert "I count it from the day of the interview" not in alice.text
    alice.send("within a week")  # Mon 23 Nov + 7

    saved = store.get_interview("test:alice", interview)
    assert saved is not None and saved.decision_by == date(2026, 11, 30)


SCENARIOS = [
    # (zone, when, timeframe): the follow-up test set, each through the whole coach
    ("Europe/Berlin", "in 5 days at 10:00", "They didn't say"),
    ("Europe/Berlin", "in 5 days at 10:00", "within a week"),
    ("Europe/Berlin", "in 2 days at 17:00", "by Friday"),
    ("Europe/Berlin", "tomorrow at 10:00", "by tomorrow"),  # the decision the day after
    ("America/New_York", "tomorrow at 10:00", "They didn't say"),  # Thanksgiving week
    ("Europe/London", "last Wednesday 14:00", "They didn't say"),  # already happened
    ("Europe/London", "yesterday at 11:00", "within 3 working days"),
]


@pytest.mark.parametrize(("zone", "when", "timeframe"), SCENARIOS)
def test_the_card_the_reminder_the_advice_and_the_draft_agree(
    alice: Driver, store: Store, clock: FrozenClock, zone: str, when: str, timeframe: str
) -> None:
    alice.set_timezone(zone)
    alice.add_interview(when=when, timeframe=timeframe)
    card = alice.text
    (interview,) = store.interviews("test:alice")
    user = store.get_user("test:alice")
    assert user is not None and interview.ends_at is not None
    (reminder,) = [r for r in store.upcoming_reminders(user.id) if r.kind is Kind.FOLLOW_UP]
    day = reminder.due_at.astimezone(user.zone).date()
    thank_you_due = interview.ends_at + timedelta(hours=24)
    assert reminder.due_at > thank_you_due  # never before the thank-you is due

    # The card lists the reminder on that day.
    assert f"• {day:%a} {day.day} {day:%b}, " in card and ": Follow-up" in card
    # /followup names the same day: before the interview, or once the thank-you is out.
    if interview.starts_at is not None and interview.starts_at > clock.now():
        alice.send("/followup")
        assert f"follow up on <b>{day:%A} {day.day} {day:%B}</b>" in alice.text
        clock.set(interview.ends_at + timedelta(hours=1))
    alice.send("/thankyou")
    alice.click("I've sent it")
    alice.send("/followup")
    assert f"follow up on {day:%A} {day.day} {day:%B}" in alice.text
    # The draft quotes the decision date they gave, the one the advice counts from.
    alice.click("Show me a draft")
    if interview.decision_by is not None:
        by = interview.decision_by
        assert f"you hoped to decide by {by:%A} {by.day} {by:%B}" in alice.text
        assert day > by


@pytest.mark.parametrize(
    ("interviewers", "greeting"),
    [
        ("Rui Costa (VP Eng), Marta Reis (Recruiter), Ana", "Hi Marta,"),  # the recruiter
        ("Rui Costa (VP Eng), Ana", "Hi Rui,"),  # no recruiter named: the first interviewer
        ("I don't know yet", "Hello,"),
    ],
)
def test_the_follow_up_draft_is_addressed_by_first_name_and_signed(
    alice: Driver, store: Store, clock: FrozenClock, interviewers: str, greeting: str
) -> None:
    store.ensure_user("test:alice", clock.now())
    store.set_preference("test:alice", NAME_KEY, "Sam", clock.now())
    alice.add_interview(when="yesterday at 11:00", interviewers=interviewers)
    alice.send("/thankyou")
    alice.click("I've sent it")
    alice.send("/followup")
    alice.click("Show me a draft")

    draft = alice.text.split("<pre>")[1].split("</pre>")[0]
    assert draft.split("\n")[2] == greeting
    assert draft.endswith("Best regards,\nSam")
    assert not [raw for raw in ("(", "[", "VP Eng", "Recruiter", "your name") if raw in draft]
    assert ("who handles the process" in alice.text) == (greeting == "Hi Marta,")


def test_the_follow_up_draft_without_a_name_has_no_placeholder(alice: Driver) -> None:
    alice.add_interview(when="yesterday at 11:00", interviewers="Ana")
    alice.send("/thankyou")
    alice.click("I've sent it")
    alice.send("/followup")
    alice.click("Show me a draft")
    draft = alice.text.split("<pre>")[1].split("</pre>")[0]
    assert draft.endswith("Best regards,")
    assert "Add your name under “Best regards,”" in alice.text
