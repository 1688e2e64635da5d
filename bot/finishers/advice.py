"""Finish the advice dialogs: follow-up, thank-you note, negotiation card, outcome, delete."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.finishers.base import (
    FinishCall,
    chosen_interview,
    interview_choice_id,
    no_interview_yet,
)
from bot.rules.patterns import Patterns, compare
from bot.rules.signals import SEEN, is_signal

SKIPPED = ("skip", "none")
ENDED = "the interview has an outcome"
SIGNALS_DIALOG = "signals"


def finish_followup(call: FinishCall) -> list[Reply]:
    """Close the follow-up advice."""
    nothing = chosen_interview(call.store, call.user.id, call.answers) is None
    if nothing and (first := no_interview_yet(call)):
        return first
    return [_reply(call, "followup/closed.j2", nothing=nothing)]


def finish_thankyou(call: FinishCall) -> list[Reply]:
    """Close the thank-you draft (marking it sent happened as the answer was taken)."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None and (first := no_interview_yet(call)):
        return first
    return [
        _reply(
            call,
            "thankyou/closed.j2",
            nothing=interview is None,
            sent=call.answers.get("step") == "sent",
        )
    ]


def finish_negotiate(call: FinishCall) -> list[Reply]:
    """Save the negotiation card and show it with how to use it."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    location = call.answers.get("location")
    labels = {
        "stay": "where I am now",
        "relocate": "open to relocating",
        "remote": "remote",
        "hybrid": "hybrid",
    }
    card = {
        "minimum": call.answers.get("minimum"),
        "ideal": call.answers.get("ideal"),
        "start": call.answers.get("start"),
        "location": labels.get(str(location), location),
        "evidence": None
        if call.answers.get("evidence") in SKIPPED
        else call.answers.get("evidence"),
    }
    call.store.add_negotiation(call.user.id, interview.id if interview else None, card, call.now)
    return [_reply(call, "negotiate/card.j2", card=card, interview=interview)]


def finish_outcome(call: FinishCall) -> list[Reply]:
    """Record the outcome (and the reflection after a no), then show any patterns."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None:
        return no_interview_yet(call) or [_reply(call, "outcome/recorded.j2", nothing=True)]
    outcome = str(call.answers.get("outcome"))
    call.store.set_outcome(call.user.id, interview.id, outcome, call.now)
    call.store.cancel_reminders(call.user.id, call.now, ENDED, interview_id=interview.id)
    if outcome == "rejected":
        went_well, improve = call.answers.get("went_well"), call.answers.get("improve")
        call.store.add_reflection(
            call.user.id,
            interview.id,
            None if went_well in SKIPPED else str(went_well),
            None if improve in SKIPPED else str(improve),
            call.now,
        )
    reply = _reply(
        call,
        "outcome/recorded.j2",
        nothing=False,
        outcome=outcome,
        interview=interview,
        patterns=patterns_for(call),
    )
    if outcome == "offer":
        negotiate = call.command_choice("negotiate", "negotiate", interview_choice_id(interview.id))
        return [Reply(reply.text, (negotiate, *reply.choices), token="menu")]
    return [reply]


def finish_delete(call: FinishCall) -> list[Reply]:
    """Delete every row of the user after a yes; the reply itself stores nothing."""
    deleted = call.answers.get("confirmed") == "yes"
    if deleted:
        call.store.delete_user(call.user.id)
    return [Reply(call.renderer.render("privacy/deleted.j2", deleted=deleted))]


def patterns_for(call: FinishCall) -> Patterns | None:
    """Compare the user's offers with their rejections, from their own readings and plans."""
    outcomes = call.store.outcomes(call.user.id)
    signals = call.dialogs.get(SIGNALS_DIALOG) if call.dialogs else None
    signal_labels = {
        name: state.label or name
        for name, state in (signals.states.items() if signals else [])
        if is_signal(state)
    }
    seen: dict[int, set[str]] = {}
    for interview_id in outcomes:
        readings = call.store.readings(call.user.id, interview_id)
        if readings:
            answers = call.store.reading_answers(call.user.id, readings[-1].id)
            seen[interview_id] = {a.question.partition(":")[2] for a in answers if a.answer == SEEN}
    done = {i: call.store.done_prep_items(call.user.id, i) for i in outcomes}
    prep_labels = {key: item.label for key, item in call.plan.items.items()} if call.plan else {}
    return compare(outcomes, seen, done, signal_labels, prep_labels)


def _reply(call: FinishCall, template: str, **context: object) -> Reply:
    return Reply(
        call.renderer.render(template, user=call.user, **context),
        choices=(call.command_choice("start", "menu"),),
        token="menu",
    )
