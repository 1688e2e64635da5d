"""/outcome: an offer (recorded at once, then its figures), a rejection and its reflection, and
the patterns across interviews, from what is known only."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.offers import Bonus, Money
from bot.domain.reminders import Kind
from bot.store import Store
from tests.support.coach import Driver


def read_signals(driver: Driver, pick: str, answer: str) -> None:
    """Take the signal check for the interview `pick`, answering every signal `answer`
    (the round's other questions with their first button)."""
    driver.send("/signals")
    if driver.prompt.token == "signals:pick_interview":
        driver.answer(pick)
    while driver.prompt.token and driver.prompt.token.startswith("signals:"):
        labels = driver.labels
        driver.click(answer if answer in labels else labels[0])


def offer_for(driver: Driver, pick: str | None = None) -> None:
    """Open /outcome for `pick` (when asked) and press "I got an offer"."""
    driver.send("/outcome")
    if pick and driver.prompt.token == "outcome:pick_interview":
        driver.answer(pick)
    driver.click("I got an offer")


def rejection_for(driver: Driver, pick: str | None = None) -> None:
    """Record a rejection, skipping the reflection."""
    driver.send("/outcome")
    if pick and driver.prompt.token == "outcome:pick_interview":
        driver.answer(pick)
    driver.click("They said no")
    driver.click("Skip this")
    driver.click("Skip this")


def test_an_offer_is_recorded_at_once_then_its_figures_are_kept(
    alice: Driver, store: Store
) -> None:
    alice.add_interview()
    offer_for(alice)
    assert "Congratulations" in alice.text
    assert list(store.outcomes("test:alice").values()) == ["offer"]  # before any figure
    alice.expect("outcome:base")
    alice.send("€85,000")
    alice.expect("outcome:bonus")
    alice.send("10%")
    alice.click("No equity or skip")
    alice.send("1 February")
    alice.send("30 days off, pension")
    alice.expect("outcome:deadline")
    alice.send("by Friday")  # Monday 23 November: Friday 27 November

    text = alice.text
    assert "The offer from Acme" in text
    assert "Base: €85,000 a year" in text
    assert "Bonus: 10% (about €8,500 a year)" in text
    assert "Equity" not in text  # skipped: not shown as empty
    assert "Answer by: Friday 27 November" in text
    assert "That leaves you 4 days to decide" in text
    assert "Thursday 26 November 2026 at 09:00" in text  # the reminder, the day before
    assert "Prepare to negotiate" in alice.labels
    (interview,) = store.interviews("test:alice", open_only=False)
    offer = store.latest_offer("test:alice", interview.id)
    assert offer is not None
    assert offer.base == Money(85000, "EUR")
    assert offer.bonus == Bonus("10%", percent=10.0)
    assert (offer.equity, offer.start, offer.benefits) == (
        None,
        "1 February",
        "30 days off, pension",
    )
    assert offer.deadline == date(2026, 11, 27)
    (reminder,) = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.CUSTOM]
    assert reminder.id == offer.reminder_id
    assert reminder.due_at == datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert "Acme" in (reminder.note or "") and "Friday 27 November" in (reminder.note or "")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("about eighty", "couldn't find an amount"),
        ("80-90k", "reads as a range"),
        ("85", "too small to be pay"),
        ("50 per hour", "hourly or daily rate"),
    ],
)
def test_a_base_that_cannot_be_read_is_quoted_back_and_asked_again(
    alice: Driver, typed: str, reason: str
) -> None:
    alice.add_interview()
    offer_for(alice)
    alice.send(typed)
    assert reason in alice.text
    alice.expect("outcome:base")
    alice.send("85k")
    alice.expect("outcome:bonus")


def test_a_deadline_gone_by_is_refused(alice: Driver) -> None:
    alice.add_interview()
    offer_for(alice)
    for _ in range(5):
        alice.click("Skip this") if "Skip this" in alice.labels else alice.click(alice.labels[0])
    alice.expect("outcome:deadline")
    alice.send("20 Nov")
    assert "has already gone by" in alice.text
    alice.expect("outcome:deadline")
    alice.send("can't remember")
    assert "couldn't read" in alice.text
    alice.expect("outcome:deadline")


def test_noting_the_offer_again_replaces_its_figures_and_its_reminder(
    alice: Driver, store: Store
) -> None:
    alice.add_interview()
    offer_for(alice)
    alice.send("85k")
    alice.click("That's all for now")
    (interview,) = store.interviews("test:alice", open_only=False)

    # The offer's interview is closed, yet /outcome still lists it to add the figures.
    alice.add_interview(company="Globex")
    offer_for(alice, "Acme – Analyst")
    assert "Congratulations" not in alice.text
    assert "note the figures of the offer from Acme" in alice.text
    alice.click("That's all for now")
    assert "as you noted it before" in alice.text and "€" not in alice.text
    assert "Base: 85,000 a year" in alice.text
    first = store.latest_offer("test:alice", interview.id)
    assert first is not None and first.base == Money(85000)

    offer_for(alice, "Acme – Analyst")
    for typed in ("90k", "Skip this", "Skip this", "Skip this", "Skip this", "by Friday"):
        alice.answer(typed)
    offer_for(alice, "Acme – Analyst")
    for typed in ("Skip this", "Skip this", "Skip this", "Skip this", "Skip this", "12 Dec"):
        alice.answer(typed)
    latest = store.latest_offer("test:alice", interview.id)
    assert latest is not None and latest.deadline == date(2026, 12, 12)
    custom = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.CUSTOM]
    assert [r.id for r in custom] == [latest.reminder_id]  # the Friday one is gone


def test_a_rejection_gets_a_reflection_and_a_note_without_placeholders(alice: Driver) -> None:
    alice.add_interview()
    alice.send("/outcome")
    alice.click("They said no")
    alice.send("The case study")
    alice.send("More numbers in my stories")
    assert "one suggestion" in alice.text
    assert "[" not in alice.text


# Patterns: only from what is known.


def test_an_unread_rejection_is_said_to_be_missing_never_zero_percent(
    alice: Driver, store: Store
) -> None:
    """The bug: one offer read (every signal "yes") and one rejection never read printed
    "seen in 100% of offers, 0% of rejections" for every signal."""
    alice.add_interview(company="Acme")
    alice.add_interview(company="Globex")
    read_signals(alice, "Acme – Analyst", "Yes")
    offer_for(alice, "Acme – Analyst")
    alice.click("That's all for now")
    rejection_for(alice, "Globex – Analyst")

    text = alice.text
    assert "Your patterns so far" in text
    assert "%" not in text.split("Your patterns so far")[1]
    assert "0 of" not in text
    assert "No signal reading yet for Globex (rejection)" in text
    assert "To compare signals I need a reading for at least one offer and one rejection" in text
    globex = next(
        i for i in store.interviews("test:alice", open_only=False) if i.company == "Globex"
    )
    button = next(c for c in alice.prompt.choices if c.label == "Read the signals: Globex")
    assert button.id == f"cmd:signals i{globex.id}"


def test_with_both_sides_read_the_patterns_give_counts(alice: Driver) -> None:
    alice.add_interview(company="Acme")
    alice.add_interview(company="Globex")
    read_signals(alice, "Acme – Analyst", "Yes")
    read_signals(alice, "Globex – Analyst", "No")
    offer_for(alice, "Acme – Analyst")
    alice.click("That's all for now")
    rejection_for(alice, "Globex – Analyst")

    text = alice.text
    assert "seen in 1 of 1 offer, 0 of 1 rejection" in text
    assert "No signal reading yet" not in text
    assert "%" not in text.split("Your patterns so far")[1]
    assert not any(c.label.startswith("Read the signals") for c in alice.prompt.choices)


def test_not_sure_answers_are_left_out_of_the_comparison(alice: Driver) -> None:
    alice.add_interview(company="Acme")
    alice.add_interview(company="Globex")
    read_signals(alice, "Acme – Analyst", "Yes")
    read_signals(alice, "Globex – Analyst", "Not sure")
    offer_for(alice, "Acme – Analyst")
    alice.click("That's all for now")
    rejection_for(alice, "Globex – Analyst")
    assert "seen in" not in alice.text
    assert "No signal stands out between the offers and rejections you've read" in alice.text


def test_the_fill_in_button_opens_the_signal_check_for_that_interview(alice: Driver) -> None:
    alice.add_interview(company="Acme")
    alice.add_interview(company="Globex")
    read_signals(alice, "Acme – Analyst", "Yes")
    offer_for(alice, "Acme – Analyst")
    alice.click("That's all for now")
    rejection_for(alice, "Globex – Analyst")
    alice.click("Read the signals: Globex")
    assert alice.prompt.token not in ("signals:pick_interview", "signals:company")
    assert alice.prompt.token is not None and alice.prompt.token.startswith("signals:")
    assert "Globex" in alice.text


def test_the_deadline_reminder_keeps_plain_words(alice: Driver, store: Store) -> None:
    alice.add_interview(company="Smith & <Co>")
    offer_for(alice)
    alice.click("That's all for now")
    offer_for(alice, "Smith & <Co> – Analyst")
    for typed in ("Skip this", "Skip this", "Skip this", "Skip this", "Skip this", "12 Dec"):
        alice.answer(typed)
    (reminder,) = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.CUSTOM]
    assert reminder.note is not None
    assert reminder.note.startswith("Answer Smith & <Co>'s offer")
