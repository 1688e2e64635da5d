"""The `stories` table: the user's STAR stories (situation, task, action, result), each with a
title and the question it answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import Story
from bot.store.rows import select
from bot.store.times import iso

PARTS = ("situation", "task", "action", "result")
EDITABLE = frozenset({"title", "tag", *PARTS})
"""The columns a user may change; anything else is refused before it reaches SQL."""


def _story(row: dict[str, Any]) -> Story:
    return Story(
        id=row["id"],
        interview_id=row["interview_id"],
        situation=row["situation"],
        task=row["task"],
        action=row["action"],
        result=row["result"],
        created_at=datetime.fromisoformat(row["created_at"]),
        title=row["title"],
        tag=row["tag"],
    )


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
        title: str | None = None,
    ) -> int:
        """Save a STAR story and return its id."""
        cursor = self.db.execute(
            "INSERT INTO stories (user_id, interview_id, situation, task, action, result,"
            " title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                parts["situation"],
                parts["task"],
                parts["action"],
                parts["result"],
                title,
                iso(now),
                iso(now),
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def get(self, user_id: str, story_id: int) -> Story | None:
        """Return the story only if it belongs to `user_id`."""
        found = select(
            self.db, "SELECT * FROM stories WHERE id = ? AND user_id = ?", [story_id, user_id]
        )
        return _story(found[0]) if found else None

    def update(self, user_id: str, story_id: int, column: str, value: str, now: datetime) -> bool:
        """Change one part (or the title or tag) of the user's story; False if it is not theirs."""
        if column not in EDITABLE:
            raise ValueError(f"not an editable part of a story: {column}")
        cursor = self.db.execute(
            f"UPDATE stories SET {column} = ?, updated_at = ? WHERE id = ? AND user_id = ?",
            [value, iso(now), story_id, user_id],
        )
        return cursor.rowcount > 0

    def delete(self, user_id: str, story_id: int) -> bool:
        """Delete the user's story; False if it is not theirs."""
        cursor = self.db.execute(
            "DELETE FROM stories WHERE id = ? AND user_id = ?", [story_id, user_id]
        )
        return cursor.rowcount > 0

    def for_user(self, user_id: str, interview_id: int | None = None) -> list[Story]:
        """Return the user's STAR stories (for one interview if given), oldest first."""
        sql, params = "SELECT * FROM stories WHERE user_id = ?", [user_id]
        if interview_id is not None:
            sql += " AND interview_id = ?"
            params.append(str(interview_id))
        return [_story(r) for r in select(self.db, sql + " ORDER BY id", params)]
