"""Handle updates of different chats at the same time, and those of one chat in order.

PTB's extension point for this is the update processor (`BaseUpdateProcessor`, set with
`ApplicationBuilder.concurrent_updates(processor)`): PTB starts a task per update, in the order
Telegram delivered them, and hands each to `do_process_update`. Here each update first joins
its chat's lane, a FIFO lock per chat, so one chat's updates run one after the other in the
order they came; then it takes one of `running` slots, so only so many handlers run at once.
A chat that waits (a 429, a slow answer) holds only its own lane. A lane is dropped as soon
as nothing is queued in it, so idle chats cost no memory.

An update is keyed by its chat; one without a chat (a press on an inline-mode message) by its
user, which in a private chat is the same number; one with neither runs unordered.

The coach itself runs synchronously inside a handler (`Coach.handle` is not a coroutine), so
two chats' turns never interleave inside the coach or its SQLite transactions: they overlap
only while waiting for Telegram.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

RUNNING = 64
"""Handlers running at once, all chats together."""
TAKEN_IN = 4096
"""Updates taken in at once, waiting in their lane or running (PTB's own bound). Far above
RUNNING: an update waiting behind its own chat must not hold a slot other chats need."""

AfterUpdate = Callable[[int], Awaitable[None]]
"""Run in the lane after each update of a chat (e.g. cosmetic edits still in flight)."""


def lane_of(update: object) -> int | None:
    """Return the key of the lane an update goes in: its chat, else its user, else None."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    queued: int = 0


class ChatLanes(BaseUpdateProcessor):
    """Concurrent across chats, in order within a chat, at most `running` at once."""

    def __init__(
        self,
        running: int = RUNNING,
        *,
        taken_in: int = TAKEN_IN,
        after_update: AfterUpdate | None = None,
    ) -> None:
        super().__init__(max(taken_in, running))
        self.running = running
        self._slots = asyncio.Semaphore(running)
        self._lanes: dict[int, _Lane] = {}
        self._after_update = after_update

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def lanes(self) -> int:
        """How many chats have a lane now (only chats with an update queued or running)."""
        return len(self._lanes)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers in its chat's lane, in a running slot."""
        key = lane_of(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.queued += 1
        started = False
        try:
            async with lane.lock, self._slots:  # both FIFO
                started = True
                try:
                    await coroutine
                finally:
                    if self._after_update is not None:
                        await self._after_update(key)
        finally:
            lane.queued -= 1
            if lane.queued == 0:
                del self._lanes[key]
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while queued (shutting down): never started
