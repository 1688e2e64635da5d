"""/outcome: record an offer (and its figures), a rejection and its reflection, or silence;
show the patterns across interviews, from what is known only."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.content.dialog_models import DialogModel
from bot.domain.events import Choice, Reply
from bot.domain.offers import Bonus, Money, Offer
from bot.domain.records import Interview
from bot.features.common import (
    SKIPPED,
    closing,
    interview_choice_id,
    no_interview_yet,
    the_interview,
    with_button_first,
)
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.reminders.scheduling import custom_time, remind_custom
from bot.rules.negotiation import deadline_reminder
from bot.rules.patterns import OFFER, REJECTED, Patterns, compare

hooks = Hooks("outcome")

ENDED = "the interview has an outcome"
OFFER_REPLACED = "the offer's figures were noted again"
SIGNALS_DIALOG = "signals"
LEFT_OUT = (*SKIPPED, "later")
"""Answers of the offer's questions that mean "nothing to note"."""
RECENT_OFFERS = timedelta(days=30)
"""How long after an offer its interview stays in the pickers of /outcome and /negotiate."""
FILL_IN_BUTTONS = 3
"""At most this many "read the signals" buttons under the patterns."""


@hooks.choices("interviews_or_offers")
def interviews_or_offers(turn: Turn) -> list[Option]:
    """Offer the open interviews, then those with an offer in the last weeks (to note or
    correct its figures, and to negotiate it)."""
    label = turn.renderer.label("interview_option")
    return [
        Option(interview_choice_id(i.id), label.format(company=i.company, role=i.role)[:60])
        for i in recent_interviews(turn, (OFFER,))
    ]


@hooks.choices("interviews_to_read")
def interviews_to_read(turn: Turn) -> list[Option]:
    """Offer the open interviews, then those with an offer or a rejection in the last weeks:
    what the signal check's picker needs to fill in the readings patterns miss."""
    label = turn.renderer.label("interview_option")
    return [
        Option(interview_choice_id(i.id), label.format(company=i.company, role=i.role)[:60])
        for i in recent_interviews(turn, (OFFER, REJECTED), RECENT_OFFERS * 6)
    ]


def recent_interviews(
    turn: Turn, outcomes: tuple[str, ...], within: timedelta = RECENT_OFFERS
) -> list[Interview]:
    """Return the open interviews, then the closed ones with one of `outcomes` in `within`."""
    found = list(turn.store.interviews(turn.user.id))
    recorded = turn.store.outcomes(turn.user.id)
    for interview in turn.store.interviews(turn.user.id, open_only=False):
        recent = interview.closed_at is not None and interview.closed_at >= turn.now - within
        if interview.status != "open" and recorded.get(interview.id) in outcomes and recent:
            found.append(interview)
    return found


@hooks.on_answer("outcome_result")
def result(turn: Turn, value: Any) -> list[Reply]:
    """Record an offer the moment it is told (its figures follow), with congratulations."""
    interview = the_interview(turn)
    if value != OFFER or interview is None:
        return []
    if turn.store.outcomes(turn.user.id).get(interview.id) == OFFER:
        return [turn.said("outcome/offer_again.j2", interview=interview)]
    record(turn, interview, OFFER)
    return [turn.said("outcome/offer_congrats.j2", interview=interview)]


def record(turn: Turn, interview: Interview, outcome: str) -> None:
    """Record how an interview ended and stop its reminders."""
    turn.store.set_outcome(turn.user.id, interview.id, outcome, turn.now)
    turn.store.cancel_reminders(turn.user.id, turn.now, ENDED, interview_id=interview.id)


@hooks.finish("outcome")
def finish(turn: Turn) -> list[Reply]:
    """Record the outcome (an offer's figures, the reflection after a no), then show what the
    patterns can tell, with buttons to fill in the readings they miss."""
    interview = the_interview(turn)
    if interview is None:
        return no_interview_yet(turn) or [closing(turn, "outcome/recorded.j2", nothing=True)]
    outcome = str(turn.answers.get("outcome"))
    context: dict[str, Any] = {}
    if outcome == OFFER:
        context = offer_noted(turn, interview)
    else:
        record(turn, interview, outcome)
    if outcome == REJECTED:
        went_well, improve = turn.answers.get("went_well"), turn.answers.get("improve")
        turn.store.add_reflection(
            turn.user.id,
            interview.id,
            None if went_well in SKIPPED else str(went_well),
            None if improve in SKIPPED else str(improve),
            turn.now,
        )
    patterns = patterns_for(turn)
    unread = unread_interviews(turn, patterns)
    reply = closing(
        turn,
        "outcome/recorded.j2",
        nothing=False,
        outcome=outcome,
        interview=interview,
        patterns=patterns,
        unread=unread,
        **context,
    )
    buttons: list[Choice] = []
    if outcome == OFFER:
        arg = interview_choice_id(interview.id)
        buttons.append(turn.command_choice("negotiate", "negotiate", arg))
    if patterns is not None and patterns.both:
        buttons += [fill_in_button(turn, i) for i in unread[:FILL_IN_BUTTONS]]
    return [with_button_first(reply, *buttons) if buttons else reply]


def offer_noted(turn: Turn, interview: Interview) -> dict[str, Any]:
    """Keep the offer's figures the user gave (the earlier ones when they gave none), remind
    them of its deadline, and return what the reply says about it."""
    if turn.store.outcomes(turn.user.id).get(interview.id) != OFFER:
        record(turn, interview, OFFER)  # "I got an offer" pressed through an old button
    earlier = turn.store.latest_offer(turn.user.id, interview.id)
    offer = offer_from_answers(turn.answers, interview.id, turn.now)
    if not offer.has_figures:
        return {"offer": earlier, "saved": False, **deadline_facts(turn, earlier, None)}
    if earlier is not None and earlier.reminder_id is not None:
        reason = OFFER_REPLACED
        turn.store.cancel_reminders(turn.user.id, turn.now, reason, reminder_id=earlier.reminder_id)
    reminder_at = None
    if offer.deadline is not None:
        reminder_at = remind_of_deadline(turn, interview, offer.deadline)
        if reminder_at is not None:
            offer = replace(offer, reminder_id=reminder_at[0])
    turn.store.add_offer(turn.user.id, offer)
    return {
        "offer": offer,
        "saved": True,
        **deadline_facts(turn, offer, reminder_at[1] if reminder_at else None),
    }


def offer_from_answers(answers: dict[str, Any], interview_id: int, now: datetime) -> Offer:
    """Read the offer's figures out of the dialog's answers; skipped ones stay unknown."""

    def words(key: str) -> str | None:
        value = answers.get(key)
        return None if value is None or value in LEFT_OUT else str(value)

    deadline = words("deadline")
    return Offer(
        interview_id=interview_id,
        recorded_at=now,
        base=Money.from_json(answers.get("base")),
        bonus=Bonus.from_json(answers.get("bonus")),
        equity=words("equity"),
        start=words("offer_start"),
        benefits=words("benefits"),
        deadline=date.fromisoformat(deadline) if deadline else None,
    )


def remind_of_deadline(
    turn: Turn, interview: Interview, deadline: date
) -> tuple[int, datetime] | None:
    """Add a reminder before the offer's deadline (its id and local time), if there is time."""
    due = deadline_reminder(deadline, turn.user.zone, turn.now)
    if due is None:
        return None
    timing = custom_time(turn.user, due, time_given=False)
    note = turn.renderer.render("outcome/deadline_note.j2", interview=interview, deadline=deadline)
    # Kept as plain words, like a reminder the user typed: its template escapes them.
    words = html.unescape(note.strip())
    row = remind_custom(turn.store, turn.user, timing.due_at, words, turn.now)
    if row is None:
        return None
    turn.reminders_changed([row])
    return row.id, row.due_at


def deadline_facts(turn: Turn, offer: Offer | None, reminder_at: datetime | None) -> dict[str, Any]:
    """Return how many days are left to answer the offer, and when the reminder comes."""
    if offer is None or offer.deadline is None:
        return {"days_left": None, "reminder_at": None}
    today = turn.now.astimezone(turn.user.zone).date()
    return {"days_left": max((offer.deadline - today).days, 0), "reminder_at": reminder_at}


def patterns_for(turn: Turn) -> Patterns | None:
    """Compare the user's offers with their rejections, from their own readings and plans."""
    outcomes = turn.store.outcomes(turn.user.id)
    dialog = turn.dialogs.get(SIGNALS_DIALOG)
    labels = signal_labels(dialog)
    signals: dict[int, dict[str, str]] = {}
    for interview_id in outcomes:
        readings = turn.store.readings(turn.user.id, interview_id)
        if readings and dialog is not None:
            answers = turn.store.reading_answers(turn.user.id, readings[-1].id)
            meanings = (meaning(dialog, a.question, a.answer) for a in answers)
            signals[interview_id] = {key: means for key, means in meanings if key in labels}
    done = {i: turn.store.done_prep_items(turn.user.id, i) for i in outcomes}
    prep_labels = {key: item.label for key, item in turn.plan.items.items()}
    return compare(outcomes, signals, done, labels, prep_labels)


def signal_labels(dialog: DialogModel | None) -> dict[str, str]:
    """Name the signals of the check: its labelled questions with a choice meaning "yes"."""
    if dialog is None:
        return {}
    return {
        name: state.label
        for name, state in dialog.states.items()
        if state.label and any(c.means == "yes" for c in state.choices)
    }


def meaning(dialog: DialogModel, question: str, answer: str) -> tuple[str, str]:
    """Return a stored answer's question name and what it meant ("yes", "no", "unsure"),
    read from the check as it is now; an answer it no longer has means nothing ("")."""
    name = question.partition(":")[2] or question
    state = dialog.states.get(name)
    choice = next((c for c in state.choices if c.id == answer), None) if state else None
    return name, (choice.means or "") if choice else ""


def unread_interviews(turn: Turn, patterns: Patterns | None) -> list[dict[str, Any]]:
    """Name the offers and rejections the patterns leave out for want of a reading."""
    if patterns is None:
        return []
    outcomes = turn.store.outcomes(turn.user.id)
    found = []
    for interview_id in patterns.unread:
        interview = turn.store.get_interview(turn.user.id, interview_id)
        if interview is not None:
            found.append(
                {
                    "id": interview.id,
                    "company": interview.company,
                    "outcome": outcomes[interview_id],
                }
            )
    return found


def fill_in_button(turn: Turn, unread: dict[str, Any]) -> Choice:
    """Return the button that runs the signal check for an interview the patterns miss."""
    choice = turn.command_choice("signals", "fill_in_signals", interview_choice_id(unread["id"]))
    label = choice.label.format(company=unread["company"])[:40]
    return Choice(choice.id, label)
