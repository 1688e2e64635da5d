"""Run the Telegram bot, polling or behind a webhook, from the settings."""

from __future__ import annotations

import logging
import os
import threading

from telegram import Update

from bot.app import load_content
from bot.clock import SystemClock
from bot.parsing import preload
from bot.settings import Settings
from bot.store import Store
from bot.telegram.application import build_application

logger = logging.getLogger(__name__)


def run_telegram(settings: Settings) -> None:
    """Run until stopped (Ctrl-C or SIGTERM); raises SettingsError for unusable settings."""
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
        if settings.webhook_url:
            logger.warning(
                "webhook mode: listening on %s for %s", settings.listen, settings.webhook_url
            )
            app.run_webhook(
                listen=settings.listen_host,
                port=settings.listen_port,
                url_path=settings.webhook_path,
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            logger.warning("polling for updates")
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    finally:
        store.close()
