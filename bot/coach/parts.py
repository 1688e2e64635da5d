"""What the coach is built from, shared by its parts (dispatch, runner, screens, buttons)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.clock import Clock
from bot.content.commands import CommandModel
from bot.content.dialog_models import DialogModel
from bot.content.prep_plan import PrepPlan
from bot.content.routes import Route
from bot.content.templates import Renderer
from bot.domain.records import User
from bot.flow.engine import Engine
from bot.flow.hooks import Registry, ReminderListener, Screens, Turn
from bot.router import Router
from bot.store import Store


@dataclass(frozen=True)
class Parts:
    """The coach's parts, made once by the composition (bot/app.py)."""

    store: Store
    engine: Engine
    renderer: Renderer
    commands: Mapping[str, CommandModel]
    registry: Registry
    clock: Clock
    plan: PrepPlan
    listener: ReminderListener
    """Told about reminders a turn created or moved, once the turn is written."""
    router: Router | None = None
    routes: Mapping[str, Route] | None = None

    @cached_property
    def dialogs(self) -> dict[str, DialogModel]:
        """Return every dialog's model by name."""
        return {name: loaded.model for name, loaded in self.engine.dialogs.items()}

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
            dialog=self.engine.dialog(dialog) if dialog else None,
            screens=screens,
            in_dialog=in_dialog,
        )

    def report(self, turn: Turn) -> None:
        """Hand the reminders a written turn changed to the delivery."""
        if turn.changed:
            self.listener(turn.changed)
