"""Updates of different chats are handled at the same time, those of one chat in order.

The real Application polls a Bot API double that can hold a call (its answer waits on a
future the test releases): a chat whose call hangs, or waits out a 429, must not hold anyone
else up, and must not let its own next update overtake it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.events import Event, Reply
from bot.store import Store
from bot.telegram.updates import ChatLanes
from tests.support.botapi import NOW, Failure
from tests.support.holding_api import ALICE, BOB, HoldingAPI, running_bot, texts_to, typed, within
from tests.support.telegram_bot import Bot


@pytest.fixture
async def running(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[tuple[Bot, HoldingAPI]]:
    async with running_bot(store, clock, content, db_path) as started:
        yield started


async def test_a_chat_whose_call_hangs_holds_up_nobody_else(
    running: tuple[Bot, HoldingAPI],
) -> None:
    bot, api = running
    held = api.hold("sendMessage", ALICE)  # Telegram is slow to answer Alice (a timeout)
    await api.push(typed(api, ALICE, "/start"))
    await within(held.arrived, "Alice's reply call")

    await api.push(typed(api, BOB, "/help"))

    await within(api.got_message(BOB), "Bob's answer to /help")
    assert texts_to(api, ALICE) == []  # Alice's reply is still on its way
    held.released.set()
    await bot.app.update_queue.join()
    assert any("interview coach" in t for t in texts_to(api, ALICE))


async def test_a_chat_waiting_out_a_429_holds_up_nobody_else(
    running: tuple[Bot, HoldingAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, api = running
    real_sleep = asyncio.sleep
    flood_over = asyncio.Event()
    waits: list[float] = []

    async def sleep(delay: float, *args: Any) -> None:
        if delay >= 1:  # a flood-control wait: held until the test says it is over
            waits.append(delay)
            await flood_over.wait()
        else:
            await real_sleep(delay, *args)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # as bot.telegram.run sets it
    api.fail_next(
        "sendMessage", Failure(429, "Too Many Requests: retry after 40", {"retry_after": 40})
    )
    await api.push(typed(api, ALICE, "/start"))  # refused: Alice's chat waits 40 s

    await api.push(typed(api, BOB, "/help"))

    try:
        await within(api.got_message(BOB), "Bob's answer to /help")
    finally:
        flood_over.set()  # (if it failed: let the bot stop)
    assert waits == [pytest.approx(40.1, abs=0.01)]
    assert texts_to(api, ALICE) == []
    await bot.app.update_queue.join()
    assert any("interview coach" in t for t in texts_to(api, ALICE))


async def test_one_chats_updates_never_overlap_and_keep_their_order(
    running: tuple[Bot, HoldingAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    bot, api = running
    handled: list[str] = []
    handle = Coach.handle

    def spy(self: Coach, event: Event) -> list[Reply]:
        handled.append(event.text or "")
        return handle(self, event)

    monkeypatch.setattr(Coach, "handle", spy)
    held = api.hold("sendMessage", ALICE)
    await api.push(typed(api, ALICE, "/help"))
    await within(held.arrived, "the reply to Alice's first message")

    await api.push(typed(api, ALICE, "/start"))
    await api.push(typed(api, ALICE, "/reminders"))
    await api.push(typed(api, BOB, "/help"))  # another chat goes on meanwhile
    await within(api.got_message(BOB), "Bob's answer")

    assert handled == ["/help", "/help"]  # Alice's later messages wait for her first
    held.released.set()
    await bot.app.update_queue.join()
    assert handled == ["/help", "/help", "/start", "/reminders"]
    replies = texts_to(api, ALICE)
    first_help = next(i for i, t in enumerate(replies) if "/interviews" in t)
    welcome = next(i for i, t in enumerate(replies) if "interview coach" in t)
    assert first_help < welcome  # answered in the order she wrote


async def test_lanes_of_idle_chats_are_dropped(running: tuple[Bot, HoldingAPI]) -> None:
    bot, api = running
    processor = bot.app.update_processor
    assert isinstance(processor, ChatLanes)
    held = api.hold("sendMessage", ALICE)
    await api.push(typed(api, ALICE, "/help"))
    await within(held.arrived, "Alice's reply call")
    for user in range(2000, 2020):
        await api.push(typed(api, user, "/help"))
    assert processor.lanes() >= 1  # Alice's, while her reply hangs

    held.released.set()
    await bot.app.update_queue.join()

    assert processor.lanes() == 0


# the processor on its own


def update_in(chat_id: int | None, user_id: int | None = None) -> object:
    """An Update of a chat (or a chat-less one of a user), as PTB builds them."""
    from telegram import Update

    payload: dict[str, Any] = {"update_id": 1}
    if chat_id is not None:
        payload["message"] = {
            "message_id": 1,
            "date": NOW,
            "chat": {"id": chat_id, "type": "private"},
            "text": "hi",
        }
    elif user_id is not None:
        payload["callback_query"] = {
            "id": "1",
            "from": {"id": user_id, "is_bot": False, "first_name": "U"},
            "chat_instance": "1",
            "inline_message_id": "abc",
            "data": "x",
        }
    return Update.de_json(payload, None)


def started(log: list[str], name: str, gate: asyncio.Event) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        log.append(f"{name} started")
        await gate.wait()
        log.append(f"{name} done")

    return run


async def test_at_most_running_updates_run_at_once() -> None:
    lanes = ChatLanes(running=2)
    gate = asyncio.Event()
    log: list[str] = []
    tasks = [
        asyncio.create_task(lanes.process_update(update_in(chat), started(log, str(chat), gate)()))
        for chat in (1, 2, 3)
    ]
    for _ in range(5):
        await asyncio.sleep(0)
    assert log == ["1 started", "2 started"]  # the third chat waits for a slot
    gate.set()
    await asyncio.gather(*tasks)
    assert log.count("3 done") == 1 and lanes.lanes() == 0


async def test_updates_without_a_chat_go_in_their_users_lane() -> None:
    lanes = ChatLanes()
    gate = asyncio.Event()
    log: list[str] = []
    first = asyncio.create_task(lanes.process_update(update_in(7), started(log, "a", gate)()))
    second = asyncio.create_task(
        lanes.process_update(update_in(None, user_id=7), started(log, "b", gate)())
    )
    for _ in range(5):
        await asyncio.sleep(0)
    assert log == ["a started"]  # the same person: in order
    gate.set()
    await asyncio.gather(first, second)
    assert log == ["a started", "a done", "b started", "b done"]
