"""The `negotiations` table: the user's negotiation cards (minimum, ideal, start, evidence)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import Negotiation
from bot.store.rows import select
from bot.store.times import iso


class Negotiations:
    """Rows of `negotiations`; every query parameterised and scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self, user_id: str, interview_id: int | None, card: dict[str, Any], now: datetime
    ) -> int:
        """Save a negotiation card and return its id."""
        cursor = self.db.execute(
            "INSERT INTO negotiations (user_id, interview_id, minimum, ideal, start, location,"
            " evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                card.get("minimum"),
                card.get("ideal"),
                card.get("start"),
                card.get("location"),
                card.get("evidence"),
                iso(now),
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def for_user(self, user_id: str) -> list[Negotiation]:
        """Return the user's negotiation cards, newest first."""
        rows = select(
            self.db, "SELECT * FROM negotiations WHERE user_id = ? ORDER BY id DESC", [user_id]
        )
        return [
            Negotiation(
                id=r["id"],
                interview_id=r["interview_id"],
                minimum=r["minimum"],
                ideal=r["ideal"],
                start=r["start"],
                location=r["location"],
                evidence=r["evidence"],
                created_at=datetime.fromisoformat(r["created_at"]),
            )
            for r in rows
        ]
