"""Questions put aside: the open question waits while the user asks for something else.

A question is parked when a message asks for something else (a routed question, a command
that opens another dialog, a pasted invitation) or arrives hours after the question was asked.
A "Back to …" button then brings it back, on the reply and on the main menu, until the user
returns to it or starts that dialog afresh. A message that could not be placed is kept with
the question, so "Use it as the answer" can still take it: nothing typed is dropped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.coach.parts import Parts
from bot.domain.events import Choice, Reply
from bot.domain.records import User
from bot.flow.engine import Session

PARK_PREFIX = "park:"
RESUME = "park:resume"
"""The "Back to …" button: the parked question becomes the open one again."""
USE_TEXT = "park:use"
"""Answer the parked question with the message that could not be placed."""
SHOW = "park:show"
"""Under a straight answer given mid-question: show the question, still open, again."""
STALE_AFTER = timedelta(hours=3)
"""A question asked longer ago than this no longer takes free text as its answer."""


class Parking:
    """Parks the open question, and offers the way back to it."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts

    def is_stale(self, user: User) -> bool:
        """Tell whether the open question was asked so long ago that a message is news."""
        asked = self.parts.store.dialog_state_saved_at(user.id)
        return asked is not None and self.parts.clock.now() - asked > STALE_AFTER

    def park(self, user: User, session: Session, text: str | None = None) -> None:
        """Put the open question aside (with a message kept for it); no question is open."""
        store = self.parts.store
        with store.atomic():
            store.park_question(user.id, session.to_json(), text, self.parts.clock.now())
            store.clear_dialog_state(user.id)

    def parked(self, user: User) -> tuple[Session, str | None] | None:
        """Return the parked question and the message kept for it; None when there is none
        (or it no longer fits the dialogs, when it is forgotten)."""
        found = self.parts.store.parked_question(user.id)
        if found is None:
            return None
        try:
            session = Session.from_json(found.state)
        except ValueError:
            session = None
        if session is None or not self.parts.engine.knows(session):
            self.parts.store.drop_parked_question(user.id)
            return None
        return session, found.text

    def forget(self, user: User) -> None:
        """Forget the parked question (it was resumed, or its dialog started afresh)."""
        self.parts.store.drop_parked_question(user.id)

    def forget_if(self, user: User, dialog: str) -> None:
        """Forget the parked question when it belongs to `dialog` (just started afresh)."""
        parked = self.parked(user)
        if parked is not None and parked[0].dialog == dialog:
            self.forget(user)

    def resume_choice(self, user: User) -> Choice | None:
        """Return the "Back to …" button of the parked question, or None."""
        parked = self.parked(user)
        if parked is None:
            return None
        title = self.parts.engine.dialog(parked[0].dialog).title
        return Choice(RESUME, self.parts.renderer.label("resume").format(title=title))

    def offer(self, user: User, replies: list[Reply]) -> list[Reply]:
        """Add the "Back to …" button to the last reply, when a question is parked."""
        choice = self.resume_choice(user)
        if choice is None or not replies:
            return replies
        last = replies[-1]
        if any(c.id == RESUME for c in last.choices):
            return replies
        return [*replies[:-1], replace(last, choices=(*last.choices, choice))]
