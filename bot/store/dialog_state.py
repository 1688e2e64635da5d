"""The `dialog_state` table: where each user is in a dialog, as JSON (never a pickle)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.store.rows import select
from bot.store.times import from_iso, iso


class DialogStates:
    """Rows of `dialog_state`, one per user who is in a dialog; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def load(self, user_id: str) -> dict[str, Any] | None:
        """Return the user's saved dialog state, or None when idle (or unreadable)."""
        rows = list(select(self.db, "SELECT state FROM dialog_state WHERE user_id = ?", [user_id]))
        if not rows:
            return None
        try:
            data = json.loads(rows[0]["state"])
        except json.JSONDecodeError:
            return {"unreadable": True}
        return data if isinstance(data, dict) else {"unreadable": True}

    def saved_at(self, user_id: str) -> datetime | None:
        """Return when the user's dialog state was last written (their last answer), or None."""
        rows = select(self.db, "SELECT updated_at FROM dialog_state WHERE user_id = ?", [user_id])
        return from_iso(rows[0]["updated_at"]) if rows else None

    def save(self, user_id: str, state: dict[str, Any], now: datetime) -> None:
        """Save the user's dialog state as JSON."""
        self.db.execute(
            "INSERT INTO dialog_state (user_id, state, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            [user_id, json.dumps(state, ensure_ascii=False, sort_keys=True), iso(now)],
        )

    def clear(self, user_id: str) -> None:
        """Forget where the user was: they are back at the menu."""
        self.db.execute("DELETE FROM dialog_state WHERE user_id = ?", [user_id])
