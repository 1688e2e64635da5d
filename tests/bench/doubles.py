"""Bot API doubles for benchmarks, built on the test suite's double at PTB's HTTP seam.

- `TimedBotAPI` keeps the double's checks but times its own work, so a benchmark can tell
  the bot's time from the double's (in production that time is Telegram's, not ours), and
  remembers each chat's live keyboard so a scripted user can press buttons in O(1).
- `ThrottledBotAPI` enforces Telegram's overall limit (30 messages/s, a token bucket on its
  own monotonic clock) and answers 429 with `retry_after` past it, as Telegram does.

Either can answer after a network round trip (`rtt`, seconds): an in-process double answers
at once, which hides any design that waits for one answer before the next send.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import Any

from telegram.request import RequestData

from tests.support.botapi import BotAPIDouble, Failure

# Methods Telegram counts towards the overall per-bot message limit.
LIMITED = frozenset({"sendMessage", "sendDocument", "editMessageText", "editMessageReplyMarkup"})


class TimedBotAPI(BotAPIDouble):
    """The suite's double, timing itself and tracking live keyboards and sent messages."""

    def __init__(self, record_calls: bool = True, rtt: float = 0.0) -> None:
        super().__init__()
        self.rtt = rtt
        self.busy = 0.0
        """Seconds spent inside the double (its checks and JSON), to subtract from a turn."""
        self.requests = 0
        self.keyboards: dict[int, dict[str, Any]] = {}
        """Per chat, the newest message that still has buttons."""
        self.sent_at: list[tuple[float, int, str]] = []
        """(wall-clock time, chat id, text) of every accepted sendMessage."""
        self.record_calls = record_calls

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
        """Answer one call: half the round trip there, the answer, half the way back."""
        if self.rtt:
            await asyncio.sleep(self.rtt / 2)
        answer = await self.answer(url, method, request_data)
        if self.rtt:
            await asyncio.sleep(self.rtt / 2)
        return answer

    async def answer(
        self, url: str, method: str, request_data: RequestData | None
    ) -> tuple[int, bytes]:
        """Answer one call as the suite's double does, timing the double's own work."""
        started = time.perf_counter()
        try:
            return await super().do_request(url, method, request_data)
        finally:
            self.requests += 1
            if not self.record_calls:
                self.calls.clear()
            self.busy += time.perf_counter() - started

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        result = await super()._api_sendMessage(params)
        if isinstance(result, dict):
            chat_id = int(params["chat_id"])
            self.sent_at.append((time.time(), chat_id, str(params.get("text", ""))))
            stored = self.messages[(chat_id, result["message_id"])]
            if "reply_markup" in stored:
                self.keyboards[chat_id] = stored
            if not self.record_calls and "reply_markup" not in stored:
                # Keep only messages that may still be pressed or edited.
                del self.messages[(chat_id, result["message_id"])]
        return result

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        result = await super()._api_editMessageText(params)
        self._settled(params)
        return result

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        result = await super()._api_editMessageReplyMarkup(params)
        self._settled(params)
        return result

    def _settled(self, params: dict[str, Any]) -> None:
        chat_id = int(params["chat_id"])
        message = self.messages.get((chat_id, int(params["message_id"])))
        live = self.keyboards.get(chat_id)
        if message is not None and live is message and "reply_markup" not in message:
            del self.keyboards[chat_id]
        if message is not None and "reply_markup" not in message and not self.record_calls:
            del self.messages[(chat_id, int(params["message_id"]))]


class ThrottledBotAPI(TimedBotAPI):
    """A double that allows `rate` limited calls per second (burst `rate`), 429 beyond."""

    def __init__(self, rate: float = 30.0, burst: float | None = None, rtt: float = 0.0) -> None:
        super().__init__(record_calls=False, rtt=rtt)
        self.rate = rate
        self.capacity = burst if burst is not None else rate
        self.tokens = self.capacity
        self.refilled = time.monotonic()
        self.too_many = 0
        """How many 429 answers the double gave."""
        self.accepted = 0

    def _take(self) -> float:
        """Take a token; return 0 if allowed, else the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate

    async def answer(
        self, url: str, method: str, request_data: RequestData | None
    ) -> tuple[int, bytes]:
        """Refuse a limited call past the rate with 429 and a whole-second retry_after."""
        if url.rsplit("/", 1)[-1] in LIMITED:
            wait = self._take()
            if wait > 0:
                self.too_many += 1
                retry_after = max(1, math.ceil(wait))
                failure = Failure(
                    429,
                    f"Too Many Requests: retry after {retry_after}",
                    {"retry_after": retry_after},
                )
                return failure.status, self._error(failure)
            self.accepted += 1
        return await super().answer(url, method, request_data)
