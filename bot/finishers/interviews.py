"""Finish the interviews dialog: record a new interview, or leave the list."""

from __future__ import annotations

from bot.core.events import Reply
from bot.finishers.base import FinishCall, interview_choice_id, interview_for


def finish_interviews(call: FinishCall) -> list[Reply]:
    """Add the interview the user described, or close the list."""
    if call.answers.get("action") != "add":
        return [
            Reply(
                call.renderer.render("interviews/closed.j2"),
                choices=(call.command_choice("start", "menu"),),
                token="menu",
            )
        ]
    interview = interview_for(call)
    return [
        Reply(
            call.renderer.render("interviews/added.j2", interview=interview),
            choices=(
                call.command_choice("signals", "read_signals", interview_choice_id(interview.id)),
                call.command_choice("interviews", "my_interviews"),
                call.command_choice("start", "menu"),
            ),
            token="menu",
        )
    ]
