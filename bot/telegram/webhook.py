"""The webhook server: Telegram posts updates here; tornado, as PTB's own server, but strict.

PTB's built-in server (`run_webhook`) buffers up to 100 MB of any request before looking at
it, answers malformed JSON with 500 and logs a wrong secret at DEBUG. This one, run the way
PTB documents for a custom webhook server (the Application started by hand, updates put on
`app.update_queue`):

- answers 403 to a request without the right `X-Telegram-Bot-Api-Secret-Token` (compared in
  constant time) before reading its body, and logs neither the secret nor the guess;
- answers 413 to a body over `MAX_BODY` bytes: at once from Content-Length, before the body is
  read, and while streaming for a chunked body, so no more than `MAX_BODY` is ever held;
- answers 415 unless the body is JSON (`application/json`, any charset parameter), and 400
  to JSON that does not parse or is not an Update;
- answers 200 once the update is queued, as PTB's server does.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.netutil
import tornado.web
from telegram import Bot, Update
from telegram.ext import ExtBot
from tornado.httpserver import HTTPServer

logger = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
"""Telegram's updates are a few kilobytes; anything near a megabyte is not from Telegram."""
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@tornado.web.stream_request_body
class UpdateHandler(tornado.web.RequestHandler):
    """One POST of one update."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, bot: Bot, queue: asyncio.Queue[object], secret: str) -> None:
        """Take the bot, the application's update queue and the expected secret (tornado API)."""
        self.bot, self.queue, self.secret = bot, queue, secret.encode()
        self.body = bytearray()

    def prepare(self) -> None:
        """Refuse on the headers alone whatever can be refused before the body arrives."""
        given = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.secret):
            self._refuse(HTTPStatus.FORBIDDEN)
            return
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        media_type = self.request.headers.get("Content-Type", "").partition(";")[0]
        if media_type.strip().lower() != "application/json":
            self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

    def data_received(self, chunk: bytes) -> None:
        """Keep the body, up to MAX_BODY; past it answer 413 and keep nothing more."""
        if self._finished:
            return
        if len(self.body) + len(chunk) > MAX_BODY:
            self.body.clear()
            self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self.body += chunk

    async def post(self) -> None:
        """Queue the update; 400 when the body is not one."""
        if self._finished:
            return
        update = self._update()
        if update is None:
            self._refuse(HTTPStatus.BAD_REQUEST)
            return
        if isinstance(self.bot, ExtBot):
            self.bot.insert_callback_data(update)  # as PTB's own server does
        await self.queue.put(update)
        self.set_status(HTTPStatus.OK)
        self.finish()

    def _update(self) -> Update | None:
        try:
            data = json.loads(self.body.decode("utf-8"))
        except ValueError:  # also UnicodeDecodeError
            return None
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return None
        try:
            return Update.de_json(data, self.bot)
        except Exception:  # any shape PTB cannot read is a bad request, not a server error
            logger.debug("webhook: a body with update_id %d is not an Update", update_id)
            return None

    def _refuse(self, status: HTTPStatus) -> None:
        # Answered before the body was read whole, tornado closes the connection once the
        # answer is out: the only way not to read the rest.
        self.set_status(status)
        self.finish()


def _log_request(handler: tornado.web.RequestHandler) -> None:
    """One DEBUG line per request: status, method and path; never a header or the body."""
    request = handler.request
    logger.debug("webhook: %d %s %s", handler.get_status(), request.method, request.path)


class WebhookServer:
    """The HTTP server on `host`:`port` serving `path` for one bot's update queue."""

    def __init__(self, bot: Bot, queue: asyncio.Queue[object], path: str, secret: str) -> None:
        route = "/" + path.strip("/")
        handlers: list[Any] = [
            (rf"{route}/?", UpdateHandler, {"bot": bot, "queue": queue, "secret": secret})
        ]
        application = tornado.web.Application(handlers, log_function=_log_request)
        # Twice the body limit: the handler answers 413 first; this only ends the reading.
        self._http = HTTPServer(application, max_body_size=2 * MAX_BODY)
        self.port: int | None = None

    def listen(self, host: str, port: int) -> None:
        """Bind and start serving (raises OSError if the port cannot be had)."""
        sockets = tornado.netutil.bind_sockets(port, address=host)
        self._http.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Stop listening and close every open connection."""
        self._http.stop()
        await self._http.close_all_connections()
