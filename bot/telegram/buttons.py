"""The handler for pressed inline buttons."""

from __future__ import annotations

import contextlib
import html
from dataclasses import replace

from telegram import CallbackQuery, Message, Update
from telegram.constants import CallbackQueryLimit, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.content.plain_text import plain
from bot.domain.events import Event, Reply
from bot.telegram.callback_data import decode
from bot.telegram.deps import Deps, user_id
from bot.telegram.sending import edit_reply, send_replies
from bot.telegram.undelivered import noted_if_lost

# A choice id no dialog uses: a button whose data this version cannot read is stale.
UNREADABLE = "?"


class ButtonHandlers:
    """Answer the press, settle the old keyboard, and send what the coach says next."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    async def pressed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle one button press."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None:
            return
        pressed = decode(query.data)
        event = (
            Event.press(user_id(user), pressed.choice, pressed.token)
            if pressed
            else Event.press(user_id(user), UNREADABLE, UNREADABLE)
        )
        if user.language_code:
            event = replace(event, language=user.language_code)
        if user.first_name:
            event = replace(event, first_name=user.first_name)
        coach = self.deps.coach
        seen = coach.open_question(event.user_id)
        try:
            replies = coach.handle(event)
        except Exception:
            await query.answer()  # the button stops spinning; the error handler says more
            raise
        notice = popup(replies)
        if notice is not None:
            await query.answer(notice)  # all there is to say: no message for it
            return
        await query.answer()
        with noted_if_lost(coach, event.user_id, seen):
            await self._show(update, context, replies)

    async def _show(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, replies: list[Reply]
    ) -> None:
        """Show the coach's replies: one in place of the pressed message where it can be, the
        old keyboard settled, the rest sent."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        rest = list(replies)
        if message is not None:
            edit = next((r for r in replies if r.edits), None)
            if edit is not None and await edit_reply(
                context.bot, message.chat.id, message.message_id, edit
            ):
                rest.remove(edit)  # shown in place of the pressed message
            else:
                stale = any(r.stale for r in replies)
                label = None if stale else _label_of(message, query)
                await _settle_keyboard(query, message, label)
        if chat is not None and rest:
            keep = message.message_id if message is not None else None
            await self.deps.keyboards.close(context.bot, chat.id, keep=keep)
            sent = await send_replies(context.bot, chat.id, rest)
            self.deps.keyboards.opened(chat.id, sent)


def popup(replies: list[Reply]) -> str | None:
    """Return the text of a lone notice short enough for the press's pop-up, else None."""
    if len(replies) != 1 or not replies[0].notice or replies[0].choices:
        return None
    text = " ".join(plain(replies[0].text).split())
    return text if len(text) <= CallbackQueryLimit.ANSWER_CALLBACK_QUERY_TEXT_LENGTH else None


def _label_of(message: Message, query: CallbackQuery) -> str | None:
    """Return the label of the pressed button, read from the message's own keyboard."""
    markup = message.reply_markup
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return None


async def _settle_keyboard(query: CallbackQuery, message: Message, label: str | None) -> None:
    """Remove the old keyboard; when the press counted, keep the question and show the
    chosen answer under it (» <b>Yes</b>)."""
    # "Message is not modified" and edits of very old messages are harmless: the keyboard is
    # gone or cannot be changed any more, and the new question follows either way.
    if label is not None and message.text is not None:
        try:
            await query.edit_message_text(
                f"{message.text_html}\n\n» <b>{html.escape(label)}</b>",
                parse_mode=ParseMode.HTML,
                reply_markup=None,
            )
            return
        except BadRequest:
            pass  # too long with the answer added, say: at least take the buttons away
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(reply_markup=None)
