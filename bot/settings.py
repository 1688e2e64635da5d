"""One frozen settings object, built from the environment in the entry point and passed down."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_LISTEN = "127.0.0.1:8080"
REMINDER_WINDOW_MAX = 30
"""More reminders in flight than Telegram's 30 messages/s buys nothing but duplicates."""
REMINDER_WINDOW_CAP = 8
"""COACH_REMINDER_WINDOW by default: the window grows with the round trip up to this cap,
enough for 30 messages/s up to a round trip of about 8/30 s (0.27 s)."""
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class SettingsError(ValueError):
    """The environment asks for something impossible; the message says what to change."""


def _whole_number(text: str, default: int) -> int | str:
    """Return `text` as an int when it is a whole number ("4"), else as given ("" is the
    default)."""
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        return text


def default_db_path(env: Mapping[str, str]) -> Path:
    """Return the default database file: $XDG_DATA_HOME/interview-coach/coach.db."""
    data_home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")) / ".local" / "share")
    return Path(data_home).expanduser() / "interview-coach" / "coach.db"


def cache_dir(env: Mapping[str, str]) -> Path:
    """Return the folder for derived files such as the city index.

    COACH_CACHE_DIR if set, else $XDG_CACHE_HOME/interview-coach (~/.cache/interview-coach).
    Read where the files are used rather than through `Settings`: the city lookup sits under
    pure parsers that are given no settings.
    """
    chosen = env.get("COACH_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    cache_home = env.get("XDG_CACHE_HOME") or str(Path(env.get("HOME", "~")) / ".cache")
    return Path(cache_home).expanduser() / "interview-coach"


@dataclass(frozen=True)
class Settings:
    """Everything the coach reads from its environment."""

    db_path: Path
    # repr=False: secrets must never reach a log line, even through a settings dump.
    telegram_token: str | None = field(default=None, repr=False)
    log_level: str = "WARNING"
    telegram_api_url: str | None = None
    webhook_url: str | None = None
    listen: str = DEFAULT_LISTEN
    webhook_secret: str | None = field(default=None, repr=False)
    reminder_window: int | str = REMINDER_WINDOW_CAP
    """COACH_REMINDER_WINDOW: the cap (1-30) on reminders in flight at once; the number in
    flight follows the measured round trip up to it, and a crash duplicates up to this many.
    Text that is not a whole number is kept as given, for check_telegram to refuse."""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: the process environment)."""
        env = os.environ if env is None else env

        def get(name: str, default: str = "") -> str:
            return env.get(name, default).strip()

        db = get("COACH_DB")
        return cls(
            db_path=Path(db).expanduser() if db else default_db_path(env),
            telegram_token=get("TELEGRAM_BOT_TOKEN") or None,
            log_level=get("COACH_LOG_LEVEL", "WARNING").upper() or "WARNING",
            telegram_api_url=get("TELEGRAM_API_URL").rstrip("/") or None,
            webhook_url=get("COACH_WEBHOOK_URL") or None,
            listen=get("COACH_LISTEN") or DEFAULT_LISTEN,
            webhook_secret=get("COACH_WEBHOOK_SECRET") or None,
            reminder_window=_whole_number(get("COACH_REMINDER_WINDOW"), REMINDER_WINDOW_CAP),
        )

    @property
    def listen_host(self) -> str:
        """Return the host part of COACH_LISTEN."""
        return self.listen.rpartition(":")[0] or "127.0.0.1"

    @property
    def listen_port(self) -> int:
        """Return the port part of COACH_LISTEN."""
        return int(self.listen.rpartition(":")[2])

    @property
    def webhook_path(self) -> str:
        """Return the path the webhook listens on: the path of COACH_WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path.strip("/")

    @property
    def reminder_window_size(self) -> int:
        """Return COACH_REMINDER_WINDOW as a number (check_telegram has refused a bad one)."""
        if isinstance(self.reminder_window, int):
            return self.reminder_window
        return int(self.reminder_window)

    def check_telegram(self) -> None:
        """Raise SettingsError unless the settings can run the Telegram bot."""
        if not self.telegram_token:
            raise SettingsError("TELEGRAM_BOT_TOKEN is not set")
        window = self.reminder_window
        if not isinstance(window, int) or not 1 <= window <= REMINDER_WINDOW_MAX:
            raise SettingsError(
                f"COACH_REMINDER_WINDOW must be a whole number from 1 to {REMINDER_WINDOW_MAX},"
                f" not {window!r}"
            )
        port = self.listen.rpartition(":")[2]
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise SettingsError(f"COACH_LISTEN must be host:port, not {self.listen!r}")
        if self.webhook_url is None:
            return
        parts = urlsplit(self.webhook_url)
        if parts.scheme != "https" or not parts.netloc:
            raise SettingsError("COACH_WEBHOOK_URL must be an https:// URL")
        if not self.webhook_secret:
            raise SettingsError("COACH_WEBHOOK_SECRET is required in webhook mode")
        if not _SECRET.match(self.webhook_secret):
            raise SettingsError(
                "COACH_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -, 1 to 256 characters"
            )
