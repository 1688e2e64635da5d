"""The `users` table: who talks to the coach, their timezone, preferences and whether they can
be reached."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import User
from bot.store.rows import select
from bot.store.times import from_iso, iso


class Users:
    """Rows of `users`; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure(self, user_id: str, now: datetime) -> User:
        """Return the user, creating them on first contact; a user who writes is active again."""
        known = self.get(user_id)
        if known is not None and known.active:
            return known  # the usual turn: a read, no write and no commit
        self.db.execute(
            "INSERT INTO users (id, timezone, preferences, active, created_at, updated_at)"
            " VALUES (?, 'UTC', '{}', 1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET active = 1, updated_at = excluded.updated_at"
            " WHERE users.active = 0",
            [user_id, iso(now), iso(now)],
        )
        user = self.get(user_id)
        assert user is not None
        return user

    def get(self, user_id: str) -> User | None:
        """Return the user or None."""
        rows = list(select(self.db, "SELECT * FROM users WHERE id = ?", [user_id]))
        if not rows:
            return None
        row = rows[0]
        return User(
            id=row["id"],
            timezone=row["timezone"],
            preferences=json.loads(row["preferences"]),
            active=bool(row["active"]),
            created_at=from_iso(row["created_at"]),
        )

    def set_inactive(self, user_id: str, now: datetime) -> None:
        """Mark a user who cannot be reached (they blocked the bot)."""
        self.db.execute(
            "UPDATE users SET active = 0, updated_at = ? WHERE id = ?", [iso(now), user_id]
        )

    def set_timezone(self, user_id: str, timezone: str, now: datetime) -> None:
        """Save the user's IANA timezone."""
        self.db.execute(
            "UPDATE users SET timezone = ?, updated_at = ? WHERE id = ?",
            [timezone, iso(now), user_id],
        )

    def set_preference(self, user_id: str, key: str, value: Any, now: datetime) -> None:
        """Set one key of the user's preferences (a JSON object)."""
        rows = list(select(self.db, "SELECT preferences FROM users WHERE id = ?", [user_id]))
        prefs = json.loads(rows[0]["preferences"]) if rows else {}
        prefs[key] = value
        self.db.execute(
            "UPDATE users SET preferences = ?, updated_at = ? WHERE id = ?",
            [json.dumps(prefs, sort_keys=True), iso(now), user_id],
        )
