"""/followup: "should I follow up yet?" in the user's time zone, after the thank-you, up to two."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
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
