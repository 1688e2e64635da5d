"""Start-up under a Telegram that is down, slow or refusing: wait and retry, or stop cleanly.

In-process, the bot starts through `bot.telegram.run.serve` against the Bot API double, with
the waits between tries recorded instead of slept. End to end, `interview-coach telegram`
runs as a real process against the HTTP Bot API double (tests/support/botapi_server.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from telegram.error import InvalidToken, TimedOut
from telegram.request import RequestData

from bot.app import Content
from bot.cli import TOKEN_REJECTED
from bot.clock import FrozenClock
from bot.settings import Settings
from bot.store import Store
from bot.telegram import startup
from bot.telegram.application import CoachApplication, build_application
from bot.telegram.run import serve
from tests.support.botapi import BotAPIDouble, Failure
from tests.support.botapi_server import BotAPIServer
from tests.support.net import free_port
from tests.support.telegram_bot import make_settings
from tests.support.telegram_user import TelegramUser

REPO = Path(__file__).resolve().parents[2]
STOP_WITHIN_S = 2.0


class FlakyAPI(BotAPIDouble):
    """The double, able also to time out a call, or to hang it until cancelled."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: dict[str, int] = {}
        self.hangs: set[str] = set()
        self.hung: list[str] = []

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        if self.timeouts.get(api_method):
            self.timeouts[api_method] -= 1
            raise TimedOut("Timed out")
        if api_method in self.hangs:
            self.hung.append(api_method)
            await asyncio.Event().wait()
        return await super().do_request(url, method, request_data, **kwargs)


class Waits:
    """The injected sleep: records each wait, sleeps none (or, `forever`, never returns)."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.forever = False

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)
        if self.forever:
            await asyncio.Event().wait()
        await asyncio.sleep(0)


class Starting:
    """A bot starting in the background: its double, its waits, its stop switch."""

    def __init__(self, api: FlakyAPI, app: CoachApplication, settings: Settings) -> None:
        self.api, self.app, self.settings = api, app, settings
        self.waits = Waits()
        self.stop = asyncio.Event()
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(
            serve(self.app, self.settings, self.stop, sleep=self.waits, ready=self.ready)
        )

    async def until_ready(self) -> None:
        assert self.task is not None
        ready = asyncio.create_task(self.ready.wait())
        await asyncio.wait({ready, self.task}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        ready.cancel()
        if self.task.done():
            self.task.result()  # raises what made it end
        assert self.ready.is_set()

    async def stopped(self) -> None:
        """Stop it; it must end promptly."""
        assert self.task is not None
        self.stop.set()
        await asyncio.wait_for(self.task, STOP_WITHIN_S)


@pytest.fixture
async def starting(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[Callable[..., Starting]]:
    made: list[Starting] = []

    def make(**overrides: object) -> Starting:
        api = FlakyAPI()
        settings = make_settings(db_path, **overrides)
        app, _ = build_application(settings, store, clock, content, request=api)
        made.append(Starting(api, app, settings))
        return made[-1]

    yield make
    for each in made:
        if each.task is not None and not each.task.done():
            await each.stopped()
        assert each.api.unexpected == []


def warnings_of(caplog: pytest.LogCaptureFixture, name: str) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == name and r.levelno >= logging.WARNING]


def test_the_wait_doubles_from_one_second_to_a_minute() -> None:
    assert [startup.backoff(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert startup.backoff(10_000) == 60


async def test_network_errors_timeouts_and_5xx_on_getme_are_waited_out(
    starting: Callable[..., Starting], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    bot = starting()
    bot.api.fail_next("getMe", Failure(500, "Internal Server Error"))
    bot.api.fail_next("getMe", Failure(502, "Bad Gateway"))
    bot.api.crash_next.add("getMe")  # connection reset
    bot.api.timeouts["getMe"] = 1  # a hang that hit the read timeout
    bot.start()
    await bot.until_ready()
    assert bot.waits.seconds == [1, 2, 4, 8]
    assert bot.api.methods().count("getMe") == 4  # the one that timed out is not recorded
    lines = warnings_of(caplog, "bot.telegram.startup")
    assert len(lines) == 4  # one line per failed attempt
    assert all(r.exc_info is None and "getMe" in r.getMessage() for r in lines)
    assert "attempt 4" in lines[-1].getMessage() and "8 s" in lines[-1].getMessage()
    # Up and answering.
    alice = TelegramUser(bot.api, bot.app, 4100)
    assert "interview coach" in (await alice.send("/start"))[0]["text"]
    await bot.stopped()


async def test_the_wait_is_capped_at_a_minute(starting: Callable[..., Starting]) -> None:
    bot = starting()
    for _ in range(9):
        bot.api.fail_next("getMe", Failure(503, "Service Unavailable"))
    bot.start()
    await bot.until_ready()
    assert bot.waits.seconds == [1, 2, 4, 8, 16, 32, 60, 60, 60]


async def test_delete_webhook_failures_are_waited_out(starting: Callable[..., Starting]) -> None:
    bot = starting()
    bot.api.fail_next("deleteWebhook", Failure(500, "Internal Server Error"))
    bot.api.crash_next.add("deleteWebhook")
    bot.start()
    await bot.until_ready()
    assert bot.waits.seconds == [1, 2]
    assert bot.app.updater is not None and bot.app.updater.running


async def test_set_webhook_failures_are_waited_out(starting: Callable[..., Starting]) -> None:
    bot = starting(
        webhook_url="https://coach.example.org/telegram",
        webhook_secret="s3cret",
        listen=f"127.0.0.1:{free_port()}",
    )
    bot.api.fail_next("setWebhook", Failure(502, "Bad Gateway"))
    bot.api.timeouts["setWebhook"] = 1
    bot.start()
    await bot.until_ready()
    assert bot.waits.seconds == [1, 2]
    assert bot.api.methods().count("setWebhook") == 2  # the timed-out one is not recorded


@pytest.mark.parametrize(
    "failure", [Failure(500, "Internal Server Error"), Failure(400, "Bad Request: too long")]
)
async def test_a_failing_command_menu_is_one_warning_and_the_bot_runs(
    starting: Callable[..., Starting], caplog: pytest.LogCaptureFixture, failure: Failure
) -> None:
    caplog.set_level(logging.WARNING)
    bot = starting()
    bot.api.fail_next("setMyCommands", failure)
    bot.start()
    await bot.until_ready()
    (line,) = [r for r in caplog.records if r.levelno >= logging.WARNING and "menu" in r.message]
    assert line.exc_info is None and "setMyCommands" in line.message
    alice = TelegramUser(bot.api, bot.app, 4101)
    assert "interview coach" in (await alice.send("/start"))[0]["text"]


async def test_a_stop_while_getme_hangs_ends_at_once(
    starting: Callable[..., Starting], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    bot = starting()
    bot.api.hangs.add("getMe")
    bot.start()
    while not bot.api.hung:
        await asyncio.sleep(0)
    await bot.stopped()
    assert not bot.ready.is_set() and bot.api.hung == ["getMe"]
    assert any("stopped before Telegram" in r.message for r in caplog.records)


async def test_a_stop_while_waiting_between_tries_ends_at_once(
    starting: Callable[..., Starting],
) -> None:
    bot = starting()
    bot.waits.forever = True
    bot.api.fail_next("getMe", Failure(500, "Internal Server Error"))
    bot.start()
    while not bot.waits.seconds:
        await asyncio.sleep(0)
    await bot.stopped()
    assert bot.waits.seconds == [1]
    assert not bot.ready.is_set()


async def test_a_rejected_token_is_not_retried(
    starting: Callable[..., Starting], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bot = starting()
    bot.api.fail_next("getMe", Failure(401, "Unauthorized"))
    bot.start()
    assert bot.task is not None
    with pytest.raises(InvalidToken):
        await asyncio.wait_for(bot.task, STOP_WITHIN_S)
    assert bot.waits.seconds == []
    assert bot.api.methods() == ["getMe"]
    assert not warnings_of(caplog, "bot.telegram.startup")


# --- end to end: the real command against the HTTP Bot API double -------------------------

ODD_TOKEN = "999001:wrong+token~and%chars"
"""A token Telegram would reject, with characters a URL writes percent-encoded."""


def command() -> list[str]:
    script = Path(sys.executable).with_name("interview-coach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def environment(tmp_path: Path, api_url: str, level: str, token: str = ODD_TOKEN) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COACH_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_URL=api_url,
        COACH_DB=str(tmp_path / "coach.db"),
        COACH_CACHE_DIR=os.environ.get("COACH_CACHE_DIR", str(tmp_path / "cache")),
        COACH_LOG_LEVEL=level,
    )
    return env


def assert_no_token(text: str, token: str = ODD_TOKEN) -> None:
    secret_half = token.partition(":")[2]
    for form in {token, secret_half, quote(token, safe=""), quote(token), quote_plus(token)}:
        assert form not in text, form


@pytest.mark.parametrize("level", ["WARNING", "DEBUG"])
@pytest.mark.parametrize("answer", ["401 wrong token", "404 API URL with a path"])
def test_a_rejected_token_is_one_line_and_exit_code_2(
    tmp_path: Path, level: str, answer: str
) -> None:
    with BotAPIServer("999001:the-right-token") as api:
        url = api.url if answer.startswith("401") else f"{api.url}/some/path"
        done = subprocess.run(
            [*command(), "telegram"],
            env=environment(tmp_path, url, level),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert api.count("getMe", "setMyCommands", "getUpdates") == 0
    assert done.returncode == 2
    assert_no_token(done.stdout + done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    if level == "WARNING":
        assert lines == [TOKEN_REJECTED]
    else:
        assert lines.count(TOKEN_REJECTED) == 1 and lines[-1] == TOKEN_REJECTED
        assert " DEBUG " in done.stderr  # it really logged at DEBUG


def read_line(stream: Any, deadline: float) -> str:
    ready, _, _ = select.select([stream], [], [], max(0.0, deadline - time.monotonic()))
    return str(stream.readline()) if ready else ""


def test_sigterm_stops_a_bot_waiting_for_telegram(tmp_path: Path) -> None:
    with BotAPIServer("1:x") as api:
        unreachable = api.url  # closed below: connections are refused from then on
    process = subprocess.Popen(
        [*command(), "telegram"],
        env=environment(tmp_path, unreachable, "WARNING", token="999002:AAbbCCddEEffGGhhIIjj"),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        first = ""
        while "unreachable" not in first and time.monotonic() < deadline:
            first = read_line(process.stderr, deadline)
        assert "Telegram unreachable at start-up (getMe, attempt 1)" in first
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.stderr is not None
    with process.stderr:
        rest = process.stderr.read()
    assert code == 0
    assert "Traceback" not in rest
    assert_no_token(first + rest, "999002:AAbbCCddEEffGGhhIIjj")
    assert "stopped before Telegram could be reached" in rest
