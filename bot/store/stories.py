"""The `stories` table: the user's STAR stories (situation, task, action, result)."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.domain.records import Story
from bot.store.rows import select
from bot.store.times import iso


class Stories:
    """Rows of `stories`; every query parameterised and scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        user_id: str,
        interview_id: int | None,
        parts: dict[str, str],
        now: datetime,
    ) -> int:
        """Save a STAR story and return its id."""
        cursor = self.db.execute(
            "INSERT INTO stories (user_id, interview_id, situation, task, action, result,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                parts["situation"],
                parts["task"],
                parts["action"],
                parts["result"],
                iso(now),
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def for_user(self, user_id: str, interview_id: int | None = None) -> list[Story]:
        """Return the user's STAR stories (for one interview if given), oldest first."""
        sql, params = "SELECT * FROM stories WHERE user_id = ?", [user_id]
        if interview_id is not None:
            sql += " AND interview_id = ?"
            params.append(str(interview_id))
        return [
            Story(
                id=r["id"],
                interview_id=r["interview_id"],
                situation=r["situation"],
                task=r["task"],
                action=r["action"],
                result=r["result"],
                created_at=datetime.fromisoformat(r["created_at"]),
            )
            for r in select(self.db, sql + " ORDER BY id", params)
        ]
