"""Finish the debrief: keep the discussion point and promised materials, arm the nudge."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.domain.reminders import Kind
from bot.finishers.base import (
    FinishCall,
    chosen_interview,
    interview_choice_id,
    no_interview_yet,
)
from bot.reminders.compose import thank_you_by
from bot.reminders.scheduling import remind_materials

SKIPPED = ("skip", "none")
REPLACED = "replaced by a newer debrief"


def finish_debrief(call: FinishCall) -> list[Reply]:
    """Save what the user noted and offer the signal check."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None:
        return no_interview_yet(call) or [_reply(call, "debrief/saved.j2", nothing=True)]
    point = call.answers.get("point")
    materials = call.answers.get("materials")
    call.store.set_debrief(
        call.user.id,
        interview.id,
        None if point in SKIPPED else str(point),
        None if materials in SKIPPED else str(materials),
    )
    saved = call.store.get_interview(call.user.id, interview.id)
    assert saved is not None
    if saved.promised_materials:
        row = remind_materials(call.store, call.user, saved, call.now)
        if row is not None:
            _drop_materials(call, saved.id, keep=row.id)
            call.reminders_changed([row])
    else:
        _drop_materials(call, saved.id, keep=None)
    reply = _reply(
        call, "debrief/saved.j2", interview=saved, nothing=False, thank_you_by=thank_you_by(saved)
    )
    signals = call.command_choice("signals", "read_signals", interview_choice_id(saved.id))
    return [Reply(reply.text, (signals, *reply.choices), token="menu")]


def _drop_materials(call: FinishCall, interview_id: int, keep: int | None) -> None:
    """Cancel the interview's pending materials nudges from an earlier debrief (one stays)."""
    for old in call.store.interview_reminders(call.user.id, interview_id):
        if old.kind is Kind.MATERIALS and old.id != keep:
            call.store.cancel_reminders(call.user.id, call.now, REPLACED, reminder_id=old.id)


def _reply(call: FinishCall, template: str, **context: object) -> Reply:
    return Reply(
        call.renderer.render(template, user=call.user, **context),
        choices=(call.command_choice("start", "menu"),),
        token="menu",
    )
