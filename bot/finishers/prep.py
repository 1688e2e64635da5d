"""Finish the prep dialog: the plan is saved as it goes, so just say where to find it."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.finishers.base import FinishCall, no_interview_yet


def finish_prep(call: FinishCall) -> list[Reply]:
    """Close the plan (or point to /interviews when there is none)."""
    nothing = call.answers.get("interview") == "none"
    if nothing and (first := no_interview_yet(call)):
        return first
    choices = (call.command_choice("interviews", "my_interviews"),) if nothing else ()
    return [
        Reply(
            call.renderer.render("prep/closed.j2", nothing=nothing),
            choices=(*choices, call.command_choice("start", "menu")),
            token="menu",
        )
    ]


def finish_reminders(call: FinishCall) -> list[Reply]:
    """Close the reminders list."""
    return [
        Reply(
            call.renderer.render("reminders/closed.j2"),
            choices=(call.command_choice("start", "menu"),),
            token="menu",
        )
    ]
