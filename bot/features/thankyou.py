"""/thankyou: the thank-you note drafted from the interview's facts, and marking it sent."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from markupsafe import Markup

from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import MARKED_SENT, Kind
from bot.features.common import cancel_kind, closing, no_interview_yet, the_interview
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("thankyou")


class Drafts:
    """Notes to copy and send: rendered from the interview's own facts, user text escaped."""

    def __init__(self, renderer: Renderer, user: User, interview: Interview) -> None:
        self.renderer, self.user, self.interview = renderer, user, interview

    @cached_property
    def thank_you(self) -> Markup:
        """Return the thank-you note."""
        return self._render("drafts/thank_you.j2")

    @cached_property
    def follow_up(self) -> Markup:
        """Return the follow-up note."""
        return self._render("drafts/follow_up.j2")

    def _render(self, template: str) -> Markup:
        return Markup(self.renderer.render(template, user=self.user, interview=self.interview))


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the notes drafted for the interview (thank-you and follow-up)."""
    if interview is None:
        return {"drafts": None}
    return {"drafts": Drafts(turn.renderer, turn.user, interview)}


def thank_you_sent(turn: Turn, interview_id: int) -> None:
    """Record the thank-you note as sent and stop its nudges."""
    turn.store.mark_interview(turn.user.id, interview_id, "thank_you_sent_at", turn.now)
    cancel_kind(turn, interview_id, Kind.THANK_YOU, MARKED_SENT)


@hooks.on_answer("thank_you_step")
def step(turn: Turn, value: Any) -> list[Reply]:
    """Mark the thank-you note sent when the user says so."""
    interview = the_interview(turn)
    if interview is not None and value == "sent":
        thank_you_sent(turn, interview.id)
    return []


@hooks.on_answer("save_point")
def save_point(turn: Turn, value: Any) -> list[Reply]:
    """Keep the discussion point the thank-you note refers to."""
    interview = the_interview(turn)
    if interview is not None:
        turn.store.set_debrief(turn.user.id, interview.id, str(value), interview.promised_materials)
    return []


@hooks.finish("thankyou")
def finish(turn: Turn) -> list[Reply]:
    """Close the thank-you draft (marking it sent happened as the answer was taken)."""
    interview = the_interview(turn)
    if interview is None and (first := no_interview_yet(turn)):
        return first
    return [
        closing(
            turn,
            "thankyou/closed.j2",
            nothing=interview is None,
            sent=turn.answers.get("step") == "sent",
        )
    ]
