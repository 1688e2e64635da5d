"""Run the Telegram bot, polling or behind a webhook, from the settings.

The Application is started by hand (PTB's documented way for a custom webhook server, used
for polling too) rather than by `run_polling`/`run_webhook`, so that start-up waits for an
unreachable Telegram (`startup.Patience`) and stops promptly on SIGINT/SIGTERM even while it
waits, and webhook mode uses the strict server in `webhook.py`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from telegram import Update

from bot.app import load_content
from bot.clock import SystemClock
from bot.parsing import preload
from bot.settings import Settings
from bot.store import Store
from bot.telegram.application import CoachApplication, build_application
from bot.telegram.startup import Patience, Sleep, Stopped
from bot.telegram.webhook import WebhookServer

logger = logging.getLogger(__name__)


class ListenError(RuntimeError):
    """The webhook server cannot listen where COACH_LISTEN says."""


def run_telegram(settings: Settings) -> None:
    """Run until stopped (Ctrl-C or SIGTERM).

    Raises SettingsError for unusable settings, DatabaseBusy or DatabaseUnusable for a
    database it cannot use, PTB's InvalidToken when Telegram rejects the token, ListenError.
    """
    settings.check_telegram()
    # Opt in to PTB 22's timedelta `retry_after` (the old float form warns on every 429).
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    store = Store.open(settings.db_path, exclusive=True)  # one bot per database
    clock = SystemClock()
    try:
        content = load_content()
        # Open the city index (building it on a first run) and load dateparser now, not
        # during the first answer that needs them.
        threading.Thread(target=preload, name="preload", daemon=True).start()
        app, _ = build_application(settings, store, clock, content)
        asyncio.run(_until_signalled(app, settings))
    finally:
        store.close()


async def _until_signalled(app: CoachApplication, settings: Settings) -> None:
    stop = asyncio.Event()
    with _stop_on_signals(stop):
        await serve(app, settings, stop)


@contextmanager
def _stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for each in signals:
        loop.add_signal_handler(each, stop.set)
    try:
        yield
    finally:
        for each in signals:
            loop.remove_signal_handler(each)


async def serve(
    app: CoachApplication,
    settings: Settings,
    stop: asyncio.Event,
    *,
    sleep: Sleep = asyncio.sleep,
    ready: asyncio.Event | None = None,
) -> None:
    """Start the bot, waiting for Telegram as long as needed; run until `stop` is set.

    `ready` is set once updates are being received. Tests pass `sleep` (the waits between
    start-up tries).
    """
    patience = Patience(stop, sleep)
    server: WebhookServer | None = None
    try:
        await patience.until_done("getMe", app.initialize)
        if app.post_init is not None:
            await patience.unless_stopped(app.post_init(app))  # command menu, reminders
        if settings.webhook_url:
            server = WebhookServer(
                app.bot, app.update_queue, settings.webhook_path, settings.webhook_secret or ""
            )
            try:
                server.listen(settings.listen_host, settings.listen_port)
            except OSError as error:
                raise ListenError(
                    f"cannot listen on {settings.listen} (COACH_LISTEN): {error.strerror}"
                ) from None
            await patience.until_done("setWebhook", lambda: _set_webhook(app, settings))
            logger.warning(
                "webhook mode: listening on %s for %s", settings.listen, settings.webhook_url
            )
        else:
            await patience.until_done("deleteWebhook", app.bot.delete_webhook)
            assert app.updater is not None
            updater = app.updater
            # start_polling deletes the webhook again itself; just done, that rarely fails.
            await patience.until_done(
                "deleteWebhook",
                lambda: updater.start_polling(allowed_updates=Update.ALL_TYPES),
            )
            logger.warning("polling for updates")
        await app.start()
        if ready is not None:
            ready.set()
        await stop.wait()
    except Stopped:
        logger.warning("stopped before Telegram could be reached")
    finally:
        await _shut_down(app, server)


async def _set_webhook(app: CoachApplication, settings: Settings) -> None:
    assert settings.webhook_url is not None
    await app.bot.set_webhook(
        url=settings.webhook_url,
        secret_token=settings.webhook_secret,
        allowed_updates=Update.ALL_TYPES,
    )


async def _shut_down(app: CoachApplication, server: WebhookServer | None) -> None:
    """Undo what was started, in reverse (as PTB's run_polling does); the webhook stays set."""
    if server is not None:
        await server.stop()
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
    await app.shutdown()
    await app.bot.shutdown()  # its HTTP clients, when initialize failed half-way
    if app.post_shutdown is not None:
        await app.post_shutdown(app)
