"""The `parked_questions` table: the open question a user stepped away from, one per user.

A question is parked when the user asks for something else in the middle of it, or writes
hours after it was asked; it waits here, with the message that could not be placed (if any),
until they come back to it or start that dialog afresh.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.store.rows import select
from bot.store.times import from_iso, iso


@dataclass(frozen=True)
class Parked:
    """A question put aside: the dialog state, when, and a message kept for it."""

    state: dict[str, Any]
    parked_at: datetime
    text: str | None = None


class ParkedQuestions:
    """Rows of `parked_questions`; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def park(self, user_id: str, state: dict[str, Any], text: str | None, now: datetime) -> None:
        """Put a question aside (replacing any question parked before)."""
        self.db.execute(
            "INSERT INTO parked_questions (user_id, state, text, parked_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET state = excluded.state,"
            " text = excluded.text, parked_at = excluded.parked_at",
            [user_id, json.dumps(state, ensure_ascii=False, sort_keys=True), text, iso(now)],
        )

    def get(self, user_id: str) -> Parked | None:
        """Return the user's parked question, or None (also when its state is unreadable)."""
        rows = select(
            self.db,
            "SELECT state, text, parked_at FROM parked_questions WHERE user_id = ?",
            [user_id],
        )
        if not rows:
            return None
        try:
            state = json.loads(rows[0]["state"])
        except json.JSONDecodeError:
            return None
        if not isinstance(state, dict):
            return None
        return Parked(state, from_iso(rows[0]["parked_at"]), rows[0]["text"])

    def drop(self, user_id: str) -> None:
        """Forget the parked question."""
        self.db.execute("DELETE FROM parked_questions WHERE user_id = ?", [user_id])
