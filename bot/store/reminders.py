"""The `reminders` table: the truth about what is due, being sent, sent or dropped.

A row's life: pending -> sending (claimed) -> sent, skipped or failed; pending or sending ->
cancelled; sending -> pending again (released for a retry, or recovered after a crash).

`due_at` is the time a reminder is for and never moves for a retry: a failed send sets
`next_try_at`, and the sweep reads pending rows by `coalesce(next_try_at, due_at)` (the
expression `_TRY_AT`, indexed for pending rows by migration m011). `acted_at` records that one
of the reminder's buttons took effect; `act` sets it once, so a second press does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.reminders import (
    PREP_KINDS,
    STOPPED_KIND_REASON,
    STOPPED_REASON,
    Kind,
    Planned,
    ReminderRow,
    Status,
)
from bot.store.interviews import Interviews
from bot.store.rows import select
from bot.store.times import from_iso, iso

# The kinds the interview planner makes: a new plan replaces the pending ones it no longer has.
# MATERIALS (added when materials were promised) and snoozed rows are the user's own doing.
PLANNER_KINDS = (*PREP_KINDS, Kind.DEBRIEF, Kind.THANK_YOU, Kind.FOLLOW_UP)
SNOOZE_MARK = ":snooze:"
RESCHEDULED = "rescheduled"
SNOOZED = "snoozed"

_COLUMNS = (
    "id, user_id, interview_id, kind, due_at, status, attempts, sent_at, reason, dedupe_key, note,"
    " next_try_at, acted_at"
)
_TRY_AT = "coalesce(next_try_at, due_at)"
"""When a pending row is next tried; the sweep's index (m011) is on this very expression."""
_BY_TRY_AT = "reminders INDEXED BY idx_reminders_pending_next_try"
"""The sweep's source: without statistics SQLite would rather scan every pending row through
the (status, due_at) index and sort them; this index hands them over in order."""


def _row(row: dict[str, Any]) -> ReminderRow:
    return ReminderRow(
        id=row["id"],
        user_id=row["user_id"],
        interview_id=row["interview_id"],
        kind=Kind(row["kind"]),
        due_at=from_iso(row["due_at"]),
        status=Status(row["status"]),
        attempts=row["attempts"],
        sent_at=from_iso(row["sent_at"]) if row["sent_at"] else None,
        reason=row["reason"],
        dedupe_key=row["dedupe_key"],
        note=row["note"],
        next_try_at=from_iso(row["next_try_at"]) if row["next_try_at"] else None,
        acted_at=from_iso(row["acted_at"]) if row["acted_at"] else None,
    )


def snooze_key(dedupe_key: str, until: datetime) -> str:
    """Return the dedupe key of a reminder snoozed until `until`."""
    return f"{dedupe_key}{SNOOZE_MARK}{iso(until)}"


class Reminders:
    """Rows of `reminders`; every query parameterised, every user's lookup scoped to them."""

    def __init__(self, db: Database, interviews: Interviews) -> None:
        self.db = db
        self.interviews = interviews
        """Asked whether an interview is the user's before its reminders are planned."""

    # reading

    def _rows(
        self, where: str, params: Sequence[Any], source: str = "reminders"
    ) -> list[ReminderRow]:
        sql = f"SELECT {_COLUMNS} FROM {source} WHERE {where}"
        return [_row(r) for r in select(self.db, sql, list(params))]

    def _by_id(self, reminder_id: int) -> ReminderRow | None:
        rows = self._rows("id = ?", [reminder_id])
        return rows[0] if rows else None

    def get(self, user_id: str, reminder_id: int) -> ReminderRow | None:
        """Return the reminder only if it belongs to `user_id`."""
        rows = self._rows("id = ? AND user_id = ?", [reminder_id, user_id])
        return rows[0] if rows else None

    def upcoming(self, user_id: str) -> list[ReminderRow]:
        """Return the user's pending reminders, soonest first."""
        return self._rows("user_id = ? AND status = 'pending' ORDER BY due_at, id", [user_id])

    def due(
        self, until: datetime, limit: int = 1000, after: tuple[datetime, int] | None = None
    ) -> list[ReminderRow]:
        """Return pending reminders to try at or before `until` (due, or their retry time after
        a failed send), by (that time, id); with `after` (such a time and id), only those that
        sort after it: the next batch. Read through the m011 index on pending rows."""
        if after is None:
            return self._rows(
                f"status = 'pending' AND {_TRY_AT} <= ? ORDER BY {_TRY_AT}, id LIMIT ?",
                [iso(until), limit],
                _BY_TRY_AT,
            )
        after_at = iso(after[0])
        return self._rows(
            f"status = 'pending' AND {_TRY_AT} <= ? AND {_TRY_AT} >= ?"
            f" AND ({_TRY_AT} > ? OR id > ?) ORDER BY {_TRY_AT}, id LIMIT ?",
            [iso(until), after_at, after_at, after[1], limit],
            _BY_TRY_AT,
        )

    def stopped(self, user_id: str, interview_id: int) -> bool:
        """Tell whether the user stopped an interview's reminders ("Stop for this interview")."""
        rows = self.db.execute(
            "SELECT 1 FROM reminders WHERE user_id = ? AND interview_id = ? AND reason = ? LIMIT 1",
            [user_id, interview_id, STOPPED_REASON],
        ).fetchall()
        return bool(rows)

    def stopped_kinds(self, user_id: str, interview_id: int) -> set[Kind]:
        """Return the kinds of the interview's reminders the user stopped on their own."""
        found = select(
            self.db,
            "SELECT DISTINCT kind FROM reminders"
            " WHERE user_id = ? AND interview_id = ? AND reason = ?",
            [user_id, interview_id, STOPPED_KIND_REASON],
        )
        return {Kind(row["kind"]) for row in found}

    def of_interview(self, user_id: str, interview_id: int) -> list[ReminderRow]:
        """Return the pending reminders of one of the user's interviews, soonest first."""
        return self._rows(
            "user_id = ? AND interview_id = ? AND status = 'pending' ORDER BY due_at, id",
            [user_id, interview_id],
        )

    def delivered_kinds(self, user_id: str, interview_id: int) -> set[Kind]:
        """Return the kinds of the interview's reminders already sent (snoozed copies count)."""
        found = select(
            self.db,
            "SELECT DISTINCT kind FROM reminders"
            " WHERE user_id = ? AND interview_id = ? AND status = 'sent'",
            [user_id, interview_id],
        )
        return {Kind(row["kind"]) for row in found}

    def sent_since(self, user_id: str, kind: Kind, since: datetime) -> list[ReminderRow]:
        """Return the user's reminders of one kind sent at or after `since`, latest first."""
        return self._rows(
            "user_id = ? AND kind = ? AND status = 'sent' AND sent_at >= ?"
            " ORDER BY sent_at DESC, id DESC",
            [user_id, kind.value, iso(since)],
        )

    # planning

    def _insert(
        self, user_id: str, interview_id: int | None, planned: Planned, now: datetime
    ) -> int | None:
        """Insert a pending row unless its dedupe key exists; return the new id or None."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO reminders (user_id, interview_id, kind, due_at, status,"
            " attempts, dedupe_key, note, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                planned.kind.value,
                iso(planned.due_at),
                planned.dedupe_key,
                planned.note,
                iso(now),
                iso(now),
            ],
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def plan(
        self, user_id: str, interview_id: int, planned: Sequence[Planned], now: datetime
    ) -> list[ReminderRow]:
        """Make the interview's pending planner reminders exactly `planned`; return its pending."""
        keys = {p.dedupe_key for p in planned}
        kinds = ", ".join("?" for _ in PLANNER_KINDS)
        with self.db.atomic():
            if not self.interviews.owned(user_id, interview_id):
                raise ValueError("no such interview for this user")
            stale = [
                r.id
                for r in self._rows(
                    f"user_id = ? AND interview_id = ? AND status = 'pending'"
                    f" AND kind IN ({kinds}) AND instr(dedupe_key, ?) = 0",
                    [user_id, interview_id, *PLANNER_KINDS, SNOOZE_MARK],
                )
                if r.dedupe_key not in keys
            ]
            for reminder_id in stale:
                self._finish(reminder_id, Status.CANCELLED, now, RESCHEDULED, (Status.PENDING,))
            for p in planned:
                if self._insert(user_id, interview_id, p, now) is None:
                    self._revive(user_id, interview_id, p, now)
        return self.of_interview(user_id, interview_id)

    def _revive(self, user_id: str, interview_id: int, planned: Planned, now: datetime) -> None:
        """Bring back a row an earlier re-plan cancelled, when the plan wants it again."""
        self.db.execute(
            "UPDATE reminders SET status = 'pending', due_at = ?, attempts = 0, reason = NULL,"
            " next_try_at = NULL, acted_at = NULL,"
            " updated_at = ? WHERE dedupe_key = ? AND user_id = ? AND interview_id = ?"
            " AND status = 'cancelled' AND reason = ?",
            [
                iso(planned.due_at),
                iso(now),
                planned.dedupe_key,
                user_id,
                interview_id,
                RESCHEDULED,
            ],
        )

    def add(
        self, user_id: str, interview_id: int | None, planned: Planned, now: datetime
    ) -> ReminderRow | None:
        """Add one reminder; None when a reminder with its dedupe key already exists."""
        new_id = self._insert(user_id, interview_id, planned, now)
        return self._by_id(new_id) if new_id is not None else None

    # cancelling

    def cancel(
        self,
        user_id: str,
        now: datetime,
        reason: str,
        interview_id: int | None = None,
        reminder_id: int | None = None,
    ) -> int:
        """Cancel the user's pending or sending reminders (of one interview / one id if given)."""
        sql = (
            "UPDATE reminders SET status = 'cancelled', reason = ?, updated_at = ?"
            " WHERE user_id = ? AND status IN ('pending', 'sending')"
        )
        params: list[Any] = [reason, iso(now), user_id]
        if interview_id is not None:
            sql += " AND interview_id = ?"
            params.append(interview_id)
        if reminder_id is not None:
            sql += " AND id = ?"
            params.append(reminder_id)
        return self.db.execute(sql, params).rowcount

    def cancel_user(self, user_id: str, now: datetime, reason: str) -> int:
        """Cancel all of the user's pending reminders (they blocked the bot, or left)."""
        return self.db.execute(
            "UPDATE reminders SET status = 'cancelled', reason = ?, updated_at = ?"
            " WHERE user_id = ? AND status = 'pending'",
            [reason, iso(now), user_id],
        ).rowcount

    def snooze(
        self, user_id: str, reminder_id: int, until: datetime, now: datetime
    ) -> ReminderRow | None:
        """Add a pending copy of the user's reminder due at `until`; a pending original is
        cancelled, a sent one left as it is. This uses the reminder's buttons (`act`). None if
        not theirs, never shown to them, or its buttons already acted."""
        with self.db.atomic():
            old = self.get(user_id, reminder_id)
            if old is None or old.status not in (Status.PENDING, Status.SENDING, Status.SENT):
                return None
            if not self.act(user_id, reminder_id, now):
                return None
            key = snooze_key(old.dedupe_key, until)
            self._insert(user_id, old.interview_id, Planned(old.kind, until, key, old.note), now)
            if old.status is Status.PENDING:
                self._finish(old.id, Status.CANCELLED, now, SNOOZED, (Status.PENDING,))
            rows = self._rows("dedupe_key = ? AND user_id = ?", [key, user_id])
        return rows[0] if rows else None

    def act(self, user_id: str, reminder_id: int, now: datetime) -> bool:
        """Record that one of the user's reminder's buttons took effect, in one conditional
        UPDATE; False when it already had (or the reminder is not theirs): act once."""
        return (
            self.db.execute(
                "UPDATE reminders SET acted_at = ?, updated_at = ?"
                " WHERE id = ? AND user_id = ? AND acted_at IS NULL",
                [iso(now), iso(now), reminder_id, user_id],
            ).rowcount
            == 1
        )

    # delivery

    def claim(
        self, reminder_id: int, now: datetime, due_by: datetime | None = None
    ) -> ReminderRow | None:
        """Move a pending reminder to sending in one statement; None if it was not pending
        (or, with `due_by`, not to be tried by then: not due, or waiting for its retry)."""
        sql = "UPDATE reminders SET status = 'sending', attempts = attempts + 1, updated_at = ?"
        sql += " WHERE id = ? AND status = 'pending'"
        params: list[Any] = [iso(now), reminder_id]
        if due_by is not None:
            sql += f" AND {_TRY_AT} <= ?"
            params.append(iso(due_by))
        # A statement that returns rows is not auto-committed by sqlite-utils: hence atomic(),
        # and fetchall() so the statement has finished before the commit.
        with self.db.atomic():
            cursor = self.db.execute(f"{sql} RETURNING {_COLUMNS}", params)
            found = cursor.fetchall()
            names = [d[0] for d in cursor.description]
        if not found:
            return None
        return _row(dict(zip(names, found[0], strict=True)))

    def _finish(
        self,
        reminder_id: int,
        status: Status,
        now: datetime,
        reason: str | None,
        from_: tuple[Status, ...],
    ) -> bool:
        marks = ", ".join("?" for _ in from_)
        cursor = self.db.execute(
            "UPDATE reminders SET status = ?, reason = ?, updated_at = ?"
            f" WHERE id = ? AND status IN ({marks})",
            [status.value, reason, iso(now), reminder_id, *(s.value for s in from_)],
        )
        return cursor.rowcount == 1

    def mark_sent(self, reminder_id: int, now: datetime) -> bool:
        """Record that a claimed reminder went out (even if it was cancelled while in flight)."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'sent', sent_at = ?, reason = NULL, updated_at = ?"
            " WHERE id = ? AND status IN ('sending', 'cancelled')",
            [iso(now), iso(now), reminder_id],
        )
        return cursor.rowcount == 1

    def mark_skipped(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a pending or claimed reminder will not be sent, and why."""
        return self._finish(
            reminder_id, Status.SKIPPED, now, reason, (Status.PENDING, Status.SENDING)
        )

    def mark_failed(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a claimed reminder cannot be sent (a permanent error), and why."""
        return self._finish(reminder_id, Status.FAILED, now, reason, (Status.SENDING,))

    def release(self, reminder_id: int, now: datetime, retry_at: datetime) -> bool:
        """Hand a claimed reminder back as pending, to be tried again at `retry_at`; its due
        time stays the time it was for (the downtime policy judges lateness from it)."""
        cursor = self.db.execute(
            "UPDATE reminders SET status = 'pending', next_try_at = ?, updated_at = ?"
            " WHERE id = ? AND status = 'sending'",
            [iso(retry_at), iso(now), reminder_id],
        )
        return cursor.rowcount == 1

    def recover_sending(self, now: datetime) -> int:
        """Return rows a crash left in sending to pending, so they are tried again."""
        return self.db.execute(
            "UPDATE reminders SET status = 'pending', updated_at = ? WHERE status = 'sending'",
            [iso(now)],
        ).rowcount
