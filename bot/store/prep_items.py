"""The `prep_items` table: which items of an interview's prep plan the user ticked off."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.store.rows import select
from bot.store.times import iso


class PrepItems:
    """Rows of `prep_items`, one per item ticked; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def tick(self, user_id: str, interview_id: int, item: str, now: datetime) -> None:
        """Mark a prep item done for an interview."""
        self.db.execute(
            "INSERT OR IGNORE INTO prep_items (user_id, interview_id, item, done_at)"
            " VALUES (?, ?, ?, ?)",
            [user_id, interview_id, item, iso(now)],
        )

    def untick(self, user_id: str, interview_id: int, item: str) -> None:
        """Mark a ticked prep item not done again."""
        self.db.execute(
            "DELETE FROM prep_items WHERE user_id = ? AND interview_id = ? AND item = ?",
            [user_id, interview_id, item],
        )

    def done(self, user_id: str, interview_id: int) -> set[str]:
        """Return the prep items ticked off for an interview."""
        rows = select(
            self.db,
            "SELECT item FROM prep_items WHERE user_id = ? AND interview_id = ?",
            [user_id, interview_id],
        )
        return {row["item"] for row in rows}
