"""The finite-state dialog machine: where a user is, what they may answer, where it leads."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.content.dialog_models import FINISH, DialogModel, StateModel
from bot.content.dialogs import LoadedDialog
from bot.flow.validators import InputContext, Invalid, Validator

SESSION_VERSION = 1


@dataclass(frozen=True)
class Option:
    """A choice as shown to the user; `means` is what it answers to a yes/no question."""

    id: str
    label: str
    means: str | None = None


Provider = Callable[[str, Mapping[str, Any]], list[Option]]
"""Gives the dynamic choices of a state for a user id and the answers so far."""


@dataclass
class Session:
    """Where one user is inside one dialog; stored as plain JSON."""

    dialog: str
    state: str
    answers: dict[str, Any] = field(default_factory=dict)
    # (state, picked automatically?) for every state answered, so Back can undo them.
    history: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def qualified_state(self) -> str:
        """Return the namespaced state name, e.g. `signals:met_leaders`."""
        return f"{self.dialog}:{self.state}"

    def to_json(self) -> dict[str, Any]:
        """Return the session as JSON-ready data."""
        return {
            "v": SESSION_VERSION,
            "state": self.qualified_state,
            "answers": dict(self.answers),
            "history": [[f"{self.dialog}:{s}", auto] for s, auto in self.history],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Session:
        """Rebuild a session from `to_json` output; raises ValueError when malformed."""
        try:
            dialog, _, state = str(data["state"]).partition(":")
            history = [(str(s).partition(":")[2], bool(a)) for s, a in data.get("history", [])]
            answers = dict(data.get("answers", {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"malformed dialog state: {exc}") from exc
        if not dialog or not state:
            raise ValueError("malformed dialog state: no state name")
        return cls(dialog=dialog, state=state, answers=answers, history=history)


@dataclass(frozen=True)
class Answered:
    """One answer the engine took: at which state, and the value saved."""

    state: str
    value: Any


@dataclass(frozen=True)
class Moved:
    """The answer was taken; the session now waits at a new state."""

    session: Session
    answered: tuple[Answered, ...] = ()


@dataclass(frozen=True)
class Finished:
    """The last answer was taken; the finisher gets the session's answers."""

    session: Session
    answered: tuple[Answered, ...] = ()


@dataclass(frozen=True)
class Refused:
    """The answer was not taken; the reason, as an error template key."""

    reason: Invalid


class Engine:
    """Runs dialogs: begins them, takes answers, goes back."""

    def __init__(
        self,
        dialogs: Mapping[str, LoadedDialog],
        validators: Mapping[str, Validator],
        providers: Mapping[str, Provider],
    ) -> None:
        self.dialogs = dialogs
        self.validators = validators
        self.providers = providers

    def dialog(self, name: str) -> DialogModel:
        """Return dialog `name`; KeyError when there is none."""
        return self.dialogs[name].model

    def knows(self, session: Session) -> bool:
        """Tell whether a stored session still points at an existing dialog and state."""
        loaded = self.dialogs.get(session.dialog)
        return loaded is not None and session.state in loaded.model.states

    def state_of(self, session: Session) -> StateModel:
        """Return the state model the session waits at."""
        return self.dialog(session.dialog).states[session.state]

    def options(self, session: Session, user_id: str) -> list[Option]:
        """Return the choices of the session's current state (dynamic ones first)."""
        state = self.state_of(session)
        found: list[Option] = []
        if state.choices_from:
            found.extend(self.providers[state.choices_from](user_id, session.answers))
        found.extend(Option(c.id, c.label, c.means) for c in state.choices)
        return found

    def begin(
        self,
        name: str,
        user_id: str,
        answers: Mapping[str, Any] | None = None,
        preset: Mapping[str, Any] | None = None,
    ) -> Moved | Finished:
        """Start dialog `name` at its first open question.

        `answers` answer its first questions up front, as if their buttons were pressed (a
        routed "I got the offer"); `preset` is data the dialog starts with (what was read from
        a pasted invitation), kept in the answers without answering any question.
        """
        given = dict(answers or {})
        start = Session(dialog=name, state=self.dialog(name).start, answers=dict(preset or {}))
        step = self._settle(start, user_id)
        answered: tuple[Answered, ...] = step.answered
        # Answers given up front (a routed "I got the offer") answer their questions in turn.
        while isinstance(step, Moved):
            state = self.state_of(step.session)
            value = given.get(state.save_as) if state.save_as else None
            if value is None or value not in {o.id for o in self.options(step.session, user_id)}:
                break
            step = self._advance(step.session, user_id, value, auto=True)
            answered += step.answered
        return replace(step, answered=answered)

    def choose(self, session: Session, user_id: str, choice_id: str) -> Moved | Finished | Refused:
        """Take a pressed or typed choice."""
        ids = {o.id for o in self.options(session, user_id)}
        if choice_id not in ids:
            state = self.state_of(session)
            return Refused(Invalid("type_answer" if state.input is not None else "pick_one"))
        return self._advance(session, user_id, choice_id, auto=False)

    def type_text(
        self, session: Session, user_id: str, text: str, context: InputContext
    ) -> Moved | Finished | Refused:
        """Take a free-text answer, checked by the state's validator."""
        state = self.state_of(session)
        if state.input is None:
            return Refused(Invalid("pick_one"))
        checked = self.validators[state.input.validator].check(text, context)
        if isinstance(checked, Invalid):
            return Refused(checked)
        return self._advance(session, user_id, checked, auto=False)

    def back(self, session: Session) -> Session | None:
        """Return the session one question back, or None when this is the first question."""
        history = list(session.history)
        answers = dict(session.answers)
        dialog = self.dialog(session.dialog)
        while history:
            previous, auto = history.pop()
            key = dialog.states[previous].save_as if previous in dialog.states else None
            # After a loop ("No, change it"), an earlier visit of this state (or another state
            # saving to the same key) is still in the history and its answer still needed.
            if key and not any(
                s in dialog.states and dialog.states[s].save_as == key for s, _ in history
            ):
                answers.pop(key, None)
            if not auto:
                return Session(session.dialog, previous, answers, history)
        return None

    def _advance(
        self, session: Session, user_id: str, value: Any, *, auto: bool
    ) -> Moved | Finished:
        state = self.state_of(session)
        answers = dict(session.answers)
        if state.save_as:
            answers[state.save_as] = value
        target = next((c.next for c in state.choices if c.id == value and c.next), None)
        target = target or state.next
        if target is None:  # the loader refuses such dialogs; keep the engine total anyway
            raise ValueError(f"{session.qualified_state} has no next state for {value!r}")
        history = [*session.history, (session.state, auto)]
        moved = Session(session.dialog, target, answers, history)
        answered = (Answered(session.state, value),)
        if target == FINISH:
            return Finished(moved, answered)
        settled = self._settle(moved, user_id)
        if isinstance(settled, Finished):
            return Finished(settled.session, answered + settled.answered)
        return Moved(settled.session, answered + settled.answered)

    def _settle(self, session: Session, user_id: str) -> Moved | Finished:
        """Skip states whose only choice can be picked without asking."""
        state = self.state_of(session)
        if state.skip_if_single:
            options = self.options(session, user_id)
            if len(options) == 1:
                return self._advance(session, user_id, options[0].id, auto=True)
        if state.auto_pick_record and state.choices_from:
            records = self.providers[state.choices_from](user_id, session.answers)
            if len(records) == 1:
                return self._advance(session, user_id, records[0].id, auto=True)
            if not records and len(state.choices) == 1:
                return self._advance(session, user_id, state.choices[0].id, auto=True)
        return Moved(session)
