"""/debrief: right after the interview, keep the discussion point (as the end of "I enjoyed our
conversation about …") and the promised materials (items with their due days)."""

from __future__ import annotations

from typing import Any

from bot.domain.events import Reply
from bot.domain.records import Interview, Promise
from bot.domain.reminders import Kind
from bot.features.common import (
    SKIPPED,
    closing,
    interview_choice_id,
    no_interview_yet,
    save_decision,
    the_interview,
    with_button_first,
)
from bot.flow.hooks import Hooks, Turn
from bot.parsing.discussion import topic_of
from bot.parsing.materials import read_materials, says_nothing
from bot.reminders.scheduling import follow_up_day, remind_materials
from bot.rules.downtime import thank_you_by

hooks = Hooks("debrief")

REPLACED = "replaced by a newer debrief"
PROMISED = "promised"
"""The "Yes" of the materials question: it asks what, and the answer comes next."""


def promises(turn: Turn, interview: Interview, value: object) -> tuple[Promise, ...]:
    """Read the materials answer as items with due days, counted from the interview's end."""
    if not isinstance(value, str) or value in (*SKIPPED, PROMISED):
        return ()
    return read_materials(value, turn.user.zone, turn.now, interview.ends_at)


@hooks.on_answer("materials_given")
def materials_given(turn: Turn, value: Any) -> list[Reply]:
    """Say so when the words name nothing to send ("yeah I did"), rather than keep them."""
    interview = the_interview(turn)
    if interview is None or not isinstance(value, str) or value in (*SKIPPED, PROMISED):
        return []
    if promises(turn, interview, value) or says_nothing(value):
        return []
    return [turn.said("debrief/materials_unclear.j2", given=value)]


@hooks.finish("debrief")
def finish(turn: Turn) -> list[Reply]:
    """Save what the user noted, arm the materials nudge, and offer the signal check."""
    interview = the_interview(turn)
    if interview is None:
        return no_interview_yet(turn) or [closing(turn, "debrief/saved.j2", nothing=True)]
    point = turn.answers.get("point")
    items = promises(turn, interview, turn.answers.get("materials"))
    turn.store.set_debrief(
        turn.user.id,
        interview.id,
        None if point in SKIPPED else str(point),
        str(turn.answers["materials"]) if items else None,
    )
    turn.store.set_materials(turn.user.id, interview.id, items)
    saved = turn.store.get_interview(turn.user.id, interview.id)
    assert saved is not None
    saved = save_decision(turn, saved, turn.answers.get("timeframe"))
    if saved.promised_materials:
        row = remind_materials(turn.store, turn.user, saved, turn.now)
        if row is not None:
            _drop_materials(turn, saved.id, keep=row.id)
            turn.reminders_changed([row])
    else:
        _drop_materials(turn, saved.id, keep=None)
    follow_up_on, _ = follow_up_day(turn.store, turn.user, saved)
    reply = closing(
        turn,
        "debrief/saved.j2",
        interview=saved,
        nothing=False,
        topic=topic_of(saved.discussion_point, to_them=False),
        thank_you_by=thank_you_by(saved),
        follow_up_on=follow_up_on,
    )
    signals = turn.command_choice("signals", "read_signals", interview_choice_id(saved.id))
    return [with_button_first(reply, signals)]


def _drop_materials(turn: Turn, interview_id: int, keep: int | None) -> None:
    """Cancel the interview's pending materials nudges from an earlier debrief (one stays)."""
    for old in turn.store.interview_reminders(turn.user.id, interview_id):
        if old.kind is Kind.MATERIALS and old.id != keep:
            turn.store.cancel_reminders(turn.user.id, turn.now, REPLACED, reminder_id=old.id)
