"""Deliver reminders through the bot: the dispatcher's sender and the dispatcher itself."""

from __future__ import annotations

from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]
from telegram import Bot
from telegram.error import Forbidden

from bot.app import Content
from bot.clock import Clock
from bot.domain.events import Reply
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher, Sender, Unreachable
from bot.store import Store
from bot.telegram.deps import USER_PREFIX
from bot.telegram.sending import send_replies


def telegram_sender(bot: Bot) -> Sender:
    """Return a sender that messages a Telegram user; a block becomes `Unreachable`."""

    async def send(user_id: str, replies: list[Reply]) -> None:
        try:
            await send_replies(bot, int(user_id.removeprefix(USER_PREFIX)), replies)
        except Forbidden as exc:
            raise Unreachable(str(exc)) from exc

    return send


def owned(user_id: str) -> bool:
    """Tell whether a user is a Telegram user (other ids belong to terminal chats)."""
    return user_id.startswith(USER_PREFIX)


def reminder_dispatcher(
    store: Store, clock: Clock, content: Content, bot: Bot, scheduler: BaseScheduler, window: int
) -> Dispatcher:
    """Return the dispatcher that delivers Telegram users' reminders on the app's scheduler."""
    return Dispatcher(
        store,
        clock,
        telegram_sender(bot),
        ReminderComposer(store, content.renderer, content.plan),
        scheduler,
        owns=owned,
        in_flight=window,
    )
