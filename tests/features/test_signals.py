"""/signals: the hiring-signal check. Scoring, the result's wording, readings stored, retakes."""

from __future__ import annotations

from bot.app import Content
from bot.rules.signals import score
from bot.store import Store
from tests.support.coach import Driver

SIGNALS = (
    "met_executives",
    "leaders_in_succession",
    "logistics_talk",
    "pay_specific",
    "asked_for_work",
    "confirm_references",
    "met_team",
    "when_not_if",
)


def walk(
    driver: Driver, answers: dict[str, str], company: str = "Acme", role: str = "Analyst"
) -> str:
    """Take the whole check, answering each question by its state name (default "No")."""
    driver.send("/signals")
    if driver.prompt.token == "signals:pick_interview":
        driver.click("A new interview")
    if driver.prompt.token == "signals:company":
        driver.send(company)
        driver.send(role)
    while driver.prompt.token and driver.prompt.token.startswith("signals:"):
        state = driver.prompt.token.split(":", 1)[1]
        default = {"round_format": "A mix or not sure", "company_habit": "I don't know"}
        driver.click(answers.get(state, default.get(state, "No")))
    return driver.text


def test_every_hiring_signal_of_the_seed_is_asked(content: Content) -> None:
    states = content.dialogs["signals"].model.states
    for name in SIGNALS:
        assert {c.id for c in states[name].choices} == {"yes", "no", "unsure"}
    assert {c.id for c in states["round_format"].choices} >= {
        "panel",
        "presentation",
        "culture",
        "logistics",
    }
    assert {c.id for c in states["company_habit"].choices} >= {"finalists", "everyone"}


def test_closing_signals_score_higher_and_are_each_named(alice: Driver, bob: Driver) -> None:
    strong = walk(
        alice,
        {
            "met_executives": "Yes",
            "logistics_talk": "Yes",
            "pay_specific": "Yes",
            "asked_for_work": "Yes",
        },
    )
    weak = walk(bob, {})
    strong_score = int(strong.split("Strength: <b>")[1].split("/100")[0])
    weak_score = int(weak.split("Strength: <b>")[1].split("/100")[0])
    assert strong_score > weak_score
    # Only "A mix or not sure" (2) and "I don't know" (4) carry weight, out of 118.
    assert weak_score == round(100 * 6 / 118)
    for label in (
        "Met senior decision-makers",
        "Start dates, pay range or relocation came up",
        "Salary and benefits got specific",
        "Asked for a presentation, task or references",
    ):
        seen_part = strong.split("What you saw")[1].split("Not seen")[0]
        assert label in seen_part
    assert "What you saw" not in weak


def test_result_has_band_caveat_format_and_next_steps(alice: Driver) -> None:
    text = walk(alice, {"round_format": "Pay and logistics", "company_habit": "Only finalists"})
    assert "Early days" in text
    assert "nothing is an offer until you hold the offer letter" in text
    assert "Pay and logistics" in text and "not an offer" in text
    assert "Only finalists" in text
    steps = text.split("Next steps")[1]
    assert steps.count("\n1. ") + steps.count("\n2. ") + steps.count("\n3. ") == 3


def test_score_uses_weights_from_the_yaml(content: Content) -> None:
    dialog = content.dialogs["signals"].model
    everything = {name: "yes" for name in SIGNALS}
    everything |= {"round_format": "logistics", "company_habit": "finalists"}
    assert score(dialog, everything).score == 100
    assert score(dialog, everything).band.name == "Very strong"
    nothing = {name: "no" for name in SIGNALS} | {
        "round_format": "mixed",
        "company_habit": "everyone",
    }
    low = score(dialog, nothing)
    top = sum(
        max(c.weight for c in s.choices)
        for s in dialog.states.values()
        if s.choices and s.save_as != "interview"
    )
    assert low.score == round(100 * 4 / top)
    assert low.band.name == "Early days"


def test_reading_is_stored_with_interview_time_and_answers(alice: Driver, store: Store) -> None:
    walk(alice, {"met_executives": "Yes"}, company="Globex", role="Engineer")
    (interview,) = store.interviews("test:alice")
    assert (interview.company, interview.role) == ("Globex", "Engineer")
    (reading,) = store.readings("test:alice", interview.id)
    assert reading.created_at == alice.coach.clock.now()
    answers = {a.question: a.answer for a in store.reading_answers("test:alice", reading.id)}
    assert answers["signals:met_executives"] == "yes"
    assert answers["signals:pay_specific"] == "no"
    assert len(answers) == 10


def test_retake_compares_with_the_last_reading(alice: Driver, store: Store) -> None:
    first = walk(alice, {})
    assert "last time" not in first
    alice.click("Take the check again")
    # One interview on file: the check goes straight to the questions about it.
    assert alice.prompt.token == "signals:met_executives"
    assert "Acme" in alice.text
    while alice.prompt.token and alice.prompt.token.startswith("signals:"):
        state = alice.prompt.token.split(":", 1)[1]
        alice.click("Yes" if state in SIGNALS else alice.labels[0])
    assert "last time 5/100, up" in alice.text
    assert len(store.readings("test:alice")) == 2
    assert len(store.interviews("test:alice")) == 1


def test_several_interviews_are_offered_by_name(alice: Driver) -> None:
    walk(alice, {}, company="Acme", role="Analyst")
    walk(alice, {}, company="Globex", role="Engineer")  # asks again: "A new interview"
    alice.send("/signals")
    assert alice.prompt.token == "signals:pick_interview"
    assert alice.labels[:3] == ["Globex – Engineer", "Acme – Analyst", "A new interview"]
