"""What every Telegram handler needs, passed in once (no globals, no untyped bot_data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from telegram import User as TelegramUser

from bot.clock import Clock
from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer
from bot.core.coach import Coach
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
    plan: PrepPlan
    keyboards: OpenKeyboards = field(default_factory=OpenKeyboards)
    dispatcher: Dispatcher | None = None
    """Delivers reminders once the application has started."""
    reminder_window: int = 1
    """Reminders in flight at once (COACH_REMINDER_WINDOW); a crash duplicates up to this many."""

    @property
    def renderer(self) -> Renderer:
        """Return the coach's template renderer."""
        return self.coach.renderer


def user_id(user: TelegramUser) -> str:
    """Return the core's id for a Telegram user."""
    return f"{USER_PREFIX}{user.id}"
