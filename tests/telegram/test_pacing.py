"""Pacing through the real Application: a 429 holds only its chat, and taking an old keyboard
away (cosmetic) never holds up or loses the reply. The pacer's arithmetic is tested on a
virtual clock in tests/unit/telegram/test_pacing.py."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.store import Store
from bot.telegram.pacing import Pacer
from tests.support.botapi import Failure
from tests.support.holding_api import ALICE, BOB, HoldingAPI, running_bot, typed, within
from tests.support.telegram_bot import Bot
from tests.support.telegram_user import TelegramUser


@pytest.fixture
async def running(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[tuple[Bot, HoldingAPI]]:
    async with running_bot(store, clock, content, db_path) as started:
        yield started


async def test_the_bot_paces_with_its_own_pacer(running: tuple[Bot, HoldingAPI]) -> None:
    bot, _ = running
    assert isinstance(bot.app.bot.rate_limiter, Pacer)


async def test_a_429_for_one_chat_does_not_pause_the_others(
    running: tuple[Bot, HoldingAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, api = running
    real_sleep = asyncio.sleep
    waiting, flood_over = asyncio.Event(), asyncio.Event()

    async def sleep(delay: float, *args: Any) -> None:
        if delay >= 1:  # a flood-control wait: held until the test ends it
            waiting.set()
            await flood_over.wait()
        else:
            await real_sleep(delay, *args)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    api.fail_next(
        "sendMessage", Failure(429, "Too Many Requests: retry after 40", {"retry_after": 40})
    )
    to_alice = asyncio.create_task(
        bot.app.bot.send_message(ALICE, "a reminder for Alice", parse_mode="HTML")
    )
    await within(waiting, "Alice's flood-control wait")

    to_bob = asyncio.create_task(
        bot.app.bot.send_message(BOB, "a reminder for Bob", parse_mode="HTML")
    )

    try:
        await within(api.got_message(BOB), "Bob's message")
        assert not to_alice.done()
    finally:
        flood_over.set()
    await asyncio.gather(to_alice, to_bob)
    assert [m["text"] for m in api.sent_to(ALICE)] == ["a reminder for Alice"]


async def test_the_reply_is_not_held_behind_taking_an_old_keyboard_away(
    running: tuple[Bot, HoldingAPI],
) -> None:
    bot, api = running
    alice = TelegramUser(api, bot.app, ALICE)
    menu = (await alice.send("/start"))[-1]
    assert menu.get("reply_markup")
    held = api.hold("editMessageReplyMarkup", ALICE)  # Telegram is slow to edit it
    api.got_message(ALICE).clear()

    await api.push(typed(api, ALICE, "/help"))

    await within(api.got_message(ALICE), "the answer to /help")
    held.released.set()
    await bot.app.update_queue.join()
    (old,) = [m for m in alice.screen if m["message_id"] == menu["message_id"]]
    assert not old.get("reply_markup")  # taken away all the same, just not first


async def test_a_keyboard_that_cannot_be_taken_away_never_costs_the_reply(bot: Bot) -> None:
    alice = bot.user(ALICE)
    menu = (await alice.send("/start"))[-1]
    bot.api.crash_next.add("editMessageReplyMarkup")  # the connection drops on that edit

    sent = await alice.send("/help")

    assert sent and "/start" in sent[0]["text"]  # the answer arrived
    assert bot.errors == []  # and nobody was told something went wrong
    (old,) = [m for m in alice.screen if m["message_id"] == menu["message_id"]]
    assert old.get("reply_markup")  # the old buttons stay; pressing one is answered as stale
