"""One frozen settings object, built from the environment in the entry point and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


def default_db_path(env: Mapping[str, str]) -> Path:
    """Return the default database file: $XDG_DATA_HOME/interview-coach/coach.db."""
    data_home = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")) / ".local" / "share")
    return Path(data_home).expanduser() / "interview-coach" / "coach.db"


@dataclass(frozen=True)
class Settings:
    """Everything the coach reads from its environment."""

    db_path: Path
    # repr=False: the token must never reach a log line, even through a settings dump.
    telegram_token: str | None = field(default=None, repr=False)
    log_level: str = "WARNING"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from `env` (default: the process environment)."""
        env = os.environ if env is None else env
        db = env.get("COACH_DB", "").strip()
        return cls(
            db_path=Path(db).expanduser() if db else default_db_path(env),
            telegram_token=env.get("TELEGRAM_BOT_TOKEN", "").strip() or None,
            log_level=env.get("COACH_LOG_LEVEL", "WARNING").strip().upper() or "WARNING",
        )
