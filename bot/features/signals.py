"""/signals: the hiring-signal check. Score the answers, keep the reading, explain it."""

from __future__ import annotations

from markupsafe import Markup

from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import Interview
from bot.features.common import interview_choice_id, interview_for
from bot.flow.hooks import MENU_TOKEN, Hooks, Turn
from bot.rules.signals import Earlier, Line, SignalResult, earlier, score

hooks = Hooks("signals")


@hooks.finish("signals")
def finish(turn: Turn) -> list[Reply]:
    """Score the answers, save the reading, and reply with what it suggests."""
    assert turn.dialog is not None
    interview = interview_for(turn)
    result = score(turn.dialog, turn.answers)
    readings = turn.store.readings(turn.user.id, interview.id)
    previous = None
    if readings:
        last = readings[-1]
        previous = earlier(turn.dialog, last, turn.store.reading_answers(turn.user.id, last.id))
    turn.store.save_reading(
        turn.user.id, interview.id, result.score, result.band.name, result.answers, turn.now
    )
    return [
        Reply(
            reading_text(turn.renderer, result, interview, previous),
            choices=(
                turn.command_choice("signals", "retake_signals", interview_choice_id(interview.id)),
                turn.command_choice("start", "menu"),
            ),
            token=MENU_TOKEN,
        )
    ]


def reading_text(
    renderer: Renderer, result: SignalResult, interview: Interview, previous: Earlier | None
) -> str:
    """Render a reading: band and score together, what each sign suggests, what it can't know."""

    answers = {row.question.partition(":")[2]: row.answer for row in result.answers}

    def note(line: Line) -> Markup | None:
        if line.note is None:
            return None
        return Markup(renderer.text(line.note, interview=interview, answers=answers))

    return renderer.render(
        "signals/result.j2",
        result=result,
        interview=interview,
        previous=previous,
        band_summary=Markup(renderer.text(result.band.summary, result=result)),
        note=note,
    )
