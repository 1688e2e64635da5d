"""Answers typed the way people type them: "yeah", "nope", "idk", 👍, "next thurs 2pm",
"2nd round", "about an hour i think"; and the answers that must stay exact ("Yes, delete it")."""

from __future__ import annotations

from typing import Any

import pytest

from bot.clock import FrozenClock
from bot.store import Store
from tests.support.coach import Driver, at_first_signal
from tests.support.records import ALICE, berlin, only_interview


def answers(store: Store) -> dict[str, Any]:
    """The answers of the dialog the user is in."""
    state = store.load_dialog_state(ALICE)
    assert state is not None, "no dialog open"
    found: dict[str, Any] = state["answers"]
    return found


def to_the_round(driver: Driver) -> None:
    """Open /interviews, add one, and stop at the question of its round."""
    driver.send("/interviews")
    driver.click("Add an interview")
    driver.send("Acme")
    driver.send("Analyst")
    driver.expect("interviews:round")


# yes / no / not sure in words and emoji


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("yeah", "yes"),
        ("Yep!", "yes"),
        ("👍", "yes"),
        ("nope", "no"),
        ("nah", "no"),
        ("👎", "no"),
        ("idk", "unsure"),
        ("no idea", "unsure"),
        ("🤷", "unsure"),
        ("🤷\u200d\u2640\ufe0f", "unsure"),  # 🤷‍♀️
    ],
)
def test_a_signal_question_takes_yes_no_and_not_sure_as_people_say_them(
    alice: Driver, store: Store, typed: str, meant: str
) -> None:
    at_first_signal(alice)
    alice.send(typed)
    alice.expect("signals:leaders_in_succession")
    assert answers(store)["met_executives"] == meant


def test_a_whole_signal_check_answered_loosely_names_what_was_seen(alice: Driver) -> None:
    at_first_signal(alice)
    for typed in ("yeah", "nope", "👍", "idk", "n", "not really", "🤷"):
        alice.send(typed)
    alice.expect("signals:round_format")
    alice.send("not sure")  # "A mix or not sure"
    alice.expect("signals:company_habit")
    alice.send("dunno")  # "I don't know"
    seen, rest = alice.text.split("What you saw")[1].split("<b>Not sure</b>")
    unsure, unseen = rest.split("<b>Not seen</b>")
    assert "Met senior decision-makers" in seen  # yeah
    assert "Pay, benefits, start date or relocation came up" in seen  # 👍
    assert "Asked for a presentation, case or task" in unsure  # idk
    assert "They said &#34;when&#34;, not &#34;if&#34;" in unsure  # 🤷
    assert "Several senior leaders, one after another" in unseen  # nope
    assert "Met future teammates or reports" in unseen  # not really
    assert "Format of the round: <i>A mix or not sure</i>" in alice.text
    assert "Who gets a second round there: <i>I don&#39;t know</i>" in alice.text


# /interviews: the round, the time, its confirmation, the length


@pytest.mark.parametrize(
    ("typed", "round_"),
    [("2nd round", "second"), ("second", "second"), ("round 2", "second"), ("final", "final")],
)
def test_the_round_is_read_from_an_ordinal(
    berliner: Driver, store: Store, typed: str, round_: str
) -> None:
    to_the_round(berliner)
    berliner.send(typed)
    berliner.expect("interviews:when")
    assert answers(store)["round"] == round_


def test_next_thurs_2pm_yep_and_about_an_hour_add_the_interview(
    berliner: Driver, store: Store
) -> None:
    to_the_round(berliner)
    berliner.send("2nd round")
    berliner.send("next thurs 2pm")  # said on Monday 23 November
    berliner.expect("interviews:confirm_when")
    assert "Thursday 26 November 2026 at 14:00 (Europe/Berlin)" in berliner.text
    berliner.send("yep")
    berliner.expect("interviews:duration")
    berliner.send("about an hour i think")
    berliner.expect("interviews:format")
    assert answers(store)["duration"] == "m60"
    berliner.click("Panel or stakeholders")
    berliner.send("idk")  # "I don't know yet": not a name
    berliner.expect("interviews:timeframe")
    berliner.send("by next fri")
    berliner.expect("menu")

    interview = only_interview(store, ALICE)
    assert interview.starts_at == berlin(2026, 11, 26, 14, 0)
    assert interview.ends_at == berlin(2026, 11, 26, 15, 0)
    assert interview.interviewers is None


def test_nah_at_the_confirmation_asks_for_the_time_again(berliner: Driver) -> None:
    to_the_round(berliner)
    berliner.send("2nd round")
    berliner.send("thu 3pm")
    berliner.expect("interviews:confirm_when")
    berliner.send("nah")
    berliner.expect("interviews:when")


# /debrief: a timeframe refused with timeframe examples; "nope" for nothing promised


def test_a_bad_timeframe_in_the_debrief_shows_timeframe_examples(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    clock.set(berlin(2026, 11, 28, 11, 15))  # just after the interview
    berliner.send("/debrief")
    berliner.expect("debrief:point")
    berliner.send("their plan to move billing to Stripe")
    berliner.send("nope")  # "Nothing promised"
    berliner.expect("debrief:timeframe")
    assert answers(store)["materials"] == "none"

    berliner.send("soonish")
    berliner.expect("debrief:timeframe")
    text = berliner.text
    assert "as a timeframe" in text
    for example in ("within a week", "by Friday", "in 2 weeks", "end of the month"):
        assert example in text
    assert "next Tuesday 10am" not in text  # the appointment examples are for /interviews

    berliner.send("by thurs")  # Thursday 3 December, after the Saturday interview
    interview = only_interview(store, ALICE)
    assert interview.decision_note == "by thurs"
    assert str(interview.decision_by) == "2026-12-03"


# destructive questions take no loose yes


@pytest.mark.parametrize("typed", ["y", "yeah", "👍", "✅", "sure"])
def test_a_loose_yes_does_not_delete_your_data(alice: Driver, store: Store, typed: str) -> None:
    alice.add_interview()
    alice.send("/delete")
    alice.expect("delete:confirm")
    alice.send(typed)
    alice.expect("delete:confirm")
    assert store.interviews(ALICE)


def test_a_loose_no_keeps_your_data_and_yes_delete_deletes_it(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/delete")
    alice.send("nope")
    assert "Nothing was deleted" in alice.text
    assert store.interviews(ALICE)

    alice.send("/delete")
    alice.send("yes, delete")  # the first words of "Yes, delete everything"
    assert not store.interviews(ALICE)


@pytest.mark.parametrize("typed", ["y", "👍", "yep"])
def test_a_loose_yes_does_not_delete_an_interview(
    berliner: Driver, store: Store, typed: str
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Delete it")
    berliner.expect("interviews:confirm_delete")
    berliner.send(typed)
    berliner.expect("interviews:confirm_delete")
    assert store.interviews(ALICE)
    berliner.send("nah")  # "No, keep it"
    berliner.expect("interviews:manage")
    assert store.interviews(ALICE)
