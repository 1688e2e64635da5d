"""A Bot API double that enforces Telegram's documented limits, for the load benchmark.

The limits are the Bot FAQ's ("My bot is hitting limits, how do I avoid this?",
https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):

- about 30 messages a second overall: a token bucket of 30, refilled at 30/s;
- about one message a second in one chat, short bursts allowed: a bucket of 3 (the FAQ gives
  no size; 3 is what the bot assumes too), refilled at 1/s; every edit counts here as well,
  keyboard removals included (the FAQ says nothing about edits: this double is the strict
  reading, so a bot that spends nothing on a removal is checked against it);
- 20 messages a minute in one group: a bucket of 1, refilled every 3 s.

Past a limit it answers 429 with a whole-second `retry_after`, as Telegram does. Updates are
offered without waiting (`offer`), and the moment each is handed over in a getUpdates answer
is recorded, as is every call that answers a chat (a message or an edit of its text).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import RequestData

from tests.bench.doubles import TimedBotAPI
from tests.support.botapi import Failure

OVERALL = (30.0, 30.0)
"""(bucket, per second) for new messages, all chats together."""
PER_CHAT = (3.0, 1.0)
PER_GROUP = (1.0, 1 / 3)
MESSAGES = ("send", "copy", "forward")
ANSWERS = frozenset({"sendMessage", "sendDocument", "editMessageText"})
"""Calls that show a user an answer (a keyboard removal or a press's answer shows none)."""


@dataclass
class Bucket:
    """A token bucket on the monotonic clock."""

    capacity: float
    rate: float
    tokens: float = field(init=False)
    stamp: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.tokens = self.capacity

    def wait(self, now: float) -> float:
        """0 if a token is there now, else the seconds until there will be one."""
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        """Spend a token (after `wait` said there is one)."""
        self.tokens -= 1


class LimitedBotAPI(TimedBotAPI):
    """The suite's double at a round trip of `rtt` s, holding the bot to Telegram's limits."""

    def __init__(self, rtt: float) -> None:
        super().__init__(record_calls=False, rtt=rtt)
        self.overall = Bucket(*OVERALL)
        self.chats: dict[int, Bucket] = {}
        self.too_many = 0
        self.refused: dict[str, int] = {}
        """429s by method and by which limit ("sendMessage/chat", "sendMessage/overall")."""
        self.handed: dict[int, float] = {}
        """update_id -> when a getUpdates answer first carried it."""
        self.answers: list[tuple[int, float]] = []
        """(chat id, when) of every accepted call that shows a user an answer."""
        self.listeners: list[Callable[[int, float], None]] = []
        """Called with (chat id, when) on each answer (the users waiting for theirs)."""
        self._wakers: set[asyncio.Future[None]] = set()

    def offer(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates at once (the user does not wait for the bot)."""
        self._updates.append(update)
        condition = self._condition()

        async def wake() -> None:
            async with condition:
                condition.notify_all()

        task = asyncio.ensure_future(wake())
        self._wakers.add(task)
        task.add_done_callback(self._wakers.discard)

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        handed = await super()._api_getUpdates(params)
        now = time.monotonic()
        for update in handed:
            self.handed.setdefault(update["update_id"], now)
        return handed

    async def answer(
        self, url: str, method: str, request_data: RequestData | None
    ) -> tuple[int, bytes]:
        """Refuse a call past a limit with 429; note the answers users see."""
        api_method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data else {}
        chat = params.get("chat_id")
        now = time.monotonic()
        buckets: list[Bucket] = []
        if chat is not None and (api_method.startswith(MESSAGES) or api_method.startswith("edit")):
            chat_id = int(str(chat))
            bucket = self.chats.get(chat_id)
            if bucket is None:
                bucket = self.chats[chat_id] = Bucket(*(PER_GROUP if chat_id < 0 else PER_CHAT))
            buckets.append(bucket)
        if api_method.startswith(MESSAGES) and api_method != "sendChatAction":
            buckets.append(self.overall)
        wait = max((bucket.wait(now) for bucket in buckets), default=0.0)
        if wait > 0:
            self.too_many += 1
            which = "overall" if self.overall in buckets and self.overall.wait(now) else "chat"
            key = f"{api_method}/{which}"
            self.refused[key] = self.refused.get(key, 0) + 1
            retry_after = max(1, math.ceil(wait))
            failure = Failure(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
            return failure.status, self._error(failure)
        for bucket in buckets:
            bucket.take()
        status, body = await super().answer(url, method, request_data)
        if status == 200 and api_method in ANSWERS and chat is not None:
            self.answers.append((int(str(chat)), now))
            for listener in self.listeners:
                listener(int(str(chat)), now)
        return status, body
