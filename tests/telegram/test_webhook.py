"""Acceptance: webhook mode over real HTTP, its secret, and redelivered updates."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.store import Store
from bot.telegram.application import build_application
from tests.support.botapi import NOW, BotAPIDouble
from tests.support.telegram_bot import make_settings

SECRET = "s3cret_token-for-tests"
URL = "https://coach.example.org/telegram"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Webhook:
    """A bot in webhook mode on a local port, and a way to post updates to it."""

    def __init__(self, api: BotAPIDouble, app: object, port: int, store: Store) -> None:
        self.api, self.app, self.port, self.store = api, app, port, store

    async def post(self, update: dict[str, object], secret: str | None) -> int:
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{self.port}/telegram", json=update, headers=headers
            )
        await self.app.update_queue.join()  # type: ignore[attr-defined]
        return response.status_code


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
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen=settings.listen_host,
            port=settings.listen_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
        )
        await app.start()
        yield Webhook(api, app, port, store)
        await app.updater.stop()
        await app.stop()
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
