"""Acceptance: a whole session logged at DEBUG holds the bot token nowhere."""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator

import pytest

from bot.telegram import redaction
from tests.support.telegram_bot import TOKEN, Bot


@pytest.fixture
def debug_log() -> Iterator[io.StringIO]:
    """Everything logged, at DEBUG, through a root handler redacted as the CLI sets it up."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    installed = redaction.install([TOKEN])
    yield out
    root.removeHandler(handler)
    root.setLevel(old_level)
    for each in root.handlers:
        each.removeFilter(installed)


async def test_a_debug_session_never_shows_the_token(bot: Bot, debug_log: io.StringIO) -> None:
    alice = bot.user(4004)
    await alice.send("/start")
    await alice.press("Read my signals")
    await alice.send("Acme")
    await alice.send("Analyst")
    await alice.press("Yes")
    # A transport error whose message carries the request URL, token included.
    bot.api.crash_next.add("sendMessage")
    await alice.press("No")
    assert len(bot.errors) == 1 and TOKEN in str(bot.errors[0].__cause__)
    bot.errors.clear()
    await alice.send("/cancel")

    logged = debug_log.getvalue()
    assert "DEBUG telegram" in logged  # PTB really logged at DEBUG
    assert "error while handling an update" in logged
    assert "Traceback" in logged and redaction.MASK in logged
    assert TOKEN not in logged
    assert TOKEN.split(":")[1] not in logged


def test_the_filter_masks_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s", (f"/bot{TOKEN}/x",), None)
    try:
        raise RuntimeError(f"failed: {TOKEN}")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    redaction.RedactingFilter([TOKEN]).filter(record)
    formatted = logging.Formatter().format(record)
    assert TOKEN not in formatted
    assert formatted.count(redaction.MASK) == 2
