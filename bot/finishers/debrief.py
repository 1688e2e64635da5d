"""Finish the debrief: keep the discussion point and promised materials, arm the nudge."""

from __future__ import annotations

from bot.core.events import Reply
from bot.finishers.base import FinishCall, chosen_interview, interview_choice_id
from bot.reminders.scheduling import remind_materials

SKIPPED = ("skip", "none")


def finish_debrief(call: FinishCall) -> list[Reply]:
    """Save what the user noted and offer the signal check."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None:
        return [_reply(call, "debrief/saved.j2", nothing=True)]
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
            call.reminders_changed([row])
    reply = _reply(call, "debrief/saved.j2", interview=saved, nothing=False)
    signals = call.command_choice("signals", "read_signals", interview_choice_id(saved.id))
    return [Reply(reply.text, (signals, *reply.choices), token="menu")]


def _reply(call: FinishCall, template: str, **context: object) -> Reply:
    return Reply(
        call.renderer.render(template, user=call.user, **context),
        choices=(call.command_choice("start", "menu"),),
        token="menu",
    )
