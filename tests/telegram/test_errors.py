"""What the bot does when Telegram or the core fails: blocked users, flood limits, crashes."""

from __future__ import annotations

import asyncio
import logging

import pytest
from telegram.error import Forbidden, NetworkError, TimedOut

from bot.coach.coach import Coach
from bot.domain.events import Event, Reply
from tests.support.botapi import Failure
from tests.support.telegram_bot import Bot

SOMETHING_WENT_WRONG = "something went wrong on my side"


def sent_texts(bot: Bot) -> list[str]:
    """The text of every sendMessage the bot attempted."""
    return [str(c.params["text"]) for c in bot.api.calls if c.method == "sendMessage"]


async def test_a_user_who_blocked_the_bot_is_marked_inactive(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/start")
    before = len(sent_texts(bot))
    bot.api.fail_next("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))

    sent = await alice.send("/help")

    user = bot.store.get_user("tg:1001")
    assert user is not None and user.active is False
    assert sent == []
    attempted = sent_texts(bot)[before:]
    assert len(attempted) == 1  # the failed one; no "something went wrong" after it
    assert all(SOMETHING_WENT_WRONG not in text for text in attempted)
    assert len(bot.errors) == 1 and isinstance(bot.errors[0], Forbidden)
    bot.errors.clear()


async def test_a_flood_limit_is_waited_out_and_the_message_still_arrives(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_sleep = asyncio.sleep
    waited: list[float] = []

    async def sleep(delay: float) -> None:
        if delay >= 1:
            waited.append(delay)
            await real_sleep(0)
        else:
            await real_sleep(delay)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    # PTB 22 warns (an error under our filterwarnings) when a RetryAfter is built unless
    # durations are opted in as timedeltas; the rate limiter reads either form.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    alice = bot.user(1001)
    bot.api.fail_next(
        "sendMessage", Failure(429, "Too Many Requests: retry after 7", {"retry_after": 7})
    )

    sent = await alice.send("/start")

    assert sent and "interview coach" in sent[0]["text"]
    assert waited[0] == pytest.approx(7.1, abs=0.01)  # retry_after + 0.1 s
    # The chat's later calls wait out what is left of its block (this patched sleep does not
    # move the clock, so some is always left); none waits longer.
    assert all(wait <= 7.1 for wait in waited)
    welcome = [t for t in sent_texts(bot) if "interview coach" in t]
    assert len(welcome) == 2  # refused once, then sent again after the wait


async def test_a_crash_in_the_core_is_logged_and_the_user_is_told(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(self: Coach, event: Event) -> list[Reply]:
        raise RuntimeError("boom")

    monkeypatch.setattr(Coach, "handle", boom)
    alice = bot.user(1001)

    with caplog.at_level(logging.ERROR, logger="bot.telegram.errors"):
        sent = await alice.send("/start")

    assert len(sent) == 1
    assert SOMETHING_WENT_WRONG in sent[0]["text"]
    logged = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert [r.levelno for r in logged] == [logging.ERROR]
    assert logged[0].exc_info is not None
    assert isinstance(logged[0].exc_info[1], RuntimeError)
    assert [str(e) for e in bot.errors] == ["boom"]
    bot.errors.clear()


@pytest.mark.parametrize("error", [NetworkError("Connection reset by peer"), TimedOut()])
async def test_a_network_error_while_polling_is_one_warning_line(
    bot: Bot, caplog: pytest.LogCaptureFixture, error: NetworkError
) -> None:
    with caplog.at_level(logging.DEBUG, logger="bot.telegram.errors"):
        await bot.app.process_error(None, error)

    logged = [r for r in caplog.records if r.name == "bot.telegram.errors"]
    assert [(r.levelno, r.exc_info) for r in logged] == [(logging.WARNING, None)]
    assert logged[0].getMessage().startswith("network error while polling Telegram")
    assert sent_texts(bot) == []
    bot.errors.clear()
