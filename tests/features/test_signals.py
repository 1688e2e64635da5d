"""/signals: the hiring-signal check. Scoring, the result's wording (the stage, never odds or a
rank), one event counted once, readings stored, retakes, and readings stored by older versions."""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from bot.app import Content
from bot.clock import FrozenClock
from bot.domain.records import AnswerRow, Interview, Reading
from bot.features.signals import reading_text
from bot.rules.signals import earlier, score
from bot.store import Store
from tests.support.coach import START, Driver

SIGNALS = (
    "met_executives",
    "leaders_in_succession",
    "logistics_talk",
    "asked_for_work",
    "confirm_references",
    "met_team",
    "when_not_if",
)
# Hypothesis keeps a cache folder, `.hypothesis` in the working directory unless told
# otherwise; in the checkout it stops pytest collecting (pyproject.toml replaces the default
# `norecursedirs` and turns warnings into errors). Its plugin writes the cache while it
# collects, so this is set on import, before that.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "interview-coach-hypothesis")

FORMATS = ("panel", "presentation", "culture", "logistics", "mixed")
HABITS = ("finalists", "everyone", "unknown")

FORBIDDEN = re.compile(
    r"front[- ]?runner|preparing an offer|%|\bchances?\b|likel|probab|\bodds\b|\brank"
    r"|top candidate|first choice|favou?rite|\bahead of\b|best candidate|number one"
    r"|leading candidate|\bpromising\b|\bstrong\b",
    re.IGNORECASE,
)
"""Odds, ranks and strength adjectives: what a reading of the signs can never claim."""

ALL_YES_EVERYONE = {s: "Yes" for s in SIGNALS} | {
    "round_format": "Pay and logistics",
    "company_habit": "Everyone who passes",
}


def walk(
    driver: Driver,
    answers: dict[str, str],
    company: str = "Acme",
    role: str = "Analyst",
    pick: str = "A new interview",
) -> str:
    """Take the whole check, answering each question by its state name (default "No"), for
    the interview labelled `pick` when asked which."""
    driver.send("/signals")
    if driver.prompt.token == "signals:pick_interview":
        driver.click(pick)
    if driver.prompt.token == "signals:company":
        driver.send(company)
        driver.send(role)
    while driver.prompt.token and driver.prompt.token.startswith("signals:"):
        state = driver.prompt.token.split(":", 1)[1]
        default = {"round_format": "A mix or not sure", "company_habit": "I don't know"}
        driver.click(answers.get(state, default.get(state, "No")))
    return driver.text


def score_in(text: str) -> int:
    """Return the score the result shows next to its band."""
    found = re.search(r"Reading: <b>[^<]+</b> · score (\d+)/100", text)
    assert found, text
    return int(found.group(1))


def test_every_hiring_signal_of_the_seed_is_asked_once(content: Content) -> None:
    states = content.dialogs["signals"].model.states
    for name in SIGNALS:
        assert {c.id for c in states[name].choices} == {"yes", "no", "unsure"}
        assert {c.means for c in states[name].choices} == {"yes", "no", "unsure"}
    asked = [s for s in states.values() if s.label and {c.id for c in s.choices} >= {"yes"}]
    assert len(asked) == len(SIGNALS)  # the seed's eight signs, pay talk merged into one
    assert "pay_specific" not in states
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
            "asked_for_work": "Yes",
            "confirm_references": "Yes",
        },
    )
    weak = walk(bob, {})
    assert score_in(strong) > score_in(weak)
    # "A mix or not sure" and "I don't know" weigh nothing: nothing seen, nothing scored.
    assert score_in(weak) == 0
    seen_part = strong.split("What you saw")[1].split("Not seen")[0]
    for label in (
        "Met senior decision-makers",
        "Pay, benefits, start date or relocation came up",
        "Asked for a presentation, case or task",
        "Asked for references, or to confirm them",
    ):
        assert label in seen_part
    assert "What you saw" not in weak


def test_result_has_band_what_it_cannot_know_format_and_next_steps(alice: Driver) -> None:
    text = walk(alice, {"round_format": "Pay and logistics", "company_habit": "Only finalists"})
    assert "Reading: <b>Early signs</b> · score " in text
    cannot_know = text.split("What this reading cannot know")[1].split("What you saw")[0]
    assert "other finalists" in cannot_know and "budget" in cannot_know
    assert "internal candidate" in cannot_know
    assert "nothing is an offer until you hold the offer letter" in text
    assert "Pay and logistics" in text and "not an offer" in text
    assert "Only finalists" in text
    steps = text.split("Next steps")[1]
    assert steps.count("\n1. ") + steps.count("\n2. ") + steps.count("\n3. ") == 3


def test_all_yes_reads_final_stage_never_a_rank_or_odds(alice: Driver, bob: Driver) -> None:
    everyone = walk(alice, ALL_YES_EVERYONE)
    finalists = walk(bob, ALL_YES_EVERYONE | {"company_habit": "Only finalists"})
    for text in (everyone, finalists):
        assert "Reading: <b>Final-stage signs</b>" in text
        assert FORBIDDEN.search(text) is None, FORBIDDEN.search(text)
        assert "What this reading cannot know" in text
    assert score_in(everyone) < score_in(finalists)


def test_all_not_sure_with_a_logistics_round_reads_in_the_lowest_band(
    alice: Driver, content: Content
) -> None:
    text = walk(
        alice,
        {s: "Not sure" for s in SIGNALS}
        | {"round_format": "Pay and logistics", "company_habit": "I don't know"},
    )
    lowest = min(content.dialogs["signals"].model.bands, key=lambda b: b.min)
    assert f"Reading: <b>{lowest.name}</b>" in text
    assert score_in(text) == 0
    assert "What you saw" not in text
    assert text.split("<b>Not sure</b>")[1].count("❔") == len(SIGNALS)


def test_an_hr_call_about_salary_and_start_date_counts_once(alice: Driver, bob: Driver) -> None:
    # As it happened: HR called about the salary and a start date; nothing else came up.
    hr_call = walk(
        alice,
        {"logistics_talk": "Yes", "round_format": "Pay and logistics"},
    )
    seen = hr_call.split("What you saw")[1].split("<b>Not seen</b>")[0]
    assert seen.count("✅") == 1
    assert "Pay, benefits, start date or relocation came up" in seen
    assert "so the reading counts it once, there" in hr_call.split("About the round")[1]
    # The round's format adds nothing on top: the same call is not a second sign.
    same_call_other_format = walk(bob, {"logistics_talk": "Yes"})
    assert score_in(hr_call) == score_in(same_call_other_format)
    assert "Reading: <b>Early signs</b>" in hr_call


def test_score_uses_weights_from_the_yaml(content: Content) -> None:
    dialog = content.dialogs["signals"].model
    everything = {name: "yes" for name in SIGNALS}
    everything |= {"round_format": "logistics", "company_habit": "finalists"}
    assert score(dialog, everything).score == 100
    assert score(dialog, everything).band.name == "Final-stage signs"
    nothing = {name: "no" for name in SIGNALS} | {
        "round_format": "mixed",
        "company_habit": "everyone",
    }
    low = score(dialog, nothing)
    assert low.score == 0
    assert low.band.name == "Early signs"
    top = sum(
        max(c.weight for c in s.choices)
        for s in dialog.states.values()
        if s.choices and s.save_as != "interview"
    )
    only_executives = score(dialog, nothing | {"met_executives": "yes"})
    weight = next(c.weight for c in dialog.states["met_executives"].choices if c.id == "yes")
    assert only_executives.score == round(100 * weight / top)


@settings(max_examples=150, deadline=None, database=None)
@given(
    signals=st.tuples(*[st.sampled_from(("yes", "no", "unsure")) for _ in SIGNALS]),
    round_format=st.sampled_from(FORMATS),
    habit=st.sampled_from(HABITS),
    retake=st.booleans(),
)
def test_no_combination_of_answers_reads_as_odds_or_a_rank(
    content: Content,
    signals: tuple[str, ...],
    round_format: str,
    habit: str,
    retake: bool,
) -> None:
    dialog = content.dialogs["signals"].model
    answers = dict(zip(SIGNALS, signals, strict=True))
    answers |= {"round_format": round_format, "company_habit": habit}
    result = score(dialog, answers)
    interview = Interview(1, "test:alice", "Acme", "Analyst", "second", "open", START)
    previous = None
    if retake:
        stored = {"yes": "no", "no": "unsure", "unsure": "yes"}
        rows = [
            AnswerRow(f"signals:{k}", stored[v], 0) for k, v in zip(SIGNALS, signals, strict=True)
        ]
        previous = earlier(dialog, Reading(1, "test:alice", 1, 97, "Very strong", START), rows)
    text = reading_text(content.renderer, result, interview, previous)
    assert FORBIDDEN.search(text) is None, FORBIDDEN.search(text)
    # The score never stands alone: always beside its band, with what the reading cannot know.
    assert f"Reading: <b>{result.band.name}</b> · score {result.score}/100" in text
    assert "What this reading cannot know" in text
    assert text.count("/100") == (2 if retake else 1)


def test_reading_is_stored_with_interview_time_and_answers(alice: Driver, store: Store) -> None:
    walk(alice, {"met_executives": "Yes"}, company="Globex", role="Engineer")
    (interview,) = store.interviews("test:alice")
    assert (interview.company, interview.role) == ("Globex", "Engineer")
    (reading,) = store.readings("test:alice", interview.id)
    assert reading.created_at == alice.coach.clock.now()
    assert reading.band == "Early signs"
    answers = {a.question: a.answer for a in store.reading_answers("test:alice", reading.id)}
    assert answers["signals:met_executives"] == "yes"
    assert answers["signals:confirm_references"] == "no"
    assert len(answers) == 9


def test_retake_compares_with_the_last_reading(alice: Driver, store: Store) -> None:
    first = walk(alice, {})
    assert "Last time" not in first
    alice.click("Take the check again")
    # One interview on file: the check goes straight to the questions about it.
    assert alice.prompt.token == "signals:met_executives"
    assert "Acme" in alice.text
    while alice.prompt.token and alice.prompt.token.startswith("signals:"):
        state = alice.prompt.token.split(":", 1)[1]
        alice.click("Yes" if state in SIGNALS else alice.labels[0])
    assert "Last time: Early signs · 0/100; up 100" in alice.text
    assert len(store.readings("test:alice")) == 2
    assert len(store.interviews("test:alice")) == 1


def test_readings_stored_with_old_band_names_still_read_sensibly(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.add_interview()
    (interview,) = store.interviews("test:alice")
    before = clock.now() - timedelta(days=2)
    # Saved by the old check: "Very strong" at 97, with the question it no longer asks.
    old_answers = [
        AnswerRow("signals:met_executives", "yes", 15),
        AnswerRow("signals:logistics_talk", "yes", 15),
        AnswerRow("signals:pay_specific", "yes", 15),
        AnswerRow("signals:round_format", "logistics", 8),
        AnswerRow("signals:company_habit", "everyone", 2),
    ]
    store.save_reading("test:alice", interview.id, 97, "Very strong", old_answers, before)
    acme = "Acme – Analyst"
    text = walk(alice, {"met_executives": "Yes", "logistics_talk": "Yes"}, pick=acme)
    # Counted again with today's weights: the same two signs, the same score, no old name.
    assert "Last time: Mixed signs · 35/100; unchanged" in text
    assert "Very strong" not in text and "97" not in text

    # A reading that kept no answers is shown under today's name for its stored band.
    store.save_reading("test:alice", interview.id, 50, "Promising", [], clock.now())
    clock.advance(timedelta(minutes=1))
    text = walk(alice, {}, pick=acme)
    assert "Last time: Mixed signs · 50/100 (an older reading, counted differently" in text
    assert "Promising" not in text


def test_several_interviews_are_offered_by_name(alice: Driver) -> None:
    walk(alice, {}, company="Acme", role="Analyst")
    walk(alice, {}, company="Globex", role="Engineer")  # asks again: "A new interview"
    alice.send("/signals")
    assert alice.prompt.token == "signals:pick_interview"
    assert alice.labels[:3] == ["Globex – Engineer", "Acme – Analyst", "A new interview"]


def test_someone_stopped_at_the_removed_pay_question_is_taken_back_to_the_menu(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    store.ensure_user("test:alice", clock.now())
    saved = {"v": 1, "state": "signals:pay_specific", "answers": {}, "history": []}
    store.save_dialog_state("test:alice", saved, clock.now())
    alice.send("yes")
    assert "no longer exists" in alice.text
    assert store.load_dialog_state("test:alice") is None
    walk(alice, {"met_executives": "Yes"})
    assert "Reading: <b>Early signs</b>" in alice.text
