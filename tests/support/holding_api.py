"""A Bot API double that can hold a call, and a bot as in production polling it.

A held call is not answered until the test releases it: Telegram being slow with one chat
(a timeout), without any real waiting. The double also says when a chat got a message, so a
test can wait for a reply without waiting for the whole update queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from telegram.request import RequestData

from bot.app import Content
from bot.clock import FrozenClock
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.pacing import Limits, Pacer
from tests.support.botapi import NOW, BotAPIDouble
from tests.support.telegram_bot import Bot, make_settings

ALICE, BOB = 1001, 1002
REPLY_WITHIN_S = 5.0
"""How long a test waits for a reply that should come at once (only a failing test waits)."""


@dataclass
class Hold:
    """A call the double keeps unanswered until the test releases it."""

    method: str
    chat_id: int
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)


class HoldingAPI(BotAPIDouble):
    """The suite's double, able to hold a chosen call and to say when a chat got a message."""

    def __init__(self) -> None:
        super().__init__()
        self.holds: list[Hold] = []
        self._got: dict[int, asyncio.Event] = {}

    def hold(self, method: str, chat_id: int) -> Hold:
        """Hold the next call of `method` to `chat_id` until `release` is set."""
        held = Hold(method, chat_id)
        self.holds.append(held)
        return held

    def got_message(self, chat_id: int) -> asyncio.Event:
        """An event set when the double accepts a sendMessage to `chat_id`."""
        return self._got.setdefault(chat_id, asyncio.Event())

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Wait while the call is held, then answer as the suite's double does."""
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        chat = params.get("chat_id")
        for held in self.holds:
            if held.arrived.is_set() or held.method != api_method or chat is None:
                continue
            if str(chat) == str(held.chat_id):
                held.arrived.set()
                await held.released.wait()
                break
        return await super().do_request(url, method, request_data)

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        result = await super()._api_sendMessage(params)
        if isinstance(result, dict):
            self.got_message(int(params["chat_id"])).set()
        return result

    def release_all(self) -> None:
        """Answer every call still held (a test's end)."""
        for held in self.holds:
            held.released.set()


@asynccontextmanager
async def running_bot(
    store: Store, clock: FrozenClock, content: Content, db_path: Path, pacer: Pacer | None = None
) -> AsyncIterator[tuple[Bot, HoldingAPI]]:
    """The bot as built in production, polling the holding double.

    Its pacer keeps the overall pace and 429 handling but not the per-chat pace (a burst of 3,
    then one a second), which would make a chat's fourth message really wait; pass `pacer` for
    others. The per-chat pace is tested on a virtual clock (tests/unit/telegram/test_pacing.py).
    """
    api = HoldingAPI()
    app, deps = build_application(
        make_settings(db_path),
        store,
        clock,
        content,
        request=api,
        get_updates_request=api,
        pacer=pacer or Pacer(Limits().chats_lifted()),
    )
    bot = Bot(api, app, store, deps)
    async with app:
        assert app.updater is not None and app.post_init is not None
        await app.post_init(app)
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await app.start()
        assert app.job_queue is not None
        app.job_queue.scheduler.pause()
        try:
            yield bot, api
        finally:
            api.release_all()
            await app.updater.stop()
            await app.stop()
    assert api.unexpected == []


def typed(api: BotAPIDouble, user_id: int, text: str) -> dict[str, Any]:
    """An update: `user_id` typed `text` in their private chat."""
    message: dict[str, Any] = {
        "message_id": api.new_update_id(),
        "date": NOW,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"},
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": api.new_update_id(), "message": message}


async def within(event: asyncio.Event, what: str) -> None:
    """Wait for `event`, failing the test if it does not come promptly."""
    try:
        await asyncio.wait_for(event.wait(), REPLY_WITHIN_S)
    except TimeoutError:
        pytest.fail(f"{what} did not come within {REPLY_WITHIN_S} s")


def texts_to(api: BotAPIDouble, chat_id: int) -> list[str]:
    """The texts of the messages a chat got (documents have none)."""
    return [m["text"] for m in api.sent_to(chat_id) if "text" in m]
