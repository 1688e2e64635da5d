"""The store: users, dialog state, interviews and signal readings. Every query parameterised."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.domain.records import AnswerRow, Interview, Reading, User
from bot.store.details import DetailRows
from bot.store.migrations import migrations
from bot.store.outcomes import OutcomeRows
from bot.store.privacy import PrivacyRows
from bot.store.reminders import ReminderRows
from bot.store.rows import select
from bot.store.times import from_iso, iso


class Store(ReminderRows, DetailRows, OutcomeRows, PrivacyRows):
    """One SQLite file in WAL mode, migrated on open."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(self.db)

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the database at `path`; ":memory:" for a throwaway one."""
        if str(path) == ":memory:":
            return cls(Database(memory=True))
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
        # In WAL mode NORMAL keeps the database consistent through a crash of the process (a
        # power cut may lose the last commits); FULL would add an fsync to every commit.
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA busy_timeout = 5000")
        return cls(db)

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run the block in one transaction: all of it is written, or none."""
        with self.db.atomic():
            yield

    # users

    def ensure_user(self, user_id: str, now: datetime) -> User:
        """Return the user, creating them on first contact; a user who writes is active again."""
        known = self.get_user(user_id)
        if known is not None and known.active:
            return known  # the usual turn: a read, no write and no commit
        self.db.execute(
            "INSERT INTO users (id, timezone, preferences, active, created_at, updated_at)"
            " VALUES (?, 'UTC', '{}', 1, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET active = 1, updated_at = excluded.updated_at"
            " WHERE users.active = 0",
            [user_id, iso(now), iso(now)],
        )
        user = self.get_user(user_id)
        assert user is not None
        return user

    def get_user(self, user_id: str) -> User | None:
        """Return the user or None."""
        rows = list(select(self.db, "SELECT * FROM users WHERE id = ?", [user_id]))
        if not rows:
            return None
        row = rows[0]
        return User(
            id=row["id"],
            timezone=row["timezone"],
            preferences=json.loads(row["preferences"]),
            active=bool(row["active"]),
            created_at=from_iso(row["created_at"]),
        )

    def set_inactive(self, user_id: str, now: datetime) -> None:
        """Mark a user who cannot be reached (they blocked the bot)."""
        self.db.execute(
            "UPDATE users SET active = 0, updated_at = ? WHERE id = ?", [iso(now), user_id]
        )

    def set_timezone(self, user_id: str, timezone: str, now: datetime) -> None:
        """Save the user's IANA timezone."""
        self.db.execute(
            "UPDATE users SET timezone = ?, updated_at = ? WHERE id = ?",
            [timezone, iso(now), user_id],
        )

    # telegram updates

    def first_time_seen(self, update_id: int, now: datetime, keep: timedelta) -> bool:
        """Record an update id; False when it was already recorded (a redelivery)."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, seen_at) VALUES (?, ?)",
            [update_id, iso(now)],
        )
        if update_id % 1000 == 0:  # prune now and then; Telegram never redelivers old updates
            self.db.execute("DELETE FROM processed_updates WHERE seen_at < ?", [iso(now - keep)])
        return cursor.rowcount == 1

    # backup

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target` (safe while running)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target) as copy:
            self.db.conn.backup(copy)
        copy.close()

    # dialog state

    def load_dialog_state(self, user_id: str) -> dict[str, Any] | None:
        """Return the user's saved dialog state, or None when idle (or unreadable)."""
        rows = list(select(self.db, "SELECT state FROM dialog_state WHERE user_id = ?", [user_id]))
        if not rows:
            return None
        try:
            data = json.loads(rows[0]["state"])
        except json.JSONDecodeError:
            return {"unreadable": True}
        return data if isinstance(data, dict) else {"unreadable": True}

    def save_dialog_state(self, user_id: str, state: dict[str, Any], now: datetime) -> None:
        """Save the user's dialog state as JSON."""
        self.db.execute(
            "INSERT INTO dialog_state (user_id, state, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT(user_id) DO UPDATE SET state = excluded.state,"
            " updated_at = excluded.updated_at",
            [user_id, json.dumps(state, ensure_ascii=False, sort_keys=True), iso(now)],
        )

    def clear_dialog_state(self, user_id: str) -> None:
        """Forget where the user was: they are back at the menu."""
        self.db.execute("DELETE FROM dialog_state WHERE user_id = ?", [user_id])

    # interviews

    def add_interview(
        self, user_id: str, company: str, role: str, round_: str | None, now: datetime
    ) -> int:
        """Record an interview and return its id."""
        cursor = self.db.execute(
            "INSERT INTO interviews (user_id, company, role, round, status, created_at)"
            " VALUES (?, ?, ?, ?, 'open', ?)",
            [user_id, company, role, round_, iso(now)],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def interviews(self, user_id: str, *, open_only: bool = True) -> list[Interview]:
        """Return the user's interviews, newest first."""
        sql = "SELECT * FROM interviews WHERE user_id = ?"
        if open_only:
            sql += " AND status = 'open'"
        rows = select(self.db, sql + " ORDER BY id DESC", [user_id])
        return [_interview(row) for row in rows]

    def get_interview(self, user_id: str, interview_id: int) -> Interview | None:
        """Return the interview only if it belongs to `user_id`."""
        rows = list(
            select(
                self.db,
                "SELECT * FROM interviews WHERE id = ? AND user_id = ?",
                [interview_id, user_id],
            )
        )
        return _interview(rows[0]) if rows else None

    # signal readings

    def save_reading(
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

    def readings(self, user_id: str, interview_id: int | None = None) -> list[Reading]:
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

    def reading_answers(self, user_id: str, reading_id: int) -> list[AnswerRow]:
        """Return the answers of one of the user's readings."""
        rows = select(
            self.db,
            "SELECT question, answer, weight FROM answers WHERE reading_id = ? AND user_id = ?"
            " ORDER BY id",
            [reading_id, user_id],
        )
        return [AnswerRow(r["question"], r["answer"], r["weight"]) for r in rows]


def _maybe_time(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


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
        thank_you_sent_at=_maybe_time(row.get("thank_you_sent_at")),
        materials_sent_at=_maybe_time(row.get("materials_sent_at")),
        closed_at=_maybe_time(row.get("closed_at")),
    )
