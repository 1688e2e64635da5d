"""The real PTB Application over the Bot API double, polling as in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from telegram.ext import ContextTypes

from bot.app import Content
from bot.clock import FrozenClock
from bot.reminders.delivery import Dispatcher
from bot.settings import Settings
from bot.store import Store
from bot.telegram.application import CoachApplication, build_application
from bot.telegram.deps import Deps
from tests.telegram.botapi import BotAPIDouble
from tests.telegram.driver import TelegramUser

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


@pytest.fixture
async def bot(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[Bot]:
    """The bot, polling the double; stopped cleanly after the test."""
    api = BotAPIDouble()
    app, deps = build_application(
        make_settings(db_path), store, clock, content, request=api, get_updates_request=api
    )
    running = Bot(api, app, store, deps)

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert context.error is not None
        running.errors.append(context.error)

    app.add_error_handler(record)
    async with app:
        assert app.updater is not None and app.post_init is not None
        await app.post_init(app)  # as run_polling() does after initialize()
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await app.start()
        # Reminder jobs run when a test calls deliver() with its frozen clock; the real
        # scheduler, on the real clock, would fire them at random moments.
        assert app.job_queue is not None
        app.job_queue.scheduler.pause()
        yield running
        await app.updater.stop()
        await app.stop()
    assert api.unexpected == [], f"the bot called unknown methods: {api.unexpected}"
    assert running.errors == [], f"unhandled errors: {running.errors!r}"
