"""Start-up against a Telegram that may be down: wait and try again, never crash on the network.

PTB's own bootstrap retries (`bootstrap_retries`) log each failure at DEBUG, or with a
traceback when they give up, cannot be told to stop by a signal while they wait, and retry a
timeout at once; so the calls made at start-up (getMe, deleteWebhook, setWebhook) go through
`Patience` instead: a network error, a timeout or a 5xx answer is one warning line, then a
wait that doubles from 1 s up to a minute, for as long as it takes or until the bot is told to
stop. A token Telegram rejects (PTB's InvalidToken, on 401 and 404) is not retried: nothing
changes until someone fixes the setting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import TypeVar

from telegram import Bot, BotCommand
from telegram.error import NetworkError, RetryAfter, TelegramError

logger = logging.getLogger(__name__)

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

FIRST_WAIT_S = 1.0
MAX_WAIT_S = 60.0


class Stopped(Exception):
    """The bot was told to stop (Ctrl-C, SIGTERM) while it waited for Telegram."""


def backoff(attempt: int) -> float:
    """Return the wait after failed attempt number `attempt` (1, 2, ...): 1 s doubling to 60 s."""
    return min(FIRST_WAIT_S * 2.0 ** min(attempt - 1, 32), MAX_WAIT_S)


class Patience:
    """Runs start-up calls until they succeed, waiting between tries; gives up only on `stop`."""

    def __init__(self, stop: asyncio.Event, sleep: Sleep = asyncio.sleep) -> None:
        self.stop = stop
        self._sleep = sleep

    async def until_done(self, what: str, action: Callable[[], Awaitable[T]]) -> T:
        """Return what `action` returns once it succeeds; raise Stopped if told to stop first.

        Errors other than network ones (a rejected token, a bad request) are raised at once.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self.unless_stopped(action())
            except RetryAfter as error:
                wait = max(_seconds(error.retry_after), backoff(attempt))
                reason: Exception = error
            except NetworkError as error:  # also TimedOut, and any 5xx answer
                wait, reason = backoff(attempt), error
            logger.warning(
                "Telegram unreachable at start-up (%s, attempt %d): %s; trying again in %.0f s",
                what,
                attempt,
                reason,
                wait,
            )
            await self.unless_stopped(self._sleep(wait))

    async def unless_stopped(self, awaitable: Awaitable[T]) -> T:
        """Await `awaitable`, or cancel it and raise Stopped as soon as `stop` is set."""
        if self.stop.is_set():
            if asyncio.iscoroutine(awaitable):
                awaitable.close()
            raise Stopped
        work = asyncio.ensure_future(awaitable)
        stopping = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait({work, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (stopping, work):
                if not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        if work.done() and not work.cancelled():
            return work.result()
        raise Stopped


def _seconds(retry_after: timedelta | float) -> float:
    return retry_after.total_seconds() if isinstance(retry_after, timedelta) else retry_after


async def publish_commands(bot: Bot, commands: Sequence[BotCommand]) -> None:
    """Set the command menu; a failure is one warning, since the bot works without it."""
    try:
        await bot.set_my_commands(commands)
    except TelegramError as error:
        logger.warning("could not publish the command menu (setMyCommands): %s", error)
