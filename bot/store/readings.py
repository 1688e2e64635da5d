"""The `readings` table and its child `answers`: a signal reading of an interview and the
answers it was scored from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import AnswerRow, Reading
from bot.store.rows import select
from bot.store.times import from_iso, iso


class Readings:
    """Rows of `readings` and `answers`; every query parameterised and scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(
        self,
        user_id: str,
        interview_id: int,
        score: int,
        band: str,
        answers: Sequence[AnswerRow],
        now: datetime,
    ) -> int:
        """Store a reading and its answers; the caller wraps it in `atomic()` with related rows."""
        cursor = self.db.execute(
            "INSERT INTO readings (user_id, interview_id, score, band, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [user_id, interview_id, score, band, iso(now)],
        )
        reading_id = cursor.lastrowid
        assert reading_id is not None
        for a in answers:
            self.db.execute(
                "INSERT INTO answers (reading_id, user_id, question, answer, weight)"
                " VALUES (?, ?, ?, ?, ?)",
                [reading_id, user_id, a.question, a.answer, a.weight],
            )
        return reading_id

    def for_user(self, user_id: str, interview_id: int | None = None) -> list[Reading]:
        """Return the user's readings (for one interview if given), oldest first."""
        sql = "SELECT * FROM readings WHERE user_id = ?"
        params: list[Any] = [user_id]
        if interview_id is not None:
            sql += " AND interview_id = ?"
            params.append(interview_id)
        rows = select(self.db, sql + " ORDER BY created_at, id", params)
        return [
            Reading(
                id=r["id"],
                user_id=r["user_id"],
                interview_id=r["interview_id"],
                score=r["score"],
                band=r["band"],
                created_at=from_iso(r["created_at"]),
            )
            for r in rows
        ]

    def answers(self, user_id: str, reading_id: int) -> list[AnswerRow]:
        """Return the answers of one of the user's readings."""
        rows = select(
            self.db,
            "SELECT question, answer, weight FROM answers WHERE reading_id = ? AND user_id = ?"
            " ORDER BY id",
            [reading_id, user_id],
        )
        return [AnswerRow(r["question"], r["answer"], r["weight"]) for r in rows]
