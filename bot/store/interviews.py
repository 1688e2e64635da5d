"""The `interviews` table: each interview a user tracks, its schedule, details and outcome.

Deleting an interview also deletes the rows that hang off it (readings and their answers,
reminders, prep items, stories, follow-ups, reflections, negotiation cards): children first,
so no foreign key trips.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import OUTCOMES, Interview, Promise
from bot.store.rows import select
from bot.store.times import from_iso, iso

DONE_MARKERS = ("thank_you_sent_at", "materials_sent_at")
"""The columns `mark` may stamp."""
CHILD_TABLES = (
    "readings",
    "reminders",
    "prep_items",
    "stories",
    "followups",
    "reflections",
    "negotiations",
)
"""Tables whose rows belong to one interview (`interview_id`), deleted with it."""


class Interviews:
    """Rows of `interviews`; every query parameterised, every lookup scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # reading

    def for_user(self, user_id: str, *, open_only: bool = True) -> list[Interview]:
        """Return the user's interviews, newest first."""
        sql = "SELECT * FROM interviews WHERE user_id = ?"
        if open_only:
            sql += " AND status = 'open'"
        rows = select(self.db, sql + " ORDER BY id DESC", [user_id])
        return [_interview(row) for row in rows]

    def get(self, user_id: str, interview_id: int) -> Interview | None:
        """Return the interview only if it belongs to `user_id`."""
        rows = list(
            select(
                self.db,
                "SELECT * FROM interviews WHERE id = ? AND user_id = ?",
                [interview_id, user_id],
            )
        )
        return _interview(rows[0]) if rows else None

    def owned(self, user_id: str, interview_id: int) -> bool:
        """Tell whether the interview exists and belongs to `user_id`."""
        found = self.db.execute(
            "SELECT 1 FROM interviews WHERE id = ? AND user_id = ?", [interview_id, user_id]
        ).fetchone()
        return found is not None

    # writing

    def add(self, user_id: str, company: str, role: str, round_: str | None, now: datetime) -> int:
        """Record an interview and return its id."""
        cursor = self.db.execute(
            "INSERT INTO interviews (user_id, company, role, round, status, created_at)"
            " VALUES (?, ?, ?, ?, 'open', ?)",
            [user_id, company, role, round_, iso(now)],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

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

    def set_details(
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

    EDITABLE = frozenset({"company", "role", "interviewers", "format", "duration_min"})
    """The columns a user may change after adding the interview (the time has its own)."""

    def set_field(
        self, user_id: str, interview_id: int, column: str, value: str | int | None
    ) -> None:
        """Change one editable detail of the user's interview."""
        if column not in self.EDITABLE:
            raise ValueError(f"{column!r} is not an editable detail")
        self.db.execute(
            f"UPDATE interviews SET {column} = ? WHERE id = ? AND user_id = ?",
            [value, interview_id, user_id],
        )

    def set_decision(
        self, user_id: str, interview_id: int, decision_by: date, decision_note: str
    ) -> None:
        """Record when the employer said they would decide (the words and the local date)."""
        self.db.execute(
            "UPDATE interviews SET decision_by = ?, decision_note = ? WHERE id = ? AND user_id = ?",
            [decision_by.isoformat(), decision_note, interview_id, user_id],
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

    def set_materials(self, user_id: str, interview_id: int, promises: Sequence[Promise]) -> None:
        """Record the promised materials as items with their due days (none: NULL)."""
        stored = [{"item": p.item, "due": p.due.isoformat() if p.due else None} for p in promises]
        self.db.execute(
            "UPDATE interviews SET materials = ? WHERE id = ? AND user_id = ?",
            [json.dumps(stored) if stored else None, interview_id, user_id],
        )

    def mark(self, user_id: str, interview_id: int, column: str, now: datetime) -> None:
        """Stamp one of the interview's done-markers (thank-you sent, materials sent)."""
        if column not in DONE_MARKERS:
            raise ValueError(f"not a done-marker: {column}")
        self.db.execute(
            f"UPDATE interviews SET {column} = ? WHERE id = ? AND user_id = ?",
            [iso(now), interview_id, user_id],
        )

    def close(self, user_id: str, interview_id: int, now: datetime) -> None:
        """Close an interview: it is decided or no longer relevant."""
        self.db.execute(
            "UPDATE interviews SET status = 'closed', closed_at = ? WHERE id = ? AND user_id = ?",
            [iso(now), interview_id, user_id],
        )

    def delete(self, user_id: str, interview_id: int) -> None:
        """Delete an interview and everything hanging off it."""
        for table in ("answers",):
            self.db.execute(
                f"DELETE FROM {table} WHERE reading_id IN"
                " (SELECT id FROM readings WHERE interview_id = ? AND user_id = ?)",
                [interview_id, user_id],
            )
        for table in CHILD_TABLES:
            self.db.execute(
                f"DELETE FROM {table} WHERE interview_id = ? AND user_id = ?",
                [interview_id, user_id],
            )
        self.db.execute(
            "DELETE FROM interviews WHERE id = ? AND user_id = ?", [interview_id, user_id]
        )

    # replies and outcomes

    def mark_replied(self, user_id: str, interview_id: int, now: datetime) -> None:
        """Record that the employer answered."""
        self.db.execute(
            "UPDATE interviews SET replied_at = ? WHERE id = ? AND user_id = ?",
            [iso(now), interview_id, user_id],
        )

    def replied_at(self, user_id: str, interview_id: int) -> datetime | None:
        """Return when the employer answered, if they did."""
        rows = list(
            select(
                self.db,
                "SELECT replied_at FROM interviews WHERE id = ? AND user_id = ?",
                [interview_id, user_id],
            )
        )
        value = rows[0]["replied_at"] if rows else None
        return datetime.fromisoformat(value) if value else None

    def set_outcome(self, user_id: str, interview_id: int, outcome: str, now: datetime) -> None:
        """Record how an interview ended and close it."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        self.db.execute(
            "UPDATE interviews SET outcome = ?, outcome_at = ?, status = 'closed',"
            " closed_at = COALESCE(closed_at, ?) WHERE id = ? AND user_id = ?",
            [outcome, iso(now), iso(now), interview_id, user_id],
        )

    def outcomes(self, user_id: str) -> dict[int, str]:
        """Return the outcome of each of the user's interviews that has one."""
        rows = select(
            self.db,
            "SELECT id, outcome FROM interviews WHERE user_id = ? AND outcome IS NOT NULL",
            [user_id],
        )
        return {r["id"]: r["outcome"] for r in rows}


def _maybe_time(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _promises(text: str | None) -> tuple[Promise, ...]:
    """Read the stored promised items (a JSON list; NULL or unreadable: none)."""
    try:
        loaded = json.loads(text) if text else []
    except ValueError:
        return ()
    if not isinstance(loaded, list):
        return ()
    return tuple(
        Promise(str(p["item"]), date.fromisoformat(p["due"]) if p.get("due") else None)
        for p in loaded
        if isinstance(p, dict) and p.get("item")
    )


def _interview(row: dict[str, Any]) -> Interview:
    return Interview(
        id=row["id"],
        user_id=row["user_id"],
        company=row["company"],
        role=row["role"],
        round=row["round"],
        status=row["status"],
        created_at=from_iso(row["created_at"]),
        starts_at=_maybe_time(row.get("starts_at")),
        duration_min=row.get("duration_min") or 60,
        format=row.get("format"),
        interviewers=row.get("interviewers"),
        decision_by=date.fromisoformat(row["decision_by"]) if row.get("decision_by") else None,
        decision_note=row.get("decision_note"),
        discussion_point=row.get("discussion_point"),
        promised_materials=row.get("promised_materials"),
        materials=_promises(row.get("materials")),
        thank_you_sent_at=_maybe_time(row.get("thank_you_sent_at")),
        materials_sent_at=_maybe_time(row.get("materials_sent_at")),
        closed_at=_maybe_time(row.get("closed_at")),
    )
