"""Run one step of a dialog (or one command) and write all it did in one transaction."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.coach.parts import Parts
from bot.coach.screens import BACK, CANCEL, Screens
from bot.domain.events import Reply
from bot.domain.records import User
from bot.features.common import interview_end
from bot.flow.engine import Finished, Moved, Refused, Session
from bot.flow.validators import InputContext

logger = logging.getLogger(__name__)

ECHO_LIMIT = 32
"""Longest command name echoed back in an "unknown command" reply."""


class Runner:
    """Begins dialogs, takes answers and runs commands; the store sees whole turns only."""

    def __init__(self, parts: Parts, screens: Screens) -> None:
        self.parts, self.screens = parts, screens

    # state

    def load_session(self, user: User) -> tuple[Session | None, bool]:
        """Return the saved session; `lost` is True when it no longer fits the dialogs."""
        store = self.parts.store
        data = store.load_dialog_state(user.id)
        if data is None:
            return None, False
        try:
            session = Session.from_json(data)
        except ValueError:
            session = None
        if session is None or not self.parts.engine.knows(session):
            logger.info("user %s had a dialog state that no longer exists; reset", user.id)
            store.clear_dialog_state(user.id)
            return None, True
        return session, False

    def save(self, user: User, session: Session) -> None:
        """Keep where the user is in their dialog."""
        self.parts.store.save_dialog_state(user.id, session.to_json(), self.parts.clock.now())

    # commands

    def run_command(self, user: User, session: Session | None, name: str, args: str) -> list[Reply]:
        """Run /name: start its dialog or its feature's command; unknown names are told so."""
        screens = self.screens
        command = self.parts.commands.get(name)
        if command is None:
            shown = name[:ECHO_LIMIT] + ("…" if len(name) > ECHO_LIMIT else "")
            head = screens.say("core/unknown_command.j2", name=shown, commands=self.parts.commands)
            return [head, screens.where_they_were(user, session)]
        if command.planned:
            head = screens.say("core/not_built.j2", name=name, command=command)
            return [head, screens.where_they_were(user, session)]
        if command.dialog:
            if session is not None and session.dialog != command.dialog:
                self.screens.parking.park(user, session)
            typed = args if command.text else ""
            replies = self.begin(user, command.dialog, args, typed=typed)
            return self.screens.parking.offer(user, replies)
        assert command.action is not None  # the command list is checked when loaded
        action = self.parts.registry.commands[command.action]
        turn = self.parts.services.turn(
            user, screens=screens.for_turn(user, session), in_dialog=session is not None
        )
        with self.parts.store.atomic():
            replies = action(turn)
        self.parts.report(turn)
        return replies

    # dialogs

    def begin(
        self,
        user: User,
        dialog: str,
        args: str,
        answers: Mapping[str, Any] | None = None,
        preset: Mapping[str, Any] | None = None,
        *,
        typed: str = "",
    ) -> list[Reply]:
        """Start a dialog. An argument naming one of the first question's choices answers it
        ("/signals i12" from a "Take the check again" button); `typed` (the same argument, for a
        command whose arguments are text) is typed into a first question that takes text
        ("/remind tomorrow at 9 to call Ana"), and a refused one leaves that question open with
        the reason. `answers` and `preset`: see Engine.begin."""
        engine = self.parts.engine
        self.screens.parking.forget_if(user, dialog)
        step: Moved | Finished | Refused = engine.begin(dialog, user.id, answers, preset)
        if args and isinstance(step, Moved):
            chosen = engine.choose(step.session, user.id, args)
            if isinstance(chosen, Refused) and typed and engine.state_of(step.session).input:
                read = self.type_step(user, step.session, typed)
                if isinstance(read, Refused):
                    self.take(user, step)  # keep the open question, then say why
                    return self.screens.refuse(user, step.session, read.reason, given=typed)
                chosen = read
            if not isinstance(chosen, Refused):
                chosen = replace(chosen, answered=step.answered + chosen.answered)
                step = chosen
        return self.take(user, step)

    def answer(
        self, user: User, session: Session, *, choice: str | None = None, text: str | None = None
    ) -> list[Reply]:
        """Take an answer to the open question: a button, or typed text."""
        engine = self.parts.engine
        if choice == CANCEL:
            return self.run_command(user, session, "cancel", "")
        if choice == BACK:
            previous = engine.back(session)
            if previous is None:
                return [
                    self.screens.say("core/at_first_question.j2"),
                    self.screens.prompt(user, session),
                ]
            self.save(user, previous)
            return [self.screens.prompt(user, previous)]
        if choice is not None:
            step = engine.choose(session, user.id, choice)
        else:
            step = self.type_step(user, session, text or "")
        if isinstance(step, Refused):
            return self.screens.refuse(user, session, step.reason)
        return self.take(user, step)

    def type_step(self, user: User, session: Session, text: str) -> Moved | Finished | Refused:
        """Type text into the open question, read in the user's zone and the interview's time."""
        anchor = interview_end(self.parts.store, user.id, dict(session.answers))
        context = InputContext(now=self.parts.clock.now(), zone=user.zone, anchor=anchor)
        return self.parts.engine.type_text(session, user.id, text, context)

    def take(self, user: User, step: Moved | Finished | Refused) -> list[Reply]:
        """Write what an answer did (actions, the new state or the result) in one transaction."""
        assert not isinstance(step, Refused)
        registry = self.parts.registry
        dialog = self.parts.engine.dialog(step.session.dialog)
        turn = self.parts.services.turn(user, step.session.answers, dialog=step.session.dialog)
        replies: list[Reply] = []
        with self.parts.store.atomic():
            for answered in step.answered:
                action = dialog.states[answered.state].on_answer
                if action is not None:
                    replies += registry.actions[action](turn, answered.value)
            if isinstance(step, Finished):
                replies += registry.finishers[dialog.finish](turn)
                self.parts.store.clear_dialog_state(user.id)
            else:
                self.save(user, step.session)
        self.parts.report(turn)
        if isinstance(step, Moved):
            if any(dialog.states[a.state].on_answer for a in step.answered):
                # An action may have changed the user (the timezone the next question reads in).
                user = self.parts.store.get_user(user.id) or user
            replies.append(self.screens.prompt(user, step.session))
        return replies
