"""/thankyou: the thank-you note drafted from the interview's own facts, one to the panel or one
per interviewer, signed with the user's name; marking it sent. The coach never sends a note.

`Drafts` is also what /followup's draft and every dialog template read (`drafts` in their
context): the greeting's first names, the discussion point as it finishes a sentence, the
promised items, the signature and the thank-you deadline (interview end + 24 h).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import NAME_CHOSEN_KEY, NAME_KEY, Interview, Promise, User
from bot.domain.reminders import MARKED_SENT, Kind
from bot.features.common import cancel_kind, closing, no_interview_yet, the_interview
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.parsing.discussion import topic_of
from bot.parsing.materials import read_materials
from bot.parsing.people import Person, clean_name, read_people
from bot.rules.downtime import thank_you_by

hooks = Hooks("thankyou")

EACH = "each"
"""The choice that shows one note per interviewer."""
MAX_EACH = 4
"""The most notes shown one each: they share one message (a Telegram message holds ~4,000
characters), and a larger panel is better thanked in one note."""


class Drafts:
    """Notes to copy and send: rendered from the interview's own facts, user text escaped."""

    def __init__(self, renderer: Renderer, user: User, interview: Interview, now: datetime) -> None:
        self.renderer, self.user, self.interview, self.now = renderer, user, interview, now

    @cached_property
    def people(self) -> tuple[Person, ...]:
        """Return the interviewers, read from how they were typed (names and roles)."""
        return read_people(self.interview.interviewers)

    @cached_property
    def names(self) -> list[str]:
        """Return the first names to greet, each once, in the order given (roles never)."""
        found: list[str] = []
        for person in self.people:
            first = person.first_name
            if first is not None and first not in found:
                found.append(first)
        return found

    @cached_property
    def topic(self) -> str | None:
        """Return the discussion point as it finishes "our conversation about …", or None."""
        return topic_of(self.interview.discussion_point)

    @property
    def point_unused(self) -> bool:
        """Tell whether a discussion point was noted that no sentence of the note can carry."""
        return bool(self.interview.discussion_point) and self.topic is None

    @cached_property
    def promises(self) -> tuple[Promise, ...]:
        """Return the promised items (read from the typed words for a debrief saved before
        items were kept)."""
        if self.interview.materials or not self.interview.promised_materials:
            return self.interview.materials
        return read_materials(
            self.interview.promised_materials, self.user.zone, self.now, self.interview.ends_at
        )

    @property
    def signature(self) -> str | None:
        """Return the name the notes are signed with, or None (no placeholder is put in)."""
        return self.user.name

    @property
    def due_by(self) -> datetime | None:
        """Return when the thank-you note is due: 24 hours after the interview ends (UTC)."""
        return thank_you_by(self.interview)

    @cached_property
    def thank_you(self) -> Markup:
        """Return the thank-you note to the whole panel."""
        return self._thank_you(self.names)

    @cached_property
    def each(self) -> list[Markup]:
        """Return one thank-you note per named interviewer."""
        return [self._thank_you([name]) for name in self.names]

    @cached_property
    def recruiter(self) -> str | None:
        """Return the first name of the recruiter (or HR, talent partner) among the people."""
        return next((p.first_name for p in self.people if p.recruiter and p.first_name), None)

    @cached_property
    def follow_up(self) -> Markup:
        """Return the follow-up note: to the recruiter when one is named among the people,
        else to the first interviewer, else to no one by name."""
        names = [self.recruiter] if self.recruiter else self.names[:1]
        return self._render("drafts/follow_up.j2", names=names)

    def _thank_you(self, names: Sequence[str]) -> Markup:
        attached = [p.item for p in self.promises if p.due is None]
        later = [p for p in self.promises if p.due is not None]
        return self._render(
            "drafts/thank_you.j2", names=list(names), attached=attached, later=later
        )

    def _render(self, template: str, **context: Any) -> Markup:
        return Markup(
            self.renderer.render(
                template,
                user=self.user,
                interview=self.interview,
                topic=self.topic,
                signature=self.signature,
                **context,
            )
        )


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the notes drafted for the interview (thank-you and follow-up)."""
    if interview is None:
        return {"drafts": None}
    return {"drafts": Drafts(turn.renderer, turn.user, interview, turn.now)}


@hooks.choices("thank_you_layout")
def layout(turn: Turn) -> list[Option]:
    """Offer one note per interviewer when two to four are named."""
    interview = the_interview(turn)
    if interview is None:
        return []
    if not 2 <= len(Drafts(turn.renderer, turn.user, interview, turn.now).names) <= MAX_EACH:
        return []
    return [Option(EACH, turn.renderer.label("thank_you_each"))]


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


@hooks.on_answer("save_name")
def save_name(turn: Turn, value: Any) -> list[Reply]:
    """Keep the name the user's notes are signed with; the transport's never replaces it."""
    name = clean_name(str(value))
    if name is None:
        return [turn.said("thankyou/name_unclear.j2", given=str(value), user=turn.user)]
    turn.store.set_preference(turn.user.id, NAME_KEY, name, turn.now)
    turn.store.set_preference(turn.user.id, NAME_CHOSEN_KEY, True, turn.now)
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
