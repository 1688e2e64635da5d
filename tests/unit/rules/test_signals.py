"""Scoring a signal check: weights and bands from dialogs/signals.yaml, one event counted once,
"not sure" worth nothing, and readings stored under older band names or weights."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from bot.content.dialog_models import BandModel, DialogModel
from bot.content.paths import dialogs_dir
from bot.domain.records import AnswerRow, Reading
from bot.rules.signals import earlier, is_signal, rescore, score, stored_band

# Hypothesis's cache stays out of the checkout, where a `.hypothesis` folder stops pytest
# collecting (see tests/features/test_signals.py); set on import, before its plugin writes it.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "interview-coach-hypothesis")

DIALOG = DialogModel.model_validate(
    yaml.safe_load((dialogs_dir() / "signals.yaml").read_text(encoding="utf-8"))
)
SIGNALS = tuple(name for name, state in DIALOG.states.items() if is_signal(state))
ANSWERS = ("yes", "no", "unsure")
FORMATS = tuple(c.id for c in DIALOG.states["round_format"].choices)
HABITS = tuple(c.id for c in DIALOG.states["company_habit"].choices)
LOWEST = min(DIALOG.bands, key=lambda b: b.min)
HIGHEST = max(DIALOG.bands, key=lambda b: b.min)
WHEN = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def answered(value: str, **others: str) -> dict[str, str]:
    """Every signal answered `value`, with a mixed format and an unknown habit unless given."""
    return (
        {s: value for s in SIGNALS} | {"round_format": "mixed", "company_habit": "unknown"} | others
    )


def test_the_signals_are_the_seeds_signs_with_pay_talk_asked_once() -> None:
    assert SIGNALS == (
        "met_executives",
        "leaders_in_succession",
        "logistics_talk",
        "asked_for_work",
        "confirm_references",
        "met_team",
        "when_not_if",
    )
    for name in SIGNALS:
        assert {c.means for c in DIALOG.states[name].choices} == {"yes", "no", "unsure"}


def test_every_weighted_question_and_band_says_why() -> None:
    for name, state in DIALOG.states.items():
        if state.label is not None:
            assert state.why, f"{name} has weights but no `why:`"
    for band in DIALOG.bands:
        assert band.why, f"band {band.name} has no `why:`"


def test_bands_name_a_stage_never_odds_or_strength() -> None:
    names = [b.name.lower() for b in DIALOG.bands]
    assert names == ["early signs", "mixed signs", "final-stage signs"]
    for word in ("strong", "promising", "likely", "chance", "%", "front"):
        assert not any(word in n for n in names)


def test_all_not_sure_reads_in_the_lowest_band_whatever_the_round() -> None:
    for round_format in FORMATS:
        for habit in ("unknown", "everyone"):
            result = score(
                DIALOG, answered("unsure", round_format=round_format, company_habit=habit)
            )
            assert result.band == LOWEST
            assert result.score == 0
            assert len(result.unsure) == len(SIGNALS)


def test_a_logistics_round_alone_stays_in_the_lowest_band() -> None:
    # The HR round about pay and a start date, at a company that brings back only finalists.
    hr_round = answered("no", logistics_talk="yes", round_format="logistics")
    assert score(DIALOG, hr_round).band == LOWEST
    assert score(DIALOG, hr_round | {"company_habit": "finalists"}).band == LOWEST
    assert score(DIALOG, hr_round | {"met_executives": "unsure"}).band == LOWEST


def test_one_hr_call_about_salary_and_start_date_is_one_sign() -> None:
    hr_call = score(DIALOG, answered("no", logistics_talk="yes", round_format="logistics"))
    assert [line.key for line in hr_call.seen] == ["logistics_talk"]
    # The format adds nothing: the same call scores the same whatever the format says.
    for round_format in FORMATS:
        other = score(DIALOG, answered("no", logistics_talk="yes", round_format=round_format))
        assert other.score == hr_call.score


def test_all_yes_is_the_top_band_even_when_everyone_is_brought_back() -> None:
    everyone = score(DIALOG, answered("yes", company_habit="everyone"))
    finalists = score(DIALOG, answered("yes", company_habit="finalists"))
    assert everyone.band == finalists.band == HIGHEST
    assert everyone.top_band and finalists.top_band
    assert everyone.score < finalists.score == 100
    assert not score(DIALOG, answered("no")).top_band


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.tuples(*[st.sampled_from(ANSWERS) for _ in SIGNALS]),
    st.sampled_from(FORMATS),
    st.sampled_from(HABITS),
    st.integers(min_value=0, max_value=len(SIGNALS) - 1),
)
def test_not_sure_never_counts_more_than_no_and_yes_never_less(
    given_answers: tuple[str, ...], round_format: str, habit: str, which: int
) -> None:
    answers = dict(zip(SIGNALS, given_answers, strict=True))
    answers |= {"round_format": round_format, "company_habit": habit}
    key = SIGNALS[which]
    scores = {a: score(DIALOG, answers | {key: a}).score for a in ANSWERS}
    assert scores["unsure"] == scores["no"] <= scores["yes"]
    result = score(DIALOG, answers)
    assert 0 <= result.score <= 100
    assert result.band.min <= result.score


def test_rescore_counts_a_stored_reading_with_todays_weights() -> None:
    old = [
        AnswerRow("signals:met_executives", "yes", 15),
        AnswerRow("signals:pay_specific", "yes", 15),  # a question the check no longer asks
        AnswerRow("signals:logistics_talk", "unsure", 5),
        AnswerRow("signals:round_format", "logistics", 8),
    ]
    again = rescore(DIALOG, old)
    assert again.score == score(DIALOG, {"met_executives": "yes"}).score
    assert [line.key for line in again.seen] == ["met_executives"]


@pytest.mark.parametrize(
    ("stored", "value", "today"),
    [
        ("Very strong", 97, "Final-stage signs"),
        ("Strong", 61, "Final-stage signs"),
        ("Promising", 42, "Mixed signs"),
        ("Early days", 10, "Early signs"),
        ("Mixed signs", 40, "Mixed signs"),
        ("A name nobody knows", 70, "Final-stage signs"),  # falls back to the stored score
        ("A name nobody knows", 3, "Early signs"),
    ],
)
def test_old_band_names_map_to_todays_bands(stored: str, value: int, today: str) -> None:
    assert stored_band(DIALOG.bands, stored, value).name == today


def test_old_band_names_never_clash_with_todays() -> None:
    current = {b.name for b in DIALOG.bands}
    former = [name for b in DIALOG.bands for name in b.formerly]
    assert len(former) == len(set(former)) and not current & set(former)


def test_earlier_recounts_kept_answers_else_shows_the_stored_reading() -> None:
    reading = Reading(1, "test:alice", 1, 97, "Very strong", WHEN)
    kept = earlier(DIALOG, reading, [AnswerRow("signals:met_executives", "yes", 15)])
    assert kept.recounted and kept.score == score(DIALOG, {"met_executives": "yes"}).score
    bare = earlier(DIALOG, reading, [])
    assert not bare.recounted
    assert (bare.score, bare.band.name) == (97, "Final-stage signs")


def test_a_band_of_a_dialog_without_formerly_is_found_by_name_or_score() -> None:
    bands = (BandModel(min=0, name="Low", summary="x"), BandModel(min=50, name="High", summary="y"))
    assert stored_band(bands, "High", 10).name == "High"
    assert stored_band(bands, "Gone", 60).name == "High"
