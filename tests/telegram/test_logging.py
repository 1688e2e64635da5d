"""Acceptance: a whole session logged at DEBUG holds the bot token nowhere."""

from __future__ import annotations

import io
import logging
import re
import sys
import threading
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

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


ODD_TOKEN = "123456:AA+bc/de f%g:h~ij"
"""Characters a URL writes percent-encoded, so each encoded form differs from the raw one."""


def encoded_forms(secret: str) -> list[str]:
    forms = {
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        quote_plus(secret, safe=":/"),
        re.sub("%[0-9A-F]{2}", lambda escape: escape[0].lower(), quote(secret, safe="")),
    }
    forms.discard(secret)
    return sorted(forms)


@pytest.mark.parametrize("form", encoded_forms(ODD_TOKEN) + encoded_forms(TOKEN))
def test_percent_encoded_secrets_are_masked(form: str) -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "GET %s failed", (form,), None)
    try:
        raise ConnectionError(f"https://api.example/bot{form}/getMe")
    except ConnectionError:
        record.exc_info = sys.exc_info()
    redaction.RedactingFilter([ODD_TOKEN, TOKEN]).filter(record)
    formatted = logging.Formatter().format(record)
    assert form not in formatted
    assert formatted.count(redaction.MASK) == 2


def test_a_tokens_secret_half_alone_is_masked() -> None:
    secret_half = TOKEN.partition(":")[2]
    assert redaction.Redactor([TOKEN]).clean(f"key={secret_half}") == f"key={redaction.MASK}"
    assert redaction.Redactor([TOKEN]).clean("123456789 is the bot's id") == (
        "123456789 is the bot's id"
    )


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Let a test install the redaction hooks; the old hooks come back after it."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers:
        for each in list(handler.filters):
            if isinstance(each, redaction.RedactingFilter) and handler in before:
                handler.removeFilter(each)
    logging.captureWarnings(False)
    monkeypatch.setattr(redaction, "_active", redaction.Redactor([]))


def test_an_uncaught_exception_in_the_main_thread_is_masked(
    hooks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    redaction.install([ODD_TOKEN])
    try:
        raise RuntimeError(f"The token `{ODD_TOKEN}` was rejected ({quote(ODD_TOKEN)})")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    printed = capsys.readouterr().err
    assert "Traceback" in printed and printed.count(redaction.MASK) == 2
    assert ODD_TOKEN not in printed and quote(ODD_TOKEN) not in printed


def test_an_uncaught_exception_in_another_thread_is_masked(
    hooks: None, capsys: pytest.CaptureFixture[str]
) -> None:
    redaction.install([ODD_TOKEN])

    def fail() -> None:
        raise RuntimeError(f"posting to /bot{quote_plus(ODD_TOKEN)}/sendMessage failed")

    worker = threading.Thread(target=fail, name="worker")
    worker.start()
    worker.join()
    printed = capsys.readouterr().err
    assert "Exception in thread worker" in printed and redaction.MASK in printed
    assert quote_plus(ODD_TOKEN) not in printed
