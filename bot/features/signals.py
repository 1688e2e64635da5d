"""/signals: the hiring-signal check. Score the answers, keep the reading, explain it."""

from __future__ import annotations

from markupsafe import Markup

from bot.domain.events import Reply
from bot.features.common import interview_choice_id, interview_for
from bot.flow.hooks import MENU_TOKEN, Hooks, Turn
from bot.rules.signals import Line, score

hooks = Hooks("signals")


@hooks.finish("signals")
def finish(turn: Turn) -> list[Reply]:
    """Score the answers, save the reading, and reply with what it suggests."""
    assert turn.dialog is not None
    interview = interview_for(turn)
    result = score(turn.dialog, turn.answers)
    earlier = turn.store.readings(turn.user.id, interview.id)
    turn.store.save_reading(
        turn.user.id, interview.id, result.score, result.band.name, result.answers, turn.now
    )

    def note(line: Line) -> Markup | None:
        if line.note is None:
            return None
        return Markup(turn.renderer.text(line.note, interview=interview))

    text = turn.renderer.render(
        "signals/result.j2",
        result=result,
        interview=interview,
        previous=earlier[-1] if earlier else None,
        band_summary=Markup(turn.renderer.text(result.band.summary, result=result)),
        note=note,
    )
    return [
        Reply(
            text,
            choices=(
                turn.command_choice("signals", "retake_signals", interview_choice_id(interview.id)),
                turn.command_choice("start", "menu"),
            ),
            token=MENU_TOKEN,
        )
    ]
