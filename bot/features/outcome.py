"""/outcome: record an offer, a rejection or silence; reflect after a no; show patterns."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.features.common import (
    SKIPPED,
    closing,
    interview_choice_id,
    no_interview_yet,
    the_interview,
    with_button_first,
)
from bot.flow.hooks import Hooks, Turn
from bot.rules.patterns import Patterns, compare
from bot.rules.signals import SEEN, is_signal

hooks = Hooks("outcome")

ENDED = "the interview has an outcome"
SIGNALS_DIALOG = "signals"


@hooks.finish("outcome")
def finish(turn: Turn) -> list[Reply]:
    """Record the outcome (and the reflection after a no), then show any patterns."""
    interview = the_interview(turn)
    if interview is None:
        return no_interview_yet(turn) or [closing(turn, "outcome/recorded.j2", nothing=True)]
    outcome = str(turn.answers.get("outcome"))
    turn.store.set_outcome(turn.user.id, interview.id, outcome, turn.now)
    turn.store.cancel_reminders(turn.user.id, turn.now, ENDED, interview_id=interview.id)
    if outcome == "rejected":
        went_well, improve = turn.answers.get("went_well"), turn.answers.get("improve")
        turn.store.add_reflection(
            turn.user.id,
            interview.id,
            None if went_well in SKIPPED else str(went_well),
            None if improve in SKIPPED else str(improve),
            turn.now,
        )
    reply = closing(
        turn,
        "outcome/recorded.j2",
        nothing=False,
        outcome=outcome,
        interview=interview,
        patterns=patterns_for(turn),
    )
    if outcome == "offer":
        negotiate = turn.command_choice("negotiate", "negotiate", interview_choice_id(interview.id))
        return [with_button_first(reply, negotiate)]
    return [reply]


def patterns_for(turn: Turn) -> Patterns | None:
    """Compare the user's offers with their rejections, from their own readings and plans."""
    outcomes = turn.store.outcomes(turn.user.id)
    signals = turn.dialogs.get(SIGNALS_DIALOG)
    signal_labels = {
        name: state.label or name
        for name, state in (signals.states.items() if signals else [])
        if is_signal(state)
    }
    seen: dict[int, set[str]] = {}
    for interview_id in outcomes:
        readings = turn.store.readings(turn.user.id, interview_id)
        if readings:
            answers = turn.store.reading_answers(turn.user.id, readings[-1].id)
            seen[interview_id] = {a.question.partition(":")[2] for a in answers if a.answer == SEEN}
    done = {i: turn.store.done_prep_items(turn.user.id, i) for i in outcomes}
    prep_labels = {key: item.label for key, item in turn.plan.items.items()}
    return compare(outcomes, seen, done, signal_labels, prep_labels)
