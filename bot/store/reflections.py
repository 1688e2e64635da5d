"""The `reflections` table: what went well and what to improve, written after a rejection."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.times import iso


class Reflections:
    """Rows of `reflections`; written only (read back through the export)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        user_id: str,
        interview_id: int,
        went_well: str | None,
        improve: str | None,
        now: datetime,
    ) -> None:
        """Save what went well and what to improve after a rejection."""
        self.db.execute(
            "INSERT INTO reflections (user_id, interview_id, went_well, improve, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [user_id, interview_id, went_well, improve, iso(now)],
        )
