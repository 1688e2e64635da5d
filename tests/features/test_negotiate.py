"""/negotiate: the card sets the offer against the user's minimum and ideal and drafts a
counter backed by their results; before an offer it works from their range."""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import START, Driver


def note_offer(driver: Driver, base: str, bonus: str = "Skip this", deadline: str = "") -> None:
    """Record an offer for the only interview with its base (and bonus, deadline)."""
    driver.send("/outcome")
    driver.click("I got an offer")
    driver.answer(base)
    driver.answer(bonus)
    driver.click("No equity or skip")
    driver.send("1 February")
    driver.click("Skip this")
    driver.answer(deadline or "They gave no deadline")


def negotiate(
    driver: Driver, minimum: str, ideal: str, evidence: str = "Skip this", button: bool = True
) -> None:
    """Fill in the card, from the offer's "Prepare to negotiate" button or /negotiate."""
    if button:
        driver.click("Prepare to negotiate")
    else:
        driver.send("/negotiate")
        if driver.prompt.token == "negotiate:pick_interview":
            driver.answer("Acme – Analyst")
    driver.expect("negotiate:minimum")
    driver.send(minimum)
    driver.send(ideal)
    driver.send("3 months' notice, so March")
    driver.click("Hybrid")
    driver.answer(evidence)


def add_story(store: Store, result: str) -> None:
    """Keep a STAR story with this result."""
    parts = {"situation": "s", "task": "t", "action": "I rebuilt it", "result": result}
    store.add_story("test:alice", None, parts, START)


def test_without_an_offer_the_card_works_from_the_range_and_offers_to_note_it(
    alice: Driver, store: Store
) -> None:
    alice.add_interview()
    negotiate(alice, "€70,000", "€82,000", "cut reporting time by 40%", button=False)
    text = alice.text
    assert "Your negotiation card" in text
    assert "From €70,000 to €82,000: your ideal is €12,000 (17.1%) above your minimum" in text
    assert "I'm looking for a base around €82,000" in text
    assert "cut reporting time by 40%" in text
    assert "No offer with a base is noted yet" in text
    assert "hybrid" in text
    (card,) = store.negotiations("test:alice")
    assert (card.minimum, card.ideal, card.location) == ("€70,000", "€82,000", "hybrid")
    # The button notes the offer for this interview: it asks how it ended, not which one.
    alice.click("Note the offer's figures")
    alice.expect("outcome:result")


def test_an_offer_between_minimum_and_ideal_gets_a_counter_at_the_ideal(
    alice: Driver, store: Store
) -> None:
    alice.add_interview()
    add_story(store, "cut month-end close from 10 days to 4")
    add_story(store, "it went well")  # no figure: backs nothing
    note_offer(alice, "€80,000", bonus="10%", deadline="by Friday")
    negotiate(alice, "€70,000", "€85,000")
    text = alice.text
    assert "clears your minimum (€70,000) by €10,000 (14.3%)" in text
    assert "your ideal (€85,000) is €5,000 (6.2%) above it" in text
    assert "With the bonus, that is about €88,000 in cash a year" in text
    assert "I'd like to ask for a base of €85,000" in text
    assert "cut month-end close from 10 days to 4" in text
    assert "it went well" not in text
    assert "Start: they propose 1 February; you said 3 months" in text
    assert "Answer by Friday 27 November (4 days left)" in text
    assert "No script guarantees a yes" in text
    assert "Note the offer's figures" not in alice.labels


def test_an_offer_below_the_minimum_says_so_and_asks_for_a_decision_first(
    alice: Driver,
) -> None:
    alice.add_interview()
    note_offer(alice, "60k")
    negotiate(alice, "70k", "85k", "grew revenue by 20%")
    text = alice.text
    assert "is below your minimum (70,000): it would take 10,000 (16.7%) more to reach it" in text
    assert "25,000 (41.7%) more to reach your ideal (85,000)" in text
    assert "decide what you'll do if they can't move" in text
    assert "ask for a base of 85,000" in text


def test_an_offer_above_the_ideal_does_not_push_the_base(alice: Driver) -> None:
    alice.add_interview()
    note_offer(alice, "£90,000")
    negotiate(alice, "£70,000", "£85,000")
    text = alice.text
    assert "above your ideal (£85,000) by £5,000 (5.9%)" in text
    assert "no need to push on it" in text
    assert "ask for a base" not in text


def test_numbers_in_another_currency_are_not_compared(alice: Driver) -> None:
    alice.add_interview()
    note_offer(alice, "€80,000")
    negotiate(alice, "$70k", "$90k")
    assert "different currencies" in alice.text
    assert "%)" not in alice.text


def test_a_minimum_that_is_not_an_amount_is_asked_again(alice: Driver) -> None:
    alice.add_interview()
    alice.send("/negotiate")
    alice.answer("Acme – Analyst")
    alice.send("as much as possible")
    assert "couldn't find an amount" in alice.text
    alice.expect("negotiate:minimum")
    alice.send("70-80k")
    assert "range" in alice.text
    alice.expect("negotiate:minimum")
