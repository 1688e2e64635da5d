"""Turn the core's replies into Telegram messages: HTML, inline keyboards, 4,096-char pieces."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, TelegramError

from bot.domain.events import Choice, Reply
from bot.telegram.callback_data import encode

logger = logging.getLogger(__name__)

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
NAV_PREFIX = "nav:"
# Short labels (Yes / No / Not sure) share a row; longer ones get a row each.
ROW_OF_SHORT = 3
SHORT_LABEL = 12


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text into pieces of at most `limit` characters, at paragraph breaks if possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for block in _blocks(text, limit):
        joined = f"{current}\n\n{block}" if current else block
        if len(joined) <= limit:
            current = joined
        else:
            pieces.append(current)
            current = block
    if current:
        pieces.append(current)
    return pieces


def _blocks(text: str, limit: int) -> list[str]:
    """Return paragraphs, each cut further (at lines, then spaces) if longer than `limit`."""
    blocks: list[str] = []
    for paragraph in text.split("\n\n"):
        while len(paragraph) > limit:
            cut = paragraph.rfind("\n", 0, limit)
            if cut <= 0:
                cut = paragraph.rfind(" ", 0, limit)
            if cut <= 0:
                cut = _outside_markup(paragraph, limit)
            blocks.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        blocks.append(paragraph)
    return blocks


def _outside_markup(text: str, limit: int) -> int:
    """Return a cut point at or before `limit` that is not inside an HTML tag or entity."""
    cut = limit
    tag, entity = text.rfind("<", 0, cut), text.rfind("&", 0, cut)
    if tag > text.rfind(">", 0, cut):
        cut = tag
    if entity > text.rfind(";", 0, cut) and entity < cut:
        cut = entity
    return cut if cut > 0 else limit


def keyboard(choices: Sequence[Choice], token: str | None) -> InlineKeyboardMarkup | None:
    """Return the inline keyboard for a reply's choices (Back and Cancel on the last row)."""
    if not choices:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    short: list[InlineKeyboardButton] = []
    nav: list[InlineKeyboardButton] = []
    for choice in choices:
        button = InlineKeyboardButton(choice.label, callback_data=encode(choice.id, token))
        if choice.id.startswith(NAV_PREFIX):
            nav.append(button)
        elif len(choice.label) <= SHORT_LABEL:
            short.append(button)
            if len(short) == ROW_OF_SHORT:
                rows.append(short)
                short = []
        else:
            if short:
                rows.append(short)
                short = []
            rows.append([button])
    if short:
        rows.append(short)
    if nav:
        rows.append(nav)
    return InlineKeyboardMarkup(rows)


class OpenKeyboards:
    """Remembers, per chat, the message whose buttons are live, so they can be taken away
    when the conversation moves on without them (the user typed instead of pressing).

    Taking a keyboard away is cosmetic: it waits until the reply has gone out (`opened`, or
    the end of the update), then spends only what the chat's rate budget has to spare and is
    skipped while the chat is throttled (bot/telegram/pacing.py); whatever happens to it (an
    error, a timeout) never touches the reply. `settle` lets a chat's removals go and waits
    for them; the update processor calls it after each update, so the next update of the
    chat starts with the screen settled.

    Kept in memory: after a restart an old keyboard may linger, and pressing it gets the
    stale-button answer, which is correct anyway.
    """

    def __init__(self) -> None:
        self._by_chat: dict[int, int] = {}
        self._removing: dict[int, set[asyncio.Task[None]]] = {}
        self._replied: dict[int, asyncio.Event] = {}

    async def close(self, bot: Bot, chat_id: int, keep: int | None = None) -> None:
        """Start removing the live keyboard of a chat (unless it is on message `keep`)."""
        message_id = self._by_chat.pop(chat_id, None)
        if message_id is None or message_id == keep:
            return
        replied = self._replied.setdefault(chat_id, asyncio.Event())
        task = asyncio.create_task(_remove_keyboard(bot, chat_id, message_id, replied))
        tasks = self._removing.setdefault(chat_id, set())
        tasks.add(task)
        task.add_done_callback(lambda done: self._forget(chat_id, done))

    async def settle(self, chat_id: int) -> None:
        """Let the chat's keyboard removals go (the reply is done) and wait for them."""
        self._let_go(chat_id)
        tasks = self._removing.get(chat_id)
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    def opened(self, chat_id: int, messages: Sequence[Message]) -> None:
        """Note the newest message with buttons among those just sent (the reply is out: an
        old keyboard may go now)."""
        self._let_go(chat_id)
        for message in reversed(messages):
            if message.reply_markup is not None:
                self._by_chat[chat_id] = message.message_id
                return

    def _let_go(self, chat_id: int) -> None:
        replied = self._replied.pop(chat_id, None)
        if replied is not None:
            replied.set()

    def _forget(self, chat_id: int, task: asyncio.Task[None]) -> None:
        tasks = self._removing.get(chat_id)
        if tasks is not None:
            tasks.discard(task)
            if not tasks:
                del self._removing[chat_id]


async def _remove_keyboard(bot: Bot, chat_id: int, message_id: int, replied: asyncio.Event) -> None:
    """Once the reply is out, take the buttons off a message; any failure leaves them there."""
    await replied.wait()
    try:
        await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None)
    except TelegramError as error:
        # Already gone, too old to edit, the chat throttled, Telegram unreachable: the
        # buttons stay, and pressing one gets the stale-button answer.
        logger.info(
            "keyboard of message %s in chat %s left in place: %s", message_id, chat_id, error
        )


async def send_replies(bot: Bot, chat_id: int, replies: Sequence[Reply]) -> list[Message]:
    """Send each reply as HTML; a long one goes out in pieces with its buttons on the last."""
    sent: list[Message] = []
    for reply in replies:
        pieces = split_text(reply.text)
        markup = keyboard(reply.choices, reply.token)
        for i, piece in enumerate(pieces):
            last = i == len(pieces) - 1
            sent.append(
                await bot.send_message(
                    chat_id,
                    piece,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup if last else None,
                    disable_web_page_preview=True,
                )
            )
        if reply.file is not None:
            sent.append(
                await bot.send_document(
                    chat_id, InputFile(reply.file.data, filename=reply.file.filename)
                )
            )
    return sent


NOT_MODIFIED = "message is not modified"
"""Telegram's answer to an edit that changes nothing: the message already shows the reply."""


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> bool:
    """Show a reply in place of message `message_id` (its text and buttons); False when it
    cannot be edited there (too long for one message, a file, too old, deleted), so the
    caller sends it as a new message instead."""
    if reply.file is not None or len(split_text(reply.text)) > 1:
        return False
    try:
        await bot.edit_message_text(
            reply.text,
            chat_id,
            message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(reply.choices, reply.token),
            disable_web_page_preview=True,
        )
    except BadRequest as exc:
        return NOT_MODIFIED in str(exc).lower()
    return True
