"""Finish a signal check: score it, store the reading with its interview, explain it."""

from __future__ import annotations

from markupsafe import Markup

from bot.domain.events import Reply
from bot.finishers.base import FinishCall, interview_choice_id, interview_for
from bot.rules.signals import Line, score


def finish_signals(call: FinishCall) -> list[Reply]:
    """Score the answers, save the reading, and reply with what it suggests."""
    interview = interview_for(call)
    result = score(call.dialog, call.answers)
    earlier = call.store.readings(call.user.id, interview.id)
    call.store.save_reading(
        call.user.id, interview.id, result.score, result.band.name, result.answers, call.now
    )

    def note(line: Line) -> Markup | None:
        if line.note is None:
            return None
        return Markup(call.renderer.text(line.note, interview=interview))

    text = call.renderer.render(
        "signals/result.j2",
        result=result,
        interview=interview,
        previous=earlier[-1] if earlier else None,
        band_summary=Markup(call.renderer.text(result.band.summary, result=result)),
        note=note,
    )
    return [
        Reply(
            text,
            choices=(
                call.command_choice("signals", "retake_signals", interview_choice_id(interview.id)),
                call.command_choice("start", "menu"),
            ),
            token="menu",
        )
    ]
