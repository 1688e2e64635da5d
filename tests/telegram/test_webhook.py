"""Acceptance: webhook mode over real HTTP, its secret, its limits, and redelivered updates.

The bot runs as in production (`bot.telegram.run.serve`) with its webhook server on a free
local port; the tests post to it with a real HTTP client, or a raw socket where the point is
what the server does before a body arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.run import serve
from bot.telegram.webhook import MAX_BODY
from tests.support.botapi import NOW, BotAPIDouble
from tests.support.net import free_port
from tests.support.telegram_bot import make_settings

SECRET = "s3cret_token-for-tests"
URL = "https://coach.example.org/telegram"


class Webhook:
    """A bot in webhook mode on a local port, and a way to post updates to it."""

    def __init__(self, api: BotAPIDouble, app: object, port: int, store: Store) -> None:
        self.api, self.app, self.port, self.store = api, app, port, store

    async def post(self, update: dict[str, object], secret: str | None) -> int:
        return await self.post_raw(json.dumps(update).encode(), secret)

    async def post_raw(
        self,
        body: bytes | AsyncIterator[bytes],
        secret: str | None = SECRET,
        content_type: str = "application/json",
    ) -> int:
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{self.port}/telegram", content=body, headers=headers
            )
        await self.app.update_queue.join()  # type: ignore[attr-defined]
        return response.status_code

    async def head_only(self, headers: dict[str, str]) -> bytes:
        """Send a POST's headers and none of its body; return what the server answers."""
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = ["POST /telegram HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        answer = await asyncio.wait_for(reader.readline(), 5)
        writer.close()
        return answer


@pytest.fixture
async def webhook(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> AsyncIterator[Webhook]:
    api = BotAPIDouble()
    port = free_port()
    settings = make_settings(
        db_path, webhook_url=URL, webhook_secret=SECRET, listen=f"127.0.0.1:{port}"
    )
    app, _ = build_application(
        settings, store, clock, content, request=api, get_updates_request=api
    )
    stop, ready = asyncio.Event(), asyncio.Event()
    running = asyncio.create_task(serve(app, settings, stop, ready=ready))
    await asyncio.wait(
        {running, asyncio.create_task(ready.wait())}, return_when=asyncio.FIRST_COMPLETED
    )
    assert ready.is_set(), running.result()
    yield Webhook(api, app, port, store)
    stop.set()
    await asyncio.wait_for(running, 5)  # stops gracefully, as on SIGTERM
    assert not app.running
    assert api.unexpected == []


def start_update(update_id: int, user_id: int = 3003) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": NOW,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Wes"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_is_registered_with_its_secret(webhook: Webhook) -> None:
    (registered,) = [c for c in webhook.api.calls if c.method == "setWebhook"]
    assert registered.params["url"] == URL
    assert registered.params["secret_token"] == SECRET


async def test_a_post_with_the_right_secret_is_processed(webhook: Webhook) -> None:
    assert await webhook.post(start_update(501), SECRET) == 200
    sent = webhook.api.sent_to(3003)
    assert "interview coach" in sent[0]["text"]
    assert webhook.store.get_user("tg:3003") is not None


@pytest.mark.parametrize("secret", [None, "wrong", SECRET.upper()])
async def test_a_post_without_the_right_secret_gets_403(
    webhook: Webhook, secret: str | None
) -> None:
    assert await webhook.post(start_update(502), secret) == 403
    assert webhook.api.sent_to(3003) == []
    assert webhook.store.get_user("tg:3003") is None


async def test_the_same_update_posted_twice_is_processed_once(webhook: Webhook) -> None:
    assert await webhook.post(start_update(503), SECRET) == 200
    first = len(webhook.api.sent_to(3003))
    assert first > 0
    assert await webhook.post(start_update(503), SECRET) == 200
    assert len(webhook.api.sent_to(3003)) == first
    assert await webhook.post(start_update(504), SECRET) == 200
    assert len(webhook.api.sent_to(3003)) == 2 * first


def update_body(update_id: int) -> bytes:
    return json.dumps(start_update(update_id)).encode()


async def test_json_with_a_charset_is_accepted(webhook: Webhook) -> None:
    assert (
        await webhook.post_raw(update_body(510), content_type="application/json; charset=utf-8")
        == 200
    )
    assert "interview coach" in webhook.api.sent_to(3003)[0]["text"]


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'"text"',
        b'{"message": {}}',
        b'{"update_id": "x"}',
        b'{"update_id": 7, "message": "not a message"}',
    ],
)
async def test_a_body_that_is_not_an_update_gets_400(webhook: Webhook, body: bytes) -> None:
    assert await webhook.post_raw(body) == 400
    assert await webhook.post(start_update(511), SECRET) == 200  # the server is still fine


async def test_a_body_that_is_not_json_gets_415(webhook: Webhook) -> None:
    assert await webhook.post_raw(update_body(512), content_type="text/plain") == 415
    assert webhook.api.sent_to(3003) == []


async def test_a_large_body_is_refused_from_its_length_before_it_is_sent(
    webhook: Webhook,
) -> None:
    answer = await webhook.head_only(
        {
            "X-Telegram-Bot-Api-Secret-Token": SECRET,
            "Content-Type": "application/json",
            "Content-Length": str(100 * MAX_BODY),
        }
    )
    assert answer.startswith(b"HTTP/1.1 413")


async def test_a_post_without_the_secret_is_refused_before_its_body(webhook: Webhook) -> None:
    answer = await webhook.head_only(
        {"Content-Type": "application/json", "Content-Length": str(MAX_BODY)}
    )
    assert answer.startswith(b"HTTP/1.1 403")


async def test_a_chunked_body_over_the_limit_is_refused_while_streaming(
    webhook: Webhook,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", webhook.port)
    head = [
        "POST /telegram HTTP/1.1",
        "Host: 127.0.0.1",
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}",
        "Content-Type: application/json",
        "Transfer-Encoding: chunked",
    ]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
    chunk = b"10000\r\n" + b" " * 0x10000 + b"\r\n"  # 64 KiB a chunk
    sent = 0
    answer = b""
    with contextlib.suppress(ConnectionError):
        while sent < 64 * MAX_BODY and not answer:
            writer.write(chunk)
            await writer.drain()
            sent += 0x10000
            with contextlib.suppress(TimeoutError):
                answer = await asyncio.wait_for(reader.readline(), 0.001 if sent > MAX_BODY else 0)
    with contextlib.suppress(ConnectionError, TimeoutError):
        answer = answer or await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 413")
    assert sent < 64 * MAX_BODY  # it stopped reading long before the end
    assert webhook.api.sent_to(3003) == []


async def test_a_body_just_under_the_limit_is_read(webhook: Webhook) -> None:
    update = start_update(513)
    body = json.dumps(update).encode()
    padded = body[:-1] + b" " * (MAX_BODY - len(body)) + b"}"
    assert len(padded) == MAX_BODY
    assert await webhook.post_raw(padded) == 200
    assert "interview coach" in webhook.api.sent_to(3003)[0]["text"]


async def test_neither_the_secret_nor_a_guess_is_logged(
    webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    guess = "my-guess-of-the-secret"
    assert await webhook.post(start_update(514), guess) == 403
    assert await webhook.post(start_update(515), SECRET) == 200
    logged = "\n".join(
        f"{record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    assert "webhook: 403 POST /telegram" in logged
    assert SECRET not in logged and guess not in logged
