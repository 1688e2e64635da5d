"""Pace the bot's Bot API calls to what Telegram limits, and nothing else.

Telegram's documented limits (Bot FAQ, "My bot is hitting limits, how do I avoid this?",
https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):

- in one chat, no more than about one message a second; short bursts are allowed, but
  keep it up and 429 errors follow;
- bulk notifications to many users: not more than about 30 messages a second overall;
- one group: not more than 20 messages a minute.

Past a limit Telegram answers 429 with `retry_after`, "the number of seconds left to wait
before the request can be repeated" (Bot API, ResponseParameters,
https://core.telegram.org/bots/api#responseparameters). That is the only signal: it does not
say whether the limit was the chat's or the bot's (no other field is documented, nor in the
Bot API version PTB 22 implements).

So each call is one of four kinds (`kind_of`):

- MESSAGE (send*, copy*, forward*): a new message. It spends a token of its chat's bucket
  (a burst of `chat_burst`, then one a second; in a group or channel one every 3 s, so 20 a
  minute) and a slot of the overall pace: one every 1/29.5 s with a bucket of one, evenly
  spaced a little under 30/s (never a burst of 30, which a Telegram that tolerates no burst
  answers with 429s; tests/bench/README.md item 8).
- EDIT (edit* that shows text or buttons): changes what the user reads. No documented limit
  covers edits, so they spend only their chat's bucket (cheap there, and a flood of edits in
  one chat is what Telegram would object to), never the overall 30/s meant for bulk sends.
- COSMETIC (editMessageReplyMarkup that only removes a keyboard): nobody would miss it. It
  never waits and never takes the overall pace: it goes out only on a token its chat has to
  spare (it is an edit in that chat all the same), and is skipped (`Skipped`, a BadRequest)
  while its chat is throttled: in a 429 wait, or with no token left. A 429 on it is noted for
  the chat but not retried. OpenKeyboards (sending.py) makes it after the reply, so it only
  ever takes what the reply left.
- FREE (answerCallbackQuery, getMe, setMyCommands, deleteWebhook, getFile, sendChatAction,
  anything else): not a message, so no budget. answerCallbackQuery in particular must not
  queue behind messages: the user's button spins until it comes. (getUpdates never reaches
  a rate limiter in PTB.)

A 429 for a call to one chat blocks that chat for `retry_after` (its next calls wait too)
and is retried up to `retries` times; other chats go on. Everyone pauses only when Telegram
signals a bot-wide limit: a 429 on a call that names no chat, or 429s for two different
chats within `BOT_WIDE_WINDOW` seconds (our own pacing keeps every chat under its limit, so
two chats refused at once point at the bot's overall limit).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import BadRequest, RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
ChatKey = int | str

RETRY_MARGIN = 0.1
"""Seconds added to Telegram's retry_after, so the retry lands after it, not on it."""
BOT_WIDE_WINDOW = 1.0
"""429s for two different chats within this many seconds mean a bot-wide limit."""
UNLIMITED = 1e12
"""A rate or burst no bot reaches."""
SWEEP_EVERY = 1024
"""Forget idle chats' buckets once this many more chats have been seen."""

# Methods that add a message to a chat. Everything else that starts with "send", "copy" or
# "forward" counts too (a method added to the Bot API later is paced, not let through).
MESSAGE_PREFIXES = ("send", "copy", "forward")
NOT_MESSAGES = frozenset({"sendChatAction"})
"""Starts like a message but adds none ("typing…")."""
EDIT_PREFIX = "edit"
KEYBOARD_EDIT = "editMessageReplyMarkup"


class Kind(Enum):
    """What a call costs (see the module's docstring)."""

    MESSAGE = "message"
    EDIT = "edit"
    COSMETIC = "cosmetic"
    FREE = "free"


def kind_of(endpoint: str, data: dict[str, Any]) -> Kind:
    """Return what a Bot API call costs."""
    if endpoint in NOT_MESSAGES:
        return Kind.FREE
    if endpoint.startswith(MESSAGE_PREFIXES):
        return Kind.MESSAGE
    if endpoint == KEYBOARD_EDIT and not data.get("reply_markup"):
        return Kind.COSMETIC
    if endpoint.startswith(EDIT_PREFIX) and data.get("chat_id") is not None:
        return Kind.EDIT
    return Kind.FREE


def chat_of(data: dict[str, Any]) -> ChatKey | None:
    """Return the chat a call is for (an id, or a channel's @username), if it names one."""
    chat = data.get("chat_id")
    if chat is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(chat)
    return str(chat)


def is_group(chat: ChatKey) -> bool:
    """Tell whether a chat is a group, supergroup or channel (negative ids, @usernames)."""
    return isinstance(chat, str) or chat < 0


class Skipped(BadRequest):
    """A cosmetic call (removing a keyboard) that was not made: its chat is throttled.

    A BadRequest, so every caller that shrugs off "message can't be edited" shrugs this off
    too.
    """


@dataclass(frozen=True)
class Limits:
    """What the bot holds itself to (see the module's docstring for the sources)."""

    overall_rate: float = 29.5
    """New messages per second, all chats together, evenly spaced (a bucket of one)."""
    chat_burst: float = 3
    """Messages and edits one private chat may get at once ("short bursts are allowed")."""
    chat_rate: float = 1.0
    """Then this many a second in one private chat."""
    group_burst: float = 1
    group_rate: float = 20 / 60
    """A group, supergroup or channel: 20 a minute, one every 3 s."""
    retries: int = 3
    """How many times a call refused with 429 is tried again (after the wait)."""

    @classmethod
    def lifted(cls) -> Limits:
        """No pacing at all (for tests and benchmarks that measure the bot, not Telegram);
        429s are still waited out and retried."""
        return cls(UNLIMITED).chats_lifted()

    def chats_lifted(self) -> Limits:
        """These limits without the per-chat and per-group ones (the overall pace stays)."""
        return replace(
            self,
            chat_burst=UNLIMITED,
            chat_rate=UNLIMITED,
            group_burst=UNLIMITED,
            group_rate=UNLIMITED,
        )


@dataclass
class _Chat:
    """One chat's bucket and its 429 block."""

    tokens: float
    stamp: float
    blocked_until: float = 0.0
    busy: int = 0
    """Calls waiting for or holding this chat's turn (the entry stays while any do)."""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class Pacer(BaseRateLimiter[int]):
    """PTB's rate limiter extension point, pacing only what Telegram limits.

    `rate_limit_args` (an int), when a call passes one, is its number of 429 retries.
    `clock` and `sleep` are injectable so tests can run the pacing without waiting.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock or time.monotonic
        self._sleep = sleep
        self._chats: dict[ChatKey, _Chat] = {}
        self._overall = asyncio.Lock()
        self._next_message = 0.0
        self._paused_until = 0.0
        self._last_429: tuple[float, ChatKey] | None = None
        self._seen_since_sweep = 0
        self.refused = 0
        """How many 429s Telegram answered (retried or not)."""

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    # what callers may ask

    def throttled(self, chat: ChatKey) -> bool:
        """Tell whether a call to `chat` would have to wait now: Telegram said to (a 429, for
        the chat or the whole bot), or its bucket is empty."""
        now = self._clock()
        if now < self._paused_until:
            return True
        state = self._chats.get(chat)
        if state is None:
            return False
        return now < state.blocked_until or self._tokens(chat, state, now) < 1

    def chats_tracked(self) -> int:
        """How many chats have a bucket in memory (idle ones are forgotten)."""
        return len(self._chats)

    # BaseRateLimiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the call's turn, make it, and wait out and retry a 429."""
        kind = kind_of(endpoint, data)
        chat = chat_of(data)
        retries = self.limits.retries if rate_limit_args is None else rate_limit_args
        attempt = 0
        while True:
            spent: float | None = None  # when the chat's token for this call was taken
            if kind is Kind.COSMETIC and chat is not None:
                if not self._spare_token(chat):
                    raise Skipped(f"{endpoint} skipped: chat {chat} is throttled")
                spent = self._clock()
            try:
                spent = await self._wait_turn(kind, chat) or spent
                try:
                    return await callback(*args, **kwargs)
                finally:
                    if chat is not None and spent is not None:
                        self._landed(chat, spent)
            except RetryAfter as exc:
                # PTB's own limiter reads the private timedelta: the public attribute warns
                # unless PTB_TIMEDELTA is set.
                wait = exc._retry_after.total_seconds() + RETRY_MARGIN
                self._refused(chat, wait)
                if kind is Kind.COSMETIC:
                    raise Skipped(f"{endpoint} skipped: chat {chat} is throttled") from exc
                if attempt >= retries:
                    logger.error(
                        "%s refused %d times for flood control; giving up", endpoint, attempt + 1
                    )
                    raise
                attempt += 1
                logger.info("%s: flood control, retrying in %.1f s", endpoint, wait)

    # pacing

    async def _wait_turn(self, kind: Kind, chat: ChatKey | None) -> float | None:
        """Wait until the bot may make a call of this kind to this chat; return when the
        chat's token was taken (None if the call takes none)."""
        await self._wait_until(lambda: self._paused_until)
        spent = None
        if chat is not None and kind in (Kind.MESSAGE, Kind.EDIT):
            spent = await self._chat_turn(chat)
        elif chat is not None and (state := self._chats.get(chat)) is not None:
            await self._wait_until(lambda: state.blocked_until)
        if kind is Kind.MESSAGE:
            await self._overall_turn()
        return spent

    async def _chat_turn(self, chat: ChatKey) -> float:
        """Wait out the chat's 429 block, then take a token of its bucket; return when."""
        state = self._chat(chat)
        state.busy += 1
        try:
            async with state.lock:  # FIFO: the chat's calls keep their order
                await self._wait_until(lambda: state.blocked_until)
                burst, rate = self._bucket(chat)
                tokens = self._tokens(chat, state, self._clock())
                if tokens < 1:
                    await self._pause((1 - tokens) / rate)
                    tokens = self._tokens(chat, state, self._clock())
                state.tokens, state.stamp = min(burst, tokens) - 1, self._clock()
                return state.stamp
        finally:
            state.busy -= 1

    def _landed(self, chat: ChatKey, spent: float) -> None:
        """Count the call's token as spent when its answer came, not when it was taken.

        Telegram counts a call when it arrives: after any wait for the overall pace, and
        somewhere on the way between leaving and the answer. A call delayed on its way (the
        overall queue, a busy event loop, the network) arrives closer to the chat's next one
        than their tokens were taken; counting from the latest moment keeps the bucket on the
        safe side of that.
        """
        state = self._chats.get(chat)
        if state is not None:
            _, rate = self._bucket(chat)
            state.tokens -= (self._clock() - spent) * rate

    def _spare_token(self, chat: ChatKey) -> bool:
        """Take a token of the chat's bucket if it has one to spare right now (never wait)."""
        if self.throttled(chat):
            return False
        state = self._chat(chat)
        if state.busy:
            return False  # messages are queued for this chat: they come first
        now = self._clock()
        state.tokens, state.stamp = self._tokens(chat, state, now) - 1, now
        return True

    async def _overall_turn(self) -> None:
        """One new message every 1/overall_rate s, counted from when the last one left."""
        async with self._overall:  # FIFO
            wait = self._next_message - self._clock()
            if wait > 0:
                await self._pause(wait)
            self._next_message = self._clock() + 1 / self.limits.overall_rate

    async def _wait_until(self, until: Callable[[], float]) -> None:
        """Sleep until `until()`, and longer if a new 429 moved it on meanwhile."""
        deadline = until()
        while (wait := deadline - self._clock()) > 0:
            await self._pause(wait)
            if until() <= deadline:
                return
            deadline = until()

    async def _pause(self, seconds: float) -> None:
        # asyncio.sleep is looked up at call time, so a test's patch of it applies.
        await (self._sleep or asyncio.sleep)(seconds)

    # buckets

    def _bucket(self, chat: ChatKey) -> tuple[float, float]:
        if is_group(chat):
            return self.limits.group_burst, self.limits.group_rate
        return self.limits.chat_burst, self.limits.chat_rate

    def _tokens(self, chat: ChatKey, state: _Chat, now: float) -> float:
        burst, rate = self._bucket(chat)
        return min(burst, state.tokens + (now - state.stamp) * rate)

    def _chat(self, chat: ChatKey) -> _Chat:
        state = self._chats.get(chat)
        if state is None:
            self._seen_since_sweep += 1
            if self._seen_since_sweep >= SWEEP_EVERY:
                self._sweep()
            burst, _ = self._bucket(chat)
            state = self._chats[chat] = _Chat(tokens=burst, stamp=self._clock())
        return state

    def _sweep(self) -> None:
        """Forget chats nothing waits for, whose bucket is full again and block is over."""
        now = self._clock()
        for chat, state in list(self._chats.items()):
            full = self._tokens(chat, state, now) >= self._bucket(chat)[0]
            if state.busy == 0 and full and state.blocked_until <= now:
                del self._chats[chat]
        self._seen_since_sweep = 0

    # 429s

    def _refused(self, chat: ChatKey | None, wait: float) -> None:
        """Block the chat for `wait` s; pause everyone when the limit looks bot-wide."""
        self.refused += 1
        now = self._clock()
        bot_wide = chat is None
        if chat is not None:
            state = self._chat(chat)
            state.blocked_until = max(state.blocked_until, now + wait)
            last = self._last_429
            bot_wide = last is not None and last[1] != chat and now - last[0] <= BOT_WIDE_WINDOW
            self._last_429 = (now, chat)
        if bot_wide:
            logger.warning("flood control for the whole bot: pausing every call for %.1f s", wait)
            self._paused_until = max(self._paused_until, now + wait)
