"""Shared fixtures: an isolated environment, a frozen clock, a real SQLite file, a coach,
users speaking to it, and the Telegram bot polling the Bot API double.

The helpers these fixtures build on (the `Driver`, the doubles) live in tests/support/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from telegram.ext import ContextTypes

from bot.app import Content, build_coach, load_content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.pacing import Limits, Pacer
from tests.support.botapi import BotAPIDouble
from tests.support.coach import START, Driver
from tests.support.telegram_bot import Bot, make_settings


@pytest.fixture(scope="session", autouse=True)
def city_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the city index out of the real cache: one folder, built on first use, per session."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COACH_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep tests away from the real home folder, database and token."""
    for name in ("TELEGRAM_BOT_TOKEN", "COACH_DB", "COACH_LOG_LEVEL", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def clock() -> FrozenClock:
    """A clock that moves only when a test moves it."""
    return FrozenClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's SQLite file lives."""
    return tmp_path / "coach.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A real SQLite file, migrated."""
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def fresh_db() -> Iterator[Store]:
    """An in-memory database, migrated."""
    opened = Store.open(":memory:")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped dialogs and templates, loaded once."""
    return load_content()


@pytest.fixture
def coach(store: Store, clock: FrozenClock, content: Content) -> Coach:
    """The coach over the test's database and clock."""
    return build_coach(store, clock, content)


@pytest.fixture
def alice(coach: Coach) -> Driver:
    """A user speaking to the coach."""
    return Driver(coach, "test:alice")


@pytest.fixture
def bob(coach: Coach) -> Driver:
    """A second user of the same coach."""
    return Driver(coach, "test:bob")


@pytest.fixture
async def bot(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[Bot]:
    """The bot, polling the double; stopped cleanly after the test."""
    api = BotAPIDouble()
    # Telegram's per-chat pace (a burst of 3, then one a second) would make a scripted chat
    # of 30 turns last 30 s; tests/telegram/test_pacing.py tests it with its own clock.
    pacer = Pacer(Limits().chats_lifted())
    app, deps = build_application(
        make_settings(db_path),
        store,
        clock,
        content,
        request=api,
        get_updates_request=api,
        pacer=pacer,
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
