"""Questions typed as sentences get straight answers, feelings a human reply first, and a
reminder asked for in words is set: the examples of a person typing after their interview."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.reminders import Kind
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN
from tests.support.coach import Driver

LISBON = ZoneInfo("Europe/Lisbon")


def test_what_start_date_talk_means_is_answered_not_quizzed(alice: Driver) -> None:
    alice.add_interview("Acme")

    alice.send("what does it mean that they talked about start dates?")

    assert len(alice.replies) == 1, "one message: the answer and its button"
    assert alice.prompt.token == MENU_TOKEN
    assert "start" in alice.text and "<b>Acme</b>" in alice.text
    assert "offer letter" in alice.text  # what it does not mean yet
    (button,) = alice.prompt.choices
    assert button.id == COMMAND_PREFIX + "signals"
    alice.click(button.label)
    assert alice.prompt.token.startswith("signals:")


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("I'm nervous", "nervous"),
        ("I think I blew it", "blew_it"),
        ("I'm so happy", "happy"),
    ],
)
def test_feelings_get_a_human_reply_first(
    alice: Driver, content: Content, text: str, answer: str
) -> None:
    alice.send(text)

    assert "not sure what" not in alice.text
    expected = content.renderer.render(
        f"answers/{answer}.j2", user=None, interview=None, after=False
    )
    assert alice.replies[0].text == expected
    assert "%" not in alice.text  # never a probability
    assert alice.prompt.choices, "then one way to help"


def test_every_straight_answer_is_reachable_in_words(
    coach: Coach, content: Content, alice: Driver
) -> None:
    questions = [a for a in content.answers.values() if a.kind == "question"]
    assert len(questions) >= 30
    for answer in content.answers.values():
        alice.send(answer.phrasings[0])
        expected = content.renderer.render(answer.template, user=None, interview=None, after=False)
        assert alice.replies[0].text == expected, answer.id
        if answer.action:
            assert alice.prompt.choices[0].id == COMMAND_PREFIX + answer.action


def test_a_reminder_asked_for_in_a_sentence_is_set(
    alice: Driver, coach: Coach, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Lisbon")
    clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=LISBON))  # Monday 14:00 in Lisbon

    alice.send("can you remind me tomorrow at 9 to send the portfolio?")

    (row,) = [
        r for r in coach.parts.store.upcoming_reminders(alice.user_id) if r.kind is Kind.CUSTOM
    ]
    assert row.due_at == datetime(2026, 11, 24, 9, 0, tzinfo=LISBON).astimezone(UTC)
    assert "Tuesday 24 November 2026 at 09:00" in alice.text
    alice.send("/reminders")
    assert "Send the portfolio" in alice.text or "send the portfolio" in alice.text


def test_no_offer_is_not_taken_for_an_offer(alice: Driver, coach: Coach) -> None:
    alice.add_interview("Acme")
    alice.send("no offer :(")
    # Read as the sad news it is (the rejection's reflection), never as an offer.
    alice.expect("outcome:went_well")
    assert coach.parts.store.outcomes(alice.user_id) == {}
    alice.send("/cancel")
    alice.send("did I get the job?")
    assert alice.prompt.token.startswith(("signals:", "menu"))
    assert coach.parts.store.outcomes(alice.user_id) == {}


def test_a_question_at_a_note_is_answered_not_filed(alice: Driver, coach: Coach) -> None:
    alice.add_interview("Acme", when="in 1 days at 10:00")
    alice.send("/debrief")
    alice.expect("debrief:point")
    alice.send("what does it mean that they asked for my references?")
    assert alice.prompt.choices[0].id == COMMAND_PREFIX + "signals"
    assert coach.parts.store.interviews(alice.user_id)[0].discussion_point is None


def test_nerves_after_the_interview_are_met_with_the_follow_up_date(
    alice: Driver, coach: Coach, clock: FrozenClock
) -> None:
    store = coach.parts.store
    store.ensure_user(alice.user_id, clock.now())
    interview = store.add_interview(alice.user_id, "Acme", "Analyst", "second", clock.now())
    store.set_schedule(alice.user_id, interview, clock.now() - timedelta(hours=3), 60)

    alice.send("I'm so nervous")

    assert "prep plan" not in alice.text
    assert "follow-up" in alice.text
    assert [c.id for c in alice.prompt.choices] == [COMMAND_PREFIX + "followup"]
