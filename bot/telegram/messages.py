"""Handlers for what a user sends in a private chat: text, commands, media, locations, edits."""

from __future__ import annotations

from dataclasses import replace

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.domain.events import Event
from bot.telegram.deps import Deps, user_id
from bot.telegram.sending import send_replies
from bot.telegram.undelivered import noted_if_lost

# Message attributes that hold something the coach cannot read, in the order checked.
MEDIA_KINDS = (
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "animation",
    "document",
    "contact",
    "poll",
    "dice",
    "venue",
)


def media_kind(message: Message) -> str:
    """Return what kind of non-text message this is."""
    return next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), "other")


class MessageHandlers:
    """Pass private-chat messages to the coach and send back its replies."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send typed text (commands included) to the coach."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.text is None:
            return
        await self._reply(update, context, Event.message(user_id(user), message.text))

    async def location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send a shared location to the coach (it sets the timezone where one is asked for)."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None or message.location is None:
            return
        place = message.location
        event = Event.shared_location(user_id(user), place.latitude, place.longitude)
        await self._reply(update, context, event)

    async def other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Tell the user what the coach understands when they send a sticker, photo, file..."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        await self._reply(update, context, Event.sent_media(user_id(user), media_kind(message)))

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say once that edits are not re-read: the first version of a message counts."""
        user, message = update.effective_user, update.effective_message
        if user is None:
            return
        if message is not None and message.location is not None:
            # A live location moving on arrives as an edit, every few seconds for hours:
            # the user edited nothing, and a note for each would flood the chat.
            return
        await self._reply(update, context, Event.edited_message(user_id(user)))

    async def _reply(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event
    ) -> None:
        chat, user = update.effective_chat, update.effective_user
        if chat is None:
            return
        if user is not None and user.language_code:
            event = replace(event, language=user.language_code)
        if user is not None and user.first_name:
            event = replace(event, first_name=user.first_name)
        coach = self.deps.coach
        seen = coach.open_question(event.user_id)
        replies = coach.handle(event)
        with noted_if_lost(coach, event.user_id, seen):
            if event.edited:
                await send_replies(context.bot, chat.id, replies)
                return
            await self.deps.keyboards.close(context.bot, chat.id)
            self.deps.keyboards.opened(chat.id, await send_replies(context.bot, chat.id, replies))
