"""The advice dialogs end to end: follow-up, thank-you draft, negotiation, outcomes, privacy."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.clock import FrozenClock
from bot.domain.reminders import Kind
from bot.store import Store
from tests.conftest import Driver


def only_interview(store: Store, user: str) -> int:
    (interview,) = store.interviews(user, open_only=False)
    return interview.id


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


def test_the_thank_you_draft_uses_the_interviews_own_facts(alice: Driver, store: Store) -> None:
    alice.add_interview(company="<b>Acme & Co</b>", interviewers="Dana <Kim>")
    interview = only_interview(store, "test:alice")
    store.set_debrief("test:alice", interview, "their <script> migration plan", "a code sample")
    alice.send("/thankyou")
    draft = alice.text
    assert "Dana &lt;Kim&gt;" in draft
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in draft
    assert "their &lt;script&gt; migration plan" in draft
    assert "a code sample" in draft
    assert "<script>" not in draft
    alice.click("I've sent it")
    saved = store.get_interview("test:alice", interview)
    assert saved is not None and saved.thank_you_sent_at is not None
    assert not [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.THANK_YOU]


def test_negotiation_card(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/negotiate")
    alice.answer("Acme – Analyst")
    alice.send("€70,000")
    alice.send("€82,000")
    alice.send("3 months' notice, March")
    alice.click("Hybrid")
    alice.send("cut reporting time by 40%")
    assert "Your negotiation card" in alice.text
    assert "€82,000" in alice.text and "hybrid" in alice.text
    assert "data" in alice.text
    (card,) = store.negotiations("test:alice")
    assert (card.minimum, card.ideal, card.location) == ("€70,000", "€82,000", "hybrid")


def test_outcomes_and_patterns(alice: Driver, store: Store) -> None:
    for company, seen in (("Acme", "Yes"), ("Globex", "No")):
        alice.add_interview(company=company)
        alice.send("/signals")
        alice.answer(f"{company} – Analyst")
        while alice.prompt.token and alice.prompt.token.startswith("signals:"):
            state = alice.prompt.token.split(":", 1)[1]
            if state == "met_executives":
                alice.click(seen)
            else:
                alice.click(alice.labels[1] if state != "round_format" else alice.labels[0])
    alice.send("/outcome")
    alice.answer("Acme – Analyst")
    alice.click("I got an offer")
    assert "Congratulations" in alice.text
    assert "Prepare to negotiate" in alice.labels
    alice.send("/outcome")
    alice.click("They said no")
    alice.send("The case study")
    alice.send("More numbers in my stories")
    assert "one suggestion" in alice.text
    assert "Your patterns so far" in alice.text
    assert "Met senior decision-makers: seen in 100% of offers, 0% of rejections" in alice.text
    assert store.outcomes("test:alice") == {
        i.id: ("offer" if i.company == "Acme" else "rejected")
        for i in store.interviews("test:alice", open_only=False)
    }


def test_export_round_trips_and_delete_leaves_nothing(
    alice: Driver, bob: Driver, store: Store
) -> None:
    alice.add_interview()
    bob.add_interview(company="Bob's Co")
    alice.send("/export")
    (attached,) = [r.file for r in alice.replies if r.file is not None]
    data = json.loads(attached.data)
    assert data["users"][0]["id"] == "test:alice"
    assert [i["company"] for i in data["interviews"]] == ["Acme"]
    assert data["reminders"] and all(r["user_id"] == "test:alice" for r in data["reminders"])
    assert "Bob's Co" not in attached.data.decode()

    alice.send("/delete")
    alice.click("Yes, delete everything")
    assert "Everything is deleted" in alice.text
    for table in store.user_tables():
        column = "id" if table == "users" else "user_id"
        count = store.db.execute(
            f"SELECT COUNT(*) FROM [{table}] WHERE [{column}] = ?", ["test:alice"]
        ).fetchone()[0]
        assert count == 0, table
    assert [i.company for i in store.interviews("test:bob")] == ["Bob's Co"]


def test_delete_can_be_called_off(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/delete")
    alice.click("No, keep it")
    assert "Nothing was deleted" in alice.text
    assert store.interviews("test:alice")


def test_users_never_see_each_others_advice(alice: Driver, bob: Driver) -> None:
    alice.add_interview(company="Alice Secret Inc", interviewers="Zed")
    bob.add_interview(company="Bob Co")
    for command in ("/followup", "/thankyou", "/outcome", "/interviews", "/reminders", "/prep"):
        bob.send(command)
        assert "Alice Secret" not in bob.text and "Zed" not in bob.text, command
        assert all("Alice Secret" not in label for label in bob.labels), command
        bob.send("/cancel")
