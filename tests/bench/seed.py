"""Fill a coach database fast: users with interviews, and pending reminders, by bulk insert.

The store is opened once so the schema is the coach's own (migrations applied); rows then go
in through sqlite-utils `insert_all` (one transaction per batch), not through the dialogs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.domain.reminders import Kind
from bot.rules.reminder_plan import dedupe_key
from bot.store import Store

TG = "tg:"
FIRST_USER = 100_000
"""Telegram ids of seeded users start here: user n is tg:(FIRST_USER + n)."""
BATCH = 50_000
COMPANIES = ("Initech", "Globex", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises")
ROLES = ("Analyst", "Platform Engineer", "Product Manager", "Designer", "Data Scientist")
FORMATS = ("panel", "one_to_one", "presentation", "technical", "informal")
ZONES = ("Europe/Berlin", "America/Chicago", "Asia/Kolkata", "UTC", "America/Sao_Paulo")
# The offsets of a planned interview's reminders from its start (the planner's kinds).
OFFSETS = (
    (Kind.PREP_72H, timedelta(hours=-72)),
    (Kind.PREP_48H, timedelta(hours=-48)),
    (Kind.PREP_24H, timedelta(hours=-24)),
    (Kind.PREP_2H, timedelta(hours=-2)),
    (Kind.DEBRIEF, timedelta(hours=1)),
    (Kind.THANK_YOU, timedelta(hours=21)),
    (Kind.FOLLOW_UP, timedelta(days=7)),
)


def iso(when: datetime) -> str:
    """Return the store's text form of a time (UTC, seconds)."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


def telegram_id(n: int) -> int:
    """Return the Telegram user id of seeded user `n`."""
    return FIRST_USER + n


def open_db(path: Path) -> Database:
    """Create and migrate the database with the coach's own Store, then hand back a connection."""
    Store.open(path).close()
    db = Database(path)
    # Seeding only: no journal, no fsync, a large page cache. The benchmark opens the file
    # afresh through Store.open, which puts it back in WAL mode.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -400000")
    return db


def _batched(rows: Iterator[dict[str, Any]], table: str, db: Database) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            db.table(table).insert_all(batch, batch_size=BATCH)
            count += len(batch)
            batch = []
    if batch:
        db.table(table).insert_all(batch, batch_size=BATCH)
        count += len(batch)
    return count


def seed_users(db: Database, users: int, now: datetime, seed: int = 7) -> None:
    """Add `users` Telegram users, each with one open interview 4-60 days ahead."""
    rng = random.Random(seed)
    stamp = iso(now)

    def user_rows() -> Iterator[dict[str, Any]]:
        for n in range(users):
            yield {
                "id": f"{TG}{telegram_id(n)}",
                "timezone": rng.choice(ZONES),
                "preferences": "{}",
                "active": 1,
                "created_at": stamp,
                "updated_at": stamp,
            }

    def interview_rows() -> Iterator[dict[str, Any]]:
        for n in range(users):
            starts = now + timedelta(days=4 + rng.random() * 56)
            yield {
                "id": n + 1,
                "user_id": f"{TG}{telegram_id(n)}",
                "company": rng.choice(COMPANIES),
                "role": rng.choice(ROLES),
                "round": "second",
                "status": "open",
                "created_at": stamp,
                "starts_at": iso(starts.replace(minute=0, second=0, microsecond=0)),
                "duration_min": 60,
                "format": rng.choice(FORMATS),
            }

    with db.conn:
        _batched(user_rows(), "users", db)
        _batched(interview_rows(), "interviews", db)


def seed_reminders(
    db: Database, count: int, users: int, start: datetime, span: timedelta, seed: int = 11
) -> int:
    """Add `count` pending reminders of the seeded users, due uniformly over [start, start+span).

    Reminder i belongs to user i % users and that user's interview (id (i % users) + 1). One
    executemany in one transaction: sqlite-utils' insert_all would spend most of its time in
    Python building statements.
    """
    rng = random.Random(seed)
    stamp = iso(start)
    seconds = span.total_seconds()

    def rows() -> Iterator[tuple[Any, ...]]:
        for i in range(count):
            n = i % users
            kind = OFFSETS[(i // users) % len(OFFSETS)][0]
            due = start + timedelta(seconds=int(rng.random() * seconds))
            yield (
                f"{TG}{telegram_id(n)}",
                n + 1,
                kind.value,
                iso(due),
                f"{dedupe_key(n + 1, kind, due)}:{i}",
                stamp,
                stamp,
            )

    with db.conn:
        db.conn.executemany(
            "INSERT INTO reminders (user_id, interview_id, kind, due_at, status, attempts,"
            " dedupe_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
            rows(),
        )
    return count


def seed_due_at(
    db: Database, due: list[datetime], kind: Kind = Kind.PREP_24H, first_user: int = 0
) -> None:
    """Add one pending reminder per time in `due`, each for its own seeded user (from
    `first_user` on), of an interview that starts a day later so the reminder is useful."""
    stamp = iso(min(due))
    with db.conn:
        for i, when in enumerate(due):
            n = first_user + i
            db.execute(
                "UPDATE interviews SET starts_at = ? WHERE id = ?",
                [iso(when + timedelta(hours=24)), n + 1],
            )
        db.table("reminders").insert_all(
            (
                {
                    "user_id": f"{TG}{telegram_id(first_user + i)}",
                    "interview_id": first_user + i + 1,
                    "kind": kind.value,
                    "due_at": iso(when),
                    "status": "pending",
                    "attempts": 0,
                    "dedupe_key": f"bench:{first_user + i}:{iso(when)}",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for i, when in enumerate(due)
            ),
            batch_size=BATCH,
        )
