"""Deliver reminders through the bot: the dispatcher's sender, and its start with the app."""

from __future__ import annotations

from telegram import Bot
from telegram.error import Forbidden

from bot.domain.events import Reply
from bot.reminders.compose import ReminderComposer
from bot.reminders.delivery import Dispatcher, Sender, Unreachable
from bot.telegram.deps import USER_PREFIX, Deps
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


def start_reminders(deps: Deps, bot: Bot, scheduler: object) -> Dispatcher:
    """Create the dispatcher on the app's scheduler, arm due reminders, and listen for new ones."""
    coach = deps.coach
    dispatcher = Dispatcher(
        deps.store,
        deps.clock,
        telegram_sender(bot),
        ReminderComposer(deps.store, coach.renderer, deps.plan),
        scheduler,
        owns=owned,
        in_flight=deps.reminder_window,
    )
    dispatcher.start()
    coach.reminders_changed = dispatcher.arm
    deps.dispatcher = dispatcher
    return dispatcher
