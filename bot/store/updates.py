"""The `processed_updates` table: Telegram update ids already handled, so a redelivered update
is processed once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.store.times import iso


class ProcessedUpdates:
    """Rows of `processed_updates`; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def first_time_seen(self, update_id: int, now: datetime, keep: timedelta) -> bool:
        """Record an update id; False when it was already recorded (a redelivery)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, seen_at) VALUES (?, ?)",
            [update_id, iso(now)],
        )
        if update_id % 1000 == 0:  # prune now and then; Telegram never redelivers old updates
            self.db.execute("DELETE FROM processed_updates WHERE seen_at < ?", [iso(now - keep)])
        return cursor.rowcount == 1
