"""Handlers that run before any other: one delivery per update, private chats only."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ApplicationHandlerStop, ContextTypes, filters

from bot.telegram.deps import Deps

logger = logging.getLogger(__name__)

KEEP_UPDATE_IDS = timedelta(days=2)


class Guards:
    """Stop redelivered updates and group chats before the coach sees them."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def once(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Drop an update already processed (Telegram redelivers when an answer was late)."""
        if not self.deps.store.first_time_seen(
            update.update_id, self.deps.clock.now(), KEEP_UPDATE_IDS
        ):
            logger.info("update %s was delivered again; ignored", update.update_id)
            raise ApplicationHandlerStop

    async def private_only(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Answer in groups that the coach works in a private chat, storing nothing."""
        chat = update.effective_chat
        if chat is None or chat.type == ChatType.PRIVATE:
            return
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            # Service messages (someone joined or left, the bot was removed) are nobody
            # talking to the coach: no note for them.
            if (
                update.message is not None
                and chat.type != ChatType.CHANNEL
                and not filters.StatusUpdate.ALL.check_update(update)
            ):
                await context.bot.send_message(
                    chat.id,
                    self.deps.renderer.render("core/private_only.j2"),
                    parse_mode=ParseMode.HTML,
                )
        except Exception as error:
            # PTB would go on to the next handler group after an error, and the private-chat
            # handlers would take the group's message as the member's own: report the error
            # and stop all the same.
            await context.application.process_error(update, error)
        raise ApplicationHandlerStop
