"""The schema, as ordered and named migrations recorded in the database."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("interview_coach")


@migrations()
def m001_core(db: Database) -> None:
    """Users, dialog state, interviews, signal readings and their answers."""
    db.table("users").create(
        {
            "id": str,  # "tg:123" or "cli:name": the adapter namespaces its own ids
            "timezone": str,
            "preferences": str,  # JSON object
            "active": int,
            "created_at": str,  # ISO 8601, UTC
            "updated_at": str,
        },
        pk="id",
        not_null={"timezone", "preferences", "active", "created_at", "updated_at"},
        defaults={"timezone": "UTC", "preferences": "{}", "active": 1},
    )
    db.table("dialog_state").create(
        {"user_id": str, "state": str, "updated_at": str},  # state: JSON, never a pickle
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"state", "updated_at"},
    )
    db.table("interviews").create(
        {
            "id": int,
            "user_id": str,
            "company": str,
            "role": str,
            "round": str,
            "status": str,  # open | closed
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"user_id", "company", "role", "status", "created_at"},
        defaults={"status": "open"},
    )
    db.table("interviews").create_index(["user_id", "status"])
    db.table("readings").create(
        {
            "id": int,
            "user_id": str,
            "interview_id": int,
            "score": int,  # 0-100
            "band": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "interview_id", "score", "band", "created_at"},
    )
    db.table("readings").create_index(["user_id", "interview_id", "created_at"])
    db.table("answers").create(
        {
            "id": int,
            "reading_id": int,
            "user_id": str,
            "question": str,  # namespaced state, e.g. signals:met_leaders
            "answer": str,  # the choice id
            "weight": float,
        },
        pk="id",
        foreign_keys=[("reading_id", "readings", "id"), ("user_id", "users", "id")],
        not_null={"reading_id", "user_id", "question", "answer", "weight"},
    )
    db.table("answers").create_index(["reading_id"])
    db.table("answers").create_index(["user_id"])


@migrations()
def m002_processed_updates(db: Database) -> None:
    """Telegram update ids already handled, so a redelivered update is processed once."""
    db.table("processed_updates").create(
        {"update_id": int, "seen_at": str},
        pk="update_id",
        not_null={"seen_at"},
    )
    db.table("processed_updates").create_index(["seen_at"])
