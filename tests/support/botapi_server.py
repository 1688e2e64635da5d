"""A Bot API server on 127.0.0.1 for tests that run the bot as a real process.

It speaks HTTP the way api.telegram.org does (`POST /bot<token>/<method>`, answers
`{"ok": true, "result": ...}`), records every message the bot sends, and answers any method
it does not know with Telegram's 404 while recording the name, so a test can assert there were
none. PTB posts form-encoded bodies (each value JSON-encoded unless it is a string); JSON bodies
are understood too.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

BOT_USER: dict[str, Any] = {
    "id": 999000,
    "is_bot": True,
    "first_name": "Coach",
    "username": "coach_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MAX_POLL_WAIT = 1.0
"""getUpdates holds a long poll at most this long (Telegram holds it up to `timeout`), so a
bot being stopped is not kept waiting."""

_ROUTE = re.compile(r"/bot(?P<token>[^/]+)/(?P<method>[A-Za-z]+)")
Params = dict[str, Any]
Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class SentMessage:
    """One sendMessage the server received (Telegram would have delivered it)."""

    chat_id: int
    text: str
    at: float  # time.monotonic() when it arrived


class BadRequest(Exception):
    """The request cannot be answered as the Bot API would answer a good one."""


def _error(status: int, description: str) -> Answer:
    return status, {"ok": False, "error_code": status, "description": description}


def _parse(content_type: str, body: bytes) -> Params:
    """Return the request's parameters from a form-encoded or JSON body."""
    if not body:
        return {}
    text = body.decode("utf-8")
    if content_type == "application/json":
        data = json.loads(text)
        if not isinstance(data, dict):
            raise BadRequest("the JSON body is not an object")
        return data
    if content_type == "application/x-www-form-urlencoded":
        return {name: values[-1] for name, values in parse_qs(text, keep_blank_values=True).items()}
    raise BadRequest(f"unsupported content type {content_type}")


def _int(params: Mapping[str, Any], name: str) -> int:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise BadRequest(f"{name} is required")
    try:
        return int(value)
    except ValueError as exc:
        raise BadRequest(f"{name} must be an integer") from exc


def _json_field(params: Mapping[str, Any], name: str) -> Any:
    """Return an object parameter: form bodies carry it as a JSON string."""
    value = params.get(name)
    return json.loads(value) if isinstance(value, str) else value


class BotAPIServer:
    """A threaded HTTP server that answers the Bot API calls the coach makes.

    Use as a context manager; `url` is what TELEGRAM_API_URL should be.
    """

    def __init__(self, token: str, max_poll_wait: float = MAX_POLL_WAIT) -> None:
        self.token = token
        self.max_poll_wait = max_poll_wait
        self.sent: list[SentMessage] = []
        self.calls: Counter[str] = Counter()
        self.unknown: list[str] = []
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._closing = threading.Event()
        self._next_message_id = 1
        self._methods: dict[str, Callable[[Params], Any]] = {
            "getMe": lambda _: BOT_USER,
            "deleteWebhook": lambda _: True,
            "setMyCommands": lambda _: True,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "answerCallbackQuery": lambda _: True,
            "editMessageText": lambda _: True,
            "editMessageReplyMarkup": lambda _: True,
        }
        self._http = _HTTPServer(("127.0.0.1", 0), _Handler, self)
        self._thread = threading.Thread(
            target=self._http.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )

    # life

    def __enter__(self) -> BotAPIServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop serving: long polls in progress answer at once."""
        self._closing.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        """The base URL, as TELEGRAM_API_URL."""
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    # what happened

    def count(self, *methods: str) -> int:
        """Return how many calls of these methods arrived so far."""
        with self._lock:
            return sum(self.calls[m] for m in methods)

    def messages(self) -> list[SentMessage]:
        """Return a snapshot of every message sent so far."""
        with self._lock:
            return list(self.sent)

    def wait_until(self, condition: Callable[[], bool], timeout: float) -> bool:
        """Wait until `condition()` (checked whenever a call arrives) holds, or time runs out.

        `condition` runs with the server's lock held: read the attributes, not `count()`.
        """
        with self._changed:
            return self._changed.wait_for(condition, timeout)

    # answering

    def answer(self, path: str, content_type: str, body: bytes) -> Answer:
        """Answer one HTTP request the way the Bot API would."""
        route = _ROUTE.fullmatch(urlsplit(path).path)
        if route is None:
            self._record_unknown(path)
            return _error(404, "Not Found")
        if route["token"] != self.token:
            self._record_unknown(f"{route['method']} (wrong token)")
            return _error(401, "Unauthorized")
        method = route["method"]
        handler = self._methods.get(method)
        if handler is None:
            self._record_unknown(method)
            return _error(404, "Not Found: method not found")
        self._record(method)
        try:
            result = handler(_parse(content_type, body))
        except (BadRequest, ValueError) as exc:
            return _error(400, f"Bad Request: {exc}")
        return 200, {"ok": True, "result": result}

    def _record(self, method: str) -> None:
        with self._changed:
            self.calls[method] += 1
            self._changed.notify_all()

    def _record_unknown(self, what: str) -> None:
        with self._changed:
            self.unknown.append(what)
            self._changed.notify_all()

    def _get_updates(self, params: Params) -> list[Any]:
        """Hold the long poll a little (as Telegram does when nothing is new), then say so."""
        timeout = float(params.get("timeout") or 0)
        self._closing.wait(min(max(timeout, 0.0), self.max_poll_wait))
        return []

    def _send_message(self, params: Params) -> dict[str, Any]:
        chat_id = _int(params, "chat_id")
        text = params.get("text")
        if not isinstance(text, str) or not text:
            raise BadRequest("message text is empty")
        markup = _json_field(params, "reply_markup")
        with self._changed:
            message_id = self._next_message_id
            self._next_message_id += 1
            self.sent.append(SentMessage(chat_id, text, time.monotonic()))
            self._changed.notify_all()
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "User"},
            "from": BOT_USER,
            "text": text,
        }
        if markup:
            message["reply_markup"] = markup
        return message


class _HTTPServer(ThreadingHTTPServer):
    """The HTTP side: one thread per connection, all answering for one `BotAPIServer`."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        api: BotAPIServer,
    ) -> None:
        super().__init__(address, handler)
        self.api = api


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, lets the `BotAPIServer` answer it, writes the JSON back."""

    protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects
    # Headers and body go out as separate writes: with Nagle's algorithm the body would wait
    # for the client's delayed ACK (40 ms a call). Telegram's servers answer without that.
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_POST(self) -> None:
        """Answer a Bot API call."""
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(body) < length:
            # The bot died while sending the request: Telegram would not have acted on it.
            self.close_connection = True
            return
        status, answer = self.server.api.answer(self.path, self.headers.get_content_type(), body)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def handle(self) -> None:
        """Serve the connection until the bot closes it, or dies with it open."""
        try:
            super().handle()
        except ConnectionError:
            # Killed while sending a request or awaiting its answer: what it asked for, if
            # received whole, still happened, as at Telegram.
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet: every call is recorded instead."""
