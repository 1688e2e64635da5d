"""What a feature registers next to its code, and the Turn every hook receives.

A feature module makes one `Hooks`, decorates its functions with the names the YAML uses
(`@hooks.finish("followup")` for `finish: followup`), and is switched on by being listed in
`bot/features/__init__.py`. The dialog loader checks every name a dialog uses against the
merged registry, so a typo in YAML is an error at start-up, not at the user's turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar

from bot.clock import Clock
from bot.content.commands import CommandModel
from bot.content.dialog_models import DialogModel
from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import ReminderRow
from bot.flow.engine import Option, Provider
from bot.store import Store

COMMAND_PREFIX = "cmd:"
"""A button that runs a command: "cmd:NAME ARG" (the argument answers its first question)."""
MENU_TOKEN = "menu"
"""The token of menus and of results: their command buttons are never stale."""

ReminderListener = Callable[[Sequence[ReminderRow]], None]
"""Told about reminders a turn created or moved, so one due soon is armed at once."""


class Screens(Protocol):
    """The coach's standard screens for this turn's user, for commands that end on one."""

    def menu(self) -> Reply:
        """Return the main menu."""

    def where_they_were(self) -> Reply:
        """Return the open question again, or the menu when none is open."""

    def resume(self) -> list[Reply]:
        """Return what someone coming back sees: the open question, or the menu."""


@dataclass
class Turn:
    """One user's turn as a hook sees it: who, what they answered, and what it may use.

    It runs inside one transaction. Reminders a hook adds or moves are reported through
    `reminders_changed`; the coach hands them to the delivery once the transaction is written.
    """

    user: User
    answers: dict[str, Any]
    store: Store
    renderer: Renderer
    now: datetime
    plan: PrepPlan
    dialogs: Mapping[str, DialogModel]
    """Every dialog, for hooks that read another dialog's definition (signal labels)."""
    commands: Mapping[str, CommandModel]
    dialog: DialogModel | None = None
    """The dialog the turn is in (None for a command or a button outside any dialog)."""
    screens: Screens | None = None
    in_dialog: bool = False
    """Whether a question was open when the turn began (commands that end on a screen)."""
    changed: list[ReminderRow] = field(default_factory=list)
    erased: bool = False
    """Set by a hook that deleted a user's words: once written, the store scrubs its log."""

    def reminders_changed(self, rows: Iterable[ReminderRow]) -> None:
        """Report reminders this turn added or moved."""
        self.changed.extend(rows)

    def command_choice(self, command: str, label_key: str, arg: str = "") -> Choice:
        """Return a button that runs /command (with `arg`, which answers its first question)."""
        suffix = f" {arg}" if arg else ""
        return Choice(id=f"{COMMAND_PREFIX}{command}{suffix}", label=self.renderer.label(label_key))

    def said(self, template: str, /, **context: Any) -> Reply:
        """Return a reply rendered from one template."""
        return Reply(self.renderer.render(template, **context))

    @property
    def on_screen(self) -> Screens:
        """Return the coach's screens (always there when the coach runs a command)."""
        assert self.screens is not None, "screens are given to command and button turns"
        return self.screens


@dataclass(frozen=True)
class Services:
    """What every hook may use, the same for every turn; built once by the composition."""

    store: Store
    renderer: Renderer
    clock: Clock
    plan: PrepPlan
    dialogs: Mapping[str, DialogModel]
    commands: Mapping[str, CommandModel]

    def turn(
        self,
        user: User,
        answers: Mapping[str, Any] | None = None,
        *,
        dialog: str | None = None,
        screens: Screens | None = None,
        in_dialog: bool = False,
    ) -> Turn:
        """Return a Turn for the hooks: the user, the answers, the clock's time, the services."""
        return Turn(
            user=user,
            answers=dict(answers or {}),
            store=self.store,
            renderer=self.renderer,
            now=self.clock.now(),
            plan=self.plan,
            dialogs=self.dialogs,
            commands=self.commands,
            dialog=self.dialogs[dialog] if dialog else None,
            screens=screens,
            in_dialog=in_dialog,
        )

    def provider(self, source: ChoiceSource) -> Provider:
        """Return the engine's provider (user id, answers) for a feature's choice source."""

        def provide(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
            user = self.store.get_user(user_id)
            return [] if user is None else source(self.turn(user, answers))

        return provide


Finisher = Callable[[Turn], list[Reply]]
Action = Callable[[Turn, Any], list[Reply]]
"""Runs when a state with `on_answer` is answered, with the value given."""
ChoiceSource = Callable[[Turn], list[Option]]
ContextSource = Callable[[Turn, Interview | None], dict[str, Any]]
"""What a dialog's templates may read beyond the answers, about the interview in question."""
CommandAction = Callable[[Turn], list[Reply]]
ButtonAction = Callable[[Turn, str], Reply]
"""Carries out a button of a namespace (its choice id); the coach shows where they were next."""

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ButtonSpace:
    """Buttons whose choice id starts with `prefix`, sent under messages with `token`."""

    prefix: str
    token: str
    press: ButtonAction


class Hooks:
    """One feature's registrations, by the names its YAML uses."""

    def __init__(self, feature: str) -> None:
        self.feature = feature
        self.finishers: dict[str, Finisher] = {}
        self.actions: dict[str, Action] = {}
        self.choice_sources: dict[str, ChoiceSource] = {}
        self.contexts: list[ContextSource] = []
        self.commands: dict[str, CommandAction] = {}
        self.buttons: list[ButtonSpace] = []

    def finish(self, dialog: str) -> Callable[[F], F]:
        """Register the finisher a dialog names with `finish: NAME`."""
        return self._put(self.finishers, dialog)

    def on_answer(self, name: str) -> Callable[[F], F]:
        """Register an action a state names with `on_answer: NAME`."""
        return self._put(self.actions, name)

    def choices(self, name: str) -> Callable[[F], F]:
        """Register a choice source a state names with `choices_from: NAME`."""
        return self._put(self.choice_sources, name)

    def command(self, name: str) -> Callable[[F], F]:
        """Register a built-in command (`action: NAME` in dialogs/commands.yaml)."""
        return self._put(self.commands, name)

    def context(self, source: F) -> F:
        """Register what this feature adds to every dialog template's context."""
        self.contexts.append(source)
        return source

    def button(self, prefix: str, token: str) -> Callable[[F], F]:
        """Register the handler of the buttons whose ids start with `prefix`."""

        def register(press: F) -> F:
            self.buttons.append(ButtonSpace(prefix, token, press))
            return press

        return register

    def _put(self, table: dict[str, Any], name: str) -> Callable[[F], F]:
        def register(function: F) -> F:
            if name in table:
                raise ValueError(f"{self.feature}: '{name}' is registered twice")
            table[name] = function
            return function

        return register


@dataclass(frozen=True)
class Registry:
    """Every feature's hooks merged: what dialogs and commands may name."""

    finishers: Mapping[str, Finisher]
    actions: Mapping[str, Action]
    choice_sources: Mapping[str, ChoiceSource]
    contexts: tuple[ContextSource, ...]
    commands: Mapping[str, CommandAction]
    buttons: tuple[ButtonSpace, ...]
    owners: Mapping[str, str]
    """Which feature registered each name ("finish:followup" -> "followup")."""

    @classmethod
    def of(cls, features: Iterable[Hooks]) -> Registry:
        """Merge the features' hooks; a name registered by two features is an error."""
        hooks = tuple(features)
        owners: dict[str, str] = {}
        return cls(
            finishers=_merge("finish", [(h.feature, h.finishers) for h in hooks], owners),
            actions=_merge("on_answer", [(h.feature, h.actions) for h in hooks], owners),
            choice_sources=_merge(
                "choices", [(h.feature, h.choice_sources) for h in hooks], owners
            ),
            contexts=tuple(source for h in hooks for source in h.contexts),
            commands=_merge("command", [(h.feature, h.commands) for h in hooks], owners),
            buttons=tuple(space for h in hooks for space in h.buttons),
            owners=owners,
        )


H = TypeVar("H")


def _merge(
    kind: str, tables: Sequence[tuple[str, Mapping[str, H]]], owners: dict[str, str]
) -> dict[str, H]:
    """Merge one kind of hook from every feature; a name two features register is an error."""
    merged: dict[str, H] = {}
    for feature, table in tables:
        for name, function in table.items():
            key = f"{kind}:{name}"
            if key in owners:
                raise ValueError(
                    f"'{name}' ({kind}) is registered by both {owners[key]} and {feature}"
                )
            owners[key] = feature
            merged[name] = function
    return merged
