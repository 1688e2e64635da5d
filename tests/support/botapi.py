"""A Bot API double at PTB's HTTP seam: records every call, serves getUpdates from a queue,
checks messages the way Telegram does, and fails loudly on any method it does not know."""

from __future__ import annotations

import asyncio
import html
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT = {"id": 999000, "is_bot": True, "first_name": "Coach", "username": "coach_test_bot"}
NOW = 1_790_000_000  # a fixed Unix time for message dates
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
}
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class _TelegramHTML(HTMLParser):
    """Parses text the way Telegram's HTML mode does, collecting what it would reject."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.plain: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"unsupported start tag <{tag}>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"unexpected end tag </{tag}>")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data or ">" in data:
            self.errors.append("unescaped < or >")
        self.plain.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self.errors.append(f"unsupported entity &{name};")
        self.plain.append(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.plain.append(html.unescape(f"&#{name};"))


def parse_html(text: str) -> tuple[str, list[str]]:
    """Return the plain text Telegram would show and the reasons it would refuse the text."""
    stray = [m for m in re.finditer("&", text) if not _ENTITY.match(text, m.start())]
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    errors = parser.errors + (["unescaped &"] if stray else [])
    if parser.open:
        errors.append(f"unclosed <{parser.open[-1]}>")
    return "".join(parser.plain), errors


@dataclass
class Call:
    """One Bot API request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    """The bytes of every file uploaded with the call (a sent document), by field name."""


@dataclass
class Failure:
    """A programmed error answer for the next call of a method."""

    status: int
    description: str
    parameters: dict[str, Any] = field(default_factory=dict)


class BotAPIDouble(BaseRequest):
    """Stands where PTB's HTTP client would: no network, every call recorded."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.unexpected: list[str] = []
        self.failures: dict[str, list[Failure]] = {}
        self.crash_next: set[str] = set()
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 1
        self._next_message_id = 1
        self._confirmed = 0  # the highest offset getUpdates was called with
        self._changed: asyncio.Condition | None = None

    # BaseRequest

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        """No read timeout of its own."""
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer one Bot API call."""
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if api_method != "getUpdates":
            self.calls.append(Call(api_method, params, _uploaded(request_data)))
        if api_method in self.crash_next:
            # Like a real HTTP client's error, the message carries the URL, token and all.
            self.crash_next.discard(api_method)
            raise ConnectionResetError(f"connection reset by peer while calling {url}")
        queued = self.failures.get(api_method)
        if queued:
            failure = queued.pop(0)
            return failure.status, self._error(failure)
        handler = getattr(self, f"_api_{api_method}", None)
        if handler is None:
            self.unexpected.append(api_method)
            raise AssertionError(f"the Bot API double does not know {api_method!r}")
        result = await handler(params)
        if isinstance(result, Failure):
            return result.status, self._error(result)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    @staticmethod
    def _error(failure: Failure) -> bytes:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": failure.status,
            "description": failure.description,
        }
        if failure.parameters:
            body["parameters"] = failure.parameters
        return json.dumps(body).encode()

    # what tests do

    def fail_next(self, method: str, failure: Failure) -> None:
        """Make the next call of `method` fail with `failure`."""
        self.failures.setdefault(method, []).append(failure)

    def methods(self) -> list[str]:
        """Return the names of the calls made, in order."""
        return [c.method for c in self.calls]

    def sent_to(self, chat_id: int) -> list[dict[str, Any]]:
        """Return the messages the bot sent to a chat, oldest first."""
        return [m for (chat, _), m in sorted(self.messages.items()) if chat == chat_id]

    def new_update_id(self) -> int:
        """Return a fresh update id."""
        self._next_update_id += 1
        return self._next_update_id

    async def push(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates, and wait until the bot has taken it."""
        async with self._condition():
            self._updates.append(update)
            self._condition().notify_all()
            await self._condition().wait_for(lambda: self._confirmed > update["update_id"])

    def _condition(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    # the Bot API methods the coach uses

    async def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        return True

    async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)
        async with self._condition():
            if offset > self._confirmed:
                self._confirmed = offset
                self._condition().notify_all()
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                # Long polling: hold the request until an update arrives (or the bot stops).
                await self._condition().wait_for(lambda: bool(self._updates))
            return list(self._updates)

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        checked = self._check_text(params)
        if isinstance(checked, Failure):
            return checked
        markup = self._check_markup(params.get("reply_markup"))
        if isinstance(markup, Failure):
            return markup
        chat_id = int(params["chat_id"])
        self._next_message_id += 1
        message: dict[str, Any] = {
            "message_id": self._next_message_id,
            "date": NOW,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "text": checked,
            "html": params["text"],
        }
        if markup:
            message["reply_markup"] = markup
        self.messages[(chat_id, message["message_id"])] = message
        return _public(message)

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        chat_id = int(params["chat_id"])
        self._next_message_id += 1
        message: dict[str, Any] = {
            "message_id": self._next_message_id,
            "date": NOW,
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "document": {"file_id": f"doc{self._next_message_id}", "file_unique_id": "u"},
            "html": "",
        }
        self.messages[(chat_id, message["message_id"])] = message
        return _public(message)

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self.messages.get((int(params["chat_id"]), int(params["message_id"])))
        if message is None:
            return Failure(400, "Bad Request: message to edit not found")
        checked = self._check_text(params)
        if isinstance(checked, Failure):
            return checked
        message["text"], message["html"] = checked, params["text"]
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return _public(message)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self.messages.get((int(params["chat_id"]), int(params["message_id"])))
        if message is None:
            return Failure(400, "Bad Request: message to edit not found")
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return _public(message)

    # Telegram's own checks

    @staticmethod
    def _check_text(params: dict[str, Any]) -> str | Failure:
        text = str(params.get("text", ""))
        if params.get("parse_mode") != "HTML":
            return Failure(400, "Bad Request: the coach always sends HTML")
        plain, errors = parse_html(text)
        if errors:
            return Failure(400, f"Bad Request: can't parse entities: {errors[0]}")
        if not plain.strip():
            return Failure(400, "Bad Request: message text is empty")
        if len(plain) > 4096:
            return Failure(400, "Bad Request: message is too long")
        return plain

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | Failure | None:
        if not markup:
            return None
        data = markup if isinstance(markup, dict) else json.loads(markup)
        for row in data["inline_keyboard"]:
            for button in row:
                if len(button["callback_data"].encode()) > 64:
                    return Failure(400, "Bad Request: BUTTON_DATA_INVALID")
        return dict(data)


def _uploaded(request_data: RequestData | None) -> dict[str, bytes]:
    """Return the bytes of the files a call uploads, by field name."""
    if request_data is None or not request_data.contains_files:
        return {}
    found: dict[str, bytes] = {}
    for name, (_, content, _) in request_data.multipart_data.items():
        found[name] = content if isinstance(content, bytes) else content.read()
    return found


def _public(message: dict[str, Any]) -> dict[str, Any]:
    """Return a message as the Bot API would send it (without the double's bookkeeping)."""
    return {k: v for k, v in message.items() if k != "html"}
