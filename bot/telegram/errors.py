"""The one error handler: log with the traceback, tell the user, mark blocked users."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.error import Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.deps import Deps, user_id

logger = logging.getLogger(__name__)


class ErrorHandler:
    """Never go silent: every failure is logged, and the user hears that something broke."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle an exception raised while processing an update."""
        error = context.error
        user = update.effective_user if isinstance(update, Update) else None
        chat = update.effective_chat if isinstance(update, Update) else None
        if isinstance(error, Forbidden):
            if chat is not None and chat.type != ChatType.PRIVATE:
                # The bot was removed from a group: that says nothing about the member.
                logger.warning("chat %s cannot be reached: %s", chat.id, error)
                return
            # The user blocked the bot (or left): nothing can reach them any more.
            if user is not None:
                self.deps.store.set_inactive(user_id(user), self.deps.clock.now())
            logger.warning("user %s cannot be reached: %s", user.id if user else "?", error)
            return
        if update is None and isinstance(error, NetworkError):
            # Polling lost Telegram for a moment (PTB retries): one line, no traceback.
            logger.warning("network error while polling Telegram: %s", error)
            return
        logger.error("error while handling an update", exc_info=error)
        if chat is None or chat.type != ChatType.PRIVATE:
            return
        # If telling them fails too, the log above already holds what matters.
        with contextlib.suppress(TelegramError):
            await context.bot.send_message(
                chat.id,
                self.deps.renderer.render("core/something_went_wrong.j2"),
                parse_mode=ParseMode.HTML,
            )
