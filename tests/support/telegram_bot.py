"""A bot under test: the real PTB Application over the Bot API double, and its settings.

The `bot` fixture (tests/conftest.py) starts one polling the double, as in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.reminders.delivery import Dispatcher
from bot.settings import Settings
from bot.store import Store
from bot.telegram.application import CoachApplication
from bot.telegram.deps import Deps
from tests.support.botapi import BotAPIDouble
from tests.support.telegram_user import TelegramUser

TOKEN = "123456789:AAE-test-token-never-to-be-logged_0123456"


@dataclass
class Bot:
    """A running bot and the double it talks to."""

    api: BotAPIDouble
    app: CoachApplication
    store: Store
    deps: Deps | None = None
    errors: list[BaseException] = field(default_factory=list)
    """Every exception that reached the error handlers; must be empty at the end of a test
    unless the test expected (and cleared) them."""

    @property
    def dispatcher(self) -> Dispatcher:
        """The reminder dispatcher the running bot started."""
        assert self.deps is not None and self.deps.dispatcher is not None
        return self.deps.dispatcher

    def user(self, user_id: int = 1001, **kwargs: object) -> TelegramUser:
        """Return a Telegram user of this bot."""
        return TelegramUser(self.api, self.app, user_id, **kwargs)  # type: ignore[arg-type]


def make_settings(db_path: Path, **overrides: object) -> Settings:
    """Return settings for a bot under test."""
    values: dict[str, object] = {"db_path": db_path, "telegram_token": TOKEN}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]
