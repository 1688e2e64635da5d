"""The `followups` table: when the user followed up with an employer after an interview."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.rows import select
from bot.store.times import iso


class Followups:
    """Rows of `followups`; every query parameterised and scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, user_id: str, interview_id: int, sent_at: datetime) -> None:
        """Record a follow-up the user sent."""
        self.db.execute(
            "INSERT INTO followups (user_id, interview_id, sent_at) VALUES (?, ?, ?)",
            [user_id, interview_id, iso(sent_at)],
        )

    def sent_times(self, user_id: str, interview_id: int) -> list[datetime]:
        """Return when the user sent follow-ups for an interview, oldest first."""
        rows = select(
            self.db,
            "SELECT sent_at FROM followups WHERE user_id = ? AND interview_id = ? ORDER BY sent_at",
            [user_id, interview_id],
        )
        return [datetime.fromisoformat(r["sent_at"]) for r in rows]
