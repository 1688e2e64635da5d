"""Free text inside a question: what fits is the answer, what asks for something else is done
with a way back to the question, an old question no longer captures text, and nothing typed
is dropped without being quoted back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.coach.parking import RESUME, USE_TEXT
from bot.domain.events import Reply
from bot.domain.reminders import Kind
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher
from tests.support.coach import Driver
from tests.support.invitation import CALENDAR, CHAT, EMAIL


def _resume_label(driver: Driver) -> str:
    return next(c.label for c in driver.prompt.choices if c.id == RESUME)


def test_an_offer_two_days_after_an_open_question_is_recorded_not_refused(
    alice: Driver, clock: FrozenClock, coach: Coach
) -> None:
    alice.add_interview("Acme", when="in 2 days at 10:00")
    clock.advance(timedelta(days=3))
    alice.send("/followup")
    alice.expect("followup:verdict")
    clock.advance(timedelta(days=2))

    alice.send("I got the offer!!!")

    assert "please pick one of the options" not in alice.text.casefold()
    outcomes = coach.parts.store.outcomes(alice.user_id)
    assert list(outcomes.values()) == ["offer"], outcomes
    alice.expect("outcome:base")  # the offer's figures come next; none to note today
    alice.click("That's all for now")
    # The follow-up question waits: the menu offers the way back to it.
    alice.send("/start")
    assert _resume_label(alice) == "↩ Back to Follow-up advice"
    alice.click("↩ Back to Follow-up advice")
    alice.expect("followup:verdict")


def test_a_question_asked_at_a_choice_is_done_and_the_choice_waits(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("Analyst")
    alice.expect("signals:met_executives")

    alice.send("should I follow up yet?")

    assert "/followup" in alice.text
    label = _resume_label(alice)
    assert label.startswith("↩ Back to")
    alice.click(label)
    alice.expect("signals:met_executives")
    alice.click("Yes")
    assert alice.prompt.token != "signals:met_executives"


def test_a_message_that_is_no_option_and_no_request_is_quoted_back(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("Analyst")

    alice.send("purple monkey dishwasher")

    assert "I can't place “purple monkey dishwasher” here" in alice.text
    alice.expect("signals:met_executives")


def test_a_refused_answer_is_quoted_with_the_reason(alice: Driver) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    alice.send("Acme")
    alice.send("Analyst")
    alice.click("Second round")
    alice.keep_utc_if_asked()
    alice.expect("interviews:when")

    alice.send("whenever suits them")

    assert "“whenever suits them”:" in alice.text
    alice.expect("interviews:when")


def test_a_question_at_a_date_question_is_answered_and_the_date_waits(alice: Driver) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    alice.send("Acme")
    alice.send("Analyst")
    alice.click("Second round")
    alice.keep_utc_if_asked()
    alice.expect("interviews:when")

    alice.send("how do I chase the recruiter without being pushy?")

    assert "/followup" in alice.text
    alice.click(_resume_label(alice))
    alice.expect("interviews:when")
    alice.send("in 5 days at 10:00")
    alice.expect("interviews:confirm_when")


def test_a_note_question_keeps_notes_but_hears_news(alice: Driver, coach: Coach) -> None:
    alice.add_interview("Acme", when="in 1 days at 10:00")
    alice.send("/debrief")
    alice.expect("debrief:point")

    alice.send("they liked my portfolio and asked about the migration")
    alice.expect("debrief:materials")

    alice.send("I got the offer!!!")
    assert list(coach.parts.store.outcomes(alice.user_id).values()) == ["offer"]


def test_a_debrief_answered_in_one_free_sentence_keeps_the_sentence(
    alice: Driver, coach: Coach
) -> None:
    alice.add_interview("Acme", when="in 1 days at 10:00")
    alice.send("/debrief")
    sentence = "it went well… Rui asked a lot about the ledger migration"
    alice.send(sentence)
    alice.click("Nothing promised")
    alice.click("Nothing new")

    interview = coach.parts.store.interviews(alice.user_id)[0]
    assert interview.discussion_point == sentence


def test_an_old_question_lets_text_through_and_keeps_what_it_cannot_place(
    alice: Driver, clock: FrozenClock
) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    alice.expect("interviews:company")
    clock.advance(timedelta(hours=5))

    alice.send("Acme Widgets")

    assert "You wrote: “Acme Widgets”" in alice.text
    assert alice.prompt.choices[0].id == USE_TEXT
    alice.click("Use it as the answer")
    alice.expect("interviews:role")
    assert "Acme Widgets" in alice.text


def test_an_old_question_does_not_capture_a_request(alice: Driver, clock: FrozenClock) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    clock.advance(timedelta(hours=5))

    alice.send("should I follow up yet?")

    assert "/followup" in alice.text
    assert any(c.id == RESUME for c in alice.prompt.choices)


def test_a_fresh_question_still_takes_its_answer(alice: Driver, clock: FrozenClock) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    clock.advance(timedelta(hours=1))
    alice.send("Acme Widgets")
    alice.expect("interviews:role")


def test_a_command_typed_mid_question_parks_it(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("Analyst")

    alice.send("/timezone")

    alice.expect("timezone:ask")
    alice.click(_resume_label(alice))
    alice.expect("signals:met_executives")
    # The question left for it waits in its place.
    assert _resume_label(alice) == "↩ Back to Timezone and quiet hours"


def test_starting_the_parked_dialog_afresh_forgets_it(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("/timezone")
    alice.send("/cancel")
    assert any(c.id == RESUME for c in alice.prompt.choices)
    alice.send("/signals")
    alice.send("/cancel")
    assert not any(c.id == RESUME for c in alice.prompt.choices)


def test_a_stale_back_button_is_told_so(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("/timezone")
    alice.send("/cancel")
    alice.click(_resume_label(alice))
    alice.expect("signals:role")
    alice.press(RESUME, "menu")
    assert alice.replies[0].stale


async def test_a_sentence_after_the_debrief_nudge_is_the_debrief(
    alice: Driver, coach: Coach, clock: FrozenClock, content: Content
) -> None:
    alice.add_interview("Acme", when="in 1 days at 10:00")
    store = coach.parts.store
    (nudge,) = [r for r in store.upcoming_reminders(alice.user_id) if r.kind is Kind.DEBRIEF]
    sent: list[Reply] = []

    async def send(user_id: str, replies: list[Reply]) -> None:
        sent.extend(replies)

    dispatcher = Dispatcher(
        store,
        clock,
        send,
        ReminderComposer(store, coach.renderer, content.plan),
        AsyncIOScheduler(),
    )
    clock.set(nudge.due_at)
    await dispatcher.deliver(nudge.id)
    assert sent, "the debrief nudge went out"
    clock.advance(timedelta(hours=1))

    sentence = "it went well… Rui asked a lot about the ledger migration"
    alice.send(sentence)

    alice.expect("debrief:materials")
    alice.click("Nothing promised")
    alice.click("Nothing new")
    assert store.interviews(alice.user_id)[0].discussion_point == sentence


@pytest.mark.parametrize(
    ("pasted", "company", "when", "interviewers"),
    [
        (EMAIL, "Acme", "10", "Ana Silva (Head of Data), Tomás Reis (Senior Analyst)"),
        (CHAT, "Blue Harbor", "3", "Rui Costa (VP Eng), Marta (data)"),
        (CALENDAR, "Acme", "10", "Rui Costa (VP Engineering), Ana Silva"),
    ],
    ids=["email", "recruiter chat", "calendar invite"],
)
def test_a_pasted_invitation_is_read_for_the_user_to_confirm(
    alice: Driver, clock: FrozenClock, pasted: str, company: str, when: str, interviewers: str
) -> None:
    alice.set_timezone("Europe/Lisbon")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wednesday 2 December

    alice.send(pasted)

    alice.expect("invitation:review")
    assert f"Company: <b>{company}</b>" in alice.text
    assert f"Thursday {when} December 2026 at 14:00 (Europe/Lisbon)" in alice.text
    assert interviewers in alice.text
    assert "Save this interview" in alice.labels


def test_a_straight_question_mid_question_leaves_the_question_open(alice: Driver) -> None:
    alice.send("/signals")
    alice.send("Acme")
    alice.send("Analyst")
    alice.expect("signals:met_executives")

    alice.send("what does it mean that they asked for my references?")

    assert [c.label for c in alice.prompt.choices] == [
        "Check my signals",
        "↩ Back to Signal check",
    ]
    alice.click("↩ Back to Signal check")
    alice.expect("signals:met_executives")
    alice.send("what does STAR mean?")
    alice.send("yes")  # the question was open all along
    alice.expect("signals:leaders_in_succession")


def test_after_replies_that_never_arrived_the_unseen_question_takes_no_free_text(
    alice: Driver, coach: Coach
) -> None:
    alice.send("/signals")
    seen = coach.open_question(alice.user_id)
    alice.send("Acme Widgets")  # the transport then fails to send the role question
    coach.undelivered(alice.user_id, seen)

    alice.send("Acme Widgets")

    alice.expect("signals:role")
    assert "already saved “Acme Widgets”" in alice.text
    alice.send("Senior Analyst")
    alice.expect("signals:met_executives")


def test_a_lost_refusal_leaves_the_question_they_saw_open_for_the_retry(
    alice: Driver, coach: Coach
) -> None:
    alice.add_interview("Acme", when="in 2 days at 10:00")
    alice.send("/remind")
    seen = coach.open_question(alice.user_id)
    alice.send("whenever")  # refused; the refusal is what failed to arrive
    assert coach.open_question(alice.user_id) == seen
    coach.undelivered(alice.user_id, seen)

    alice.send("tomorrow at 9 to send the portfolio")

    assert "didn't reach you" not in alice.text  # read against the question they saw
