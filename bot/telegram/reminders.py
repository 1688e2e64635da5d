"""Deliver reminders through the bot: the dispatcher's sender and the dispatcher itself."""

from __future__ import annotations

from datetime import timedelta

from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter

from bot.app import Content
from bot.clock import Clock
from bot.domain.events import Reply
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher, Permanent, Sender, Throttled, Unreachable
from bot.store import Store
from bot.telegram.deps import USER_PREFIX
from bot.telegram.sending import send_replies


def telegram_sender(bot: Bot) -> Sender:
    """Return a sender that messages a Telegram user, telling the dispatcher what a failure
    means: blocked (403) is `Unreachable`, a refused message (400) is `Permanent`, flood
    control (429) is `Throttled` for its retry_after; anything else is transient."""

    async def send(user_id: str, replies: list[Reply]) -> None:
        try:
            await send_replies(bot, int(user_id.removeprefix(USER_PREFIX)), replies)
        except Forbidden as exc:
            raise Unreachable(str(exc)) from exc
        except BadRequest as exc:
            raise Permanent(str(exc)) from exc
        except RetryAfter as exc:
            raise Throttled(retry_after(exc)) from exc

    return send


def retry_after(error: RetryAfter) -> timedelta:
    """Return how long Telegram asked to wait (PTB gives seconds or, opted in, a timedelta)."""
    wait = error.retry_after
    return wait if isinstance(wait, timedelta) else timedelta(seconds=wait)


def owned(user_id: str) -> bool:
    """Tell whether a user is a Telegram user (other ids belong to terminal chats)."""
    return user_id.startswith(USER_PREFIX)


def reminder_dispatcher(
    store: Store, clock: Clock, content: Content, bot: Bot, scheduler: BaseScheduler, window: int
) -> Dispatcher:
    """Return the dispatcher that delivers Telegram users' reminders on the app's scheduler;
    `window` caps the reminders in flight (COACH_REMINDER_WINDOW)."""
    return Dispatcher(
        store,
        clock,
        telegram_sender(bot),
        ReminderComposer(store, content.renderer, content.plan),
        scheduler,
        owns=owned,
        in_flight=window,
    )
