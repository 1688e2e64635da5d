"""Reading back what the coach stored, for tests that drive it: reminder rows by status and
kind, whole tables, a user's only interview; and Berlin wall-clock times as UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.records import Interview
from bot.domain.reminders import Kind, ReminderRow, Status
from bot.store import Store

ALICE, BOB = "test:alice", "test:bob"
"""The user ids of the `alice` and `bob` fixtures."""


BERLIN = ZoneInfo("Europe/Berlin")


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A Berlin wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def rows(store: Store, user_id: str, interview_id: int | None = None) -> list[ReminderRow]:
    """Every reminder row of a user (of one interview if given), whatever its status, by id."""
    sql = "SELECT id FROM reminders WHERE user_id = ?"
    params: list[Any] = [user_id]
    if interview_id is not None:
        sql += " AND interview_id = ?"
        params.append(interview_id)
    found = [
        store.get_reminder(user_id, r["id"]) for r in store.db.query(sql + " ORDER BY id", params)
    ]
    assert all(r is not None for r in found)
    return [r for r in found if r is not None]


def pending(store: Store, user_id: str, interview_id: int | None = None) -> list[ReminderRow]:
    """The user's pending reminders (of one interview if given)."""
    return [r for r in rows(store, user_id, interview_id) if r.status is Status.PENDING]


def one(store: Store, user_id: str, kind: Kind) -> ReminderRow:
    """The user's one pending reminder of `kind`."""
    (found,) = [r for r in pending(store, user_id) if r.kind is kind]
    return found


def only_interview(store: Store, user_id: str) -> Interview:
    (interview,) = store.interviews(user_id)
    return interview


def table(store: Store, name: str) -> list[dict[str, Any]]:
    """Every row of a table, for before/after comparisons."""
    return list(store.db.query(f"SELECT * FROM {name} ORDER BY rowid"))
