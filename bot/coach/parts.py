"""What the coach is built from, shared by its parts (dispatch, runner, screens, buttons)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.content.answers import Answer
from bot.content.commands import CommandModel
from bot.content.prep_plan import PrepPlan
from bot.content.routes import Route
from bot.content.templates import Renderer
from bot.flow.engine import Engine
from bot.flow.hooks import Registry, ReminderListener, Services, Turn
from bot.router import Router
from bot.store import Store


@dataclass(frozen=True)
class Parts:
    """The coach's parts, made once by the composition (bot/app.py)."""

    services: Services
    engine: Engine
    registry: Registry
    listener: ReminderListener
    """Told about reminders a turn created or moved, once the turn is written."""
    router: Router | None = None
    routes: Mapping[str, Route] | None = None
    answers: Mapping[str, Answer] = field(default_factory=dict)
    """The straight answers the router may choose (dialogs/answers.yaml), by id."""

    @property
    def store(self) -> Store:
        """Return the store."""
        return self.services.store

    @property
    def renderer(self) -> Renderer:
        """Return the template renderer."""
        return self.services.renderer

    @property
    def clock(self) -> Clock:
        """Return the clock."""
        return self.services.clock

    @property
    def plan(self) -> PrepPlan:
        """Return the prep plan."""
        return self.services.plan

    @property
    def commands(self) -> Mapping[str, CommandModel]:
        """Return the command list."""
        return self.services.commands

    def report(self, turn: Turn) -> None:
        """After a turn is written: hand the reminders it changed to the delivery, and scrub
        the store's log when it deleted someone's words."""
        if turn.erased:
            self.store.scrub()
        if turn.changed:
            self.listener(turn.changed)
