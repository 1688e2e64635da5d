"""Interview details beyond the basics, prep-plan progress, STAR stories, user preferences."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import Story
from bot.store.rows import select
from bot.store.times import iso


class DetailRows:
    """Rows that hang off users and interviews. Mixed into Store; every query parameterised."""

    db: Database

    # interviews

    def set_schedule(
        self,
        user_id: str,
        interview_id: int,
        starts_at: datetime,
        duration_min: int | None = None,
    ) -> bool:
        """Set when the interview starts (and how long it lasts); False if it is not theirs."""
        sets, params = "starts_at = ?", [iso(starts_at)]
        if duration_min is not None:
            sets += ", duration_min = ?"
            params.append(str(duration_min))
        cursor = self.db.execute(
            f"UPDATE interviews SET {sets} WHERE id = ? AND user_id = ?",
            [*params, interview_id, user_id],
        )
        return cursor.rowcount == 1

    def set_interview_details(
        self,
        user_id: str,
        interview_id: int,
        *,
        format: str | None = None,
        interviewers: str | None = None,
        decision_by: date | None = None,
        decision_note: str | None = None,
    ) -> None:
        """Record the round's format, the interviewers and the decision timeframe given."""
        self.db.execute(
            "UPDATE interviews SET format = ?, interviewers = ?, decision_by = ?,"
            " decision_note = ? WHERE id = ? AND user_id = ?",
            [
                format,
                interviewers,
                decision_by.isoformat() if decision_by else None,
                decision_note,
                interview_id,
                user_id,
            ],
        )

    def set_debrief(
        self, user_id: str, interview_id: int, point: str | None, materials: str | None
    ) -> None:
        """Record the discussion point and any promised materials from the debrief."""
        self.db.execute(
            "UPDATE interviews SET discussion_point = ?, promised_materials = ?"
            " WHERE id = ? AND user_id = ?",
            [point, materials, interview_id, user_id],
        )

    def mark_interview(self, user_id: str, interview_id: int, column: str, now: datetime) -> None:
        """Stamp one of the interview's done-markers (thank-you sent, materials sent)."""
        if column not in ("thank_you_sent_at", "materials_sent_at"):
            raise ValueError(f"not a done-marker: {column}")
        self.db.execute(
            f"UPDATE interviews SET {column} = ? WHERE id = ? AND user_id = ?",
            [iso(now), interview_id, user_id],
        )

    def close_interview(self, user_id: str, interview_id: int, now: datetime) -> None:
        """Close an interview: it is decided or no longer relevant."""
        self.db.execute(
            "UPDATE interviews SET status = 'closed', closed_at = ? WHERE id = ? AND user_id = ?",
            [iso(now), interview_id, user_id],
        )

    def delete_interview(self, user_id: str, interview_id: int) -> None:
        """Delete an interview and everything hanging off it."""
        for table in ("answers",):
            self.db.execute(
                f"DELETE FROM {table} WHERE reading_id IN"
                " (SELECT id FROM readings WHERE interview_id = ? AND user_id = ?)",
                [interview_id, user_id],
            )
        for table in (
            "readings",
            "reminders",
            "prep_items",
            "stories",
            "followups",
            "reflections",
            "negotiations",
        ):
            self.db.execute(
                f"DELETE FROM {table} WHERE interview_id = ? AND user_id = ?",
                [interview_id, user_id],
            )
        self.db.execute(
            "DELETE FROM interviews WHERE id = ? AND user_id = ?", [interview_id, user_id]
        )

    # prep plan

    def tick_prep_item(self, user_id: str, interview_id: int, item: str, now: datetime) -> None:
        """Mark a prep item done for an interview."""
        self.db.execute(
            "INSERT OR IGNORE INTO prep_items (user_id, interview_id, item, done_at)"
            " VALUES (?, ?, ?, ?)",
            [user_id, interview_id, item, iso(now)],
        )

    def done_prep_items(self, user_id: str, interview_id: int) -> set[str]:
        """Return the prep items ticked off for an interview."""
        rows = select(
            self.db,
            "SELECT item FROM prep_items WHERE user_id = ? AND interview_id = ?",
            [user_id, interview_id],
        )
        return {row["item"] for row in rows}

    # stories

    def add_story(
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

    def stories(self, user_id: str, interview_id: int | None = None) -> list[Story]:
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

    # preferences

    def set_preference(self, user_id: str, key: str, value: Any, now: datetime) -> None:
        """Set one key of the user's preferences (a JSON object)."""
        rows = list(select(self.db, "SELECT preferences FROM users WHERE id = ?", [user_id]))
        prefs = json.loads(rows[0]["preferences"]) if rows else {}
        prefs[key] = value
        self.db.execute(
            "UPDATE users SET preferences = ?, updated_at = ? WHERE id = ?",
            [json.dumps(prefs, sort_keys=True), iso(now), user_id],
        )
