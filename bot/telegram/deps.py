"""What every Telegram handler needs, passed in once (no globals, no untyped bot_data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import User as TelegramUser

from bot.clock import Clock
from bot.coach.coach import Coach
from bot.content.templates import Renderer
from bot.reminders.delivery import Dispatcher
from bot.store import Store
from bot.telegram.sending import OpenKeyboards

USER_PREFIX = "tg:"


@dataclass
class Deps:
    """The coach and the pieces around it that handlers use."""

    coach: Coach
    store: Store
    clock: Clock
    dispatcher: Dispatcher
    """Delivers reminders once the application has started."""
    keyboards: OpenKeyboards = field(default_factory=OpenKeyboards)

    @property
    def renderer(self) -> Renderer:
        """Return the coach's template renderer."""
        return self.coach.renderer


def user_id(user: TelegramUser) -> str:
    """Return the core's id for a Telegram user."""
    return f"{USER_PREFIX}{user.id}"
