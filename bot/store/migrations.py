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


@migrations()
def m003_schedules(db: Database) -> None:
    """Interview times and details, reminders, prep-plan progress and STAR stories."""
    interviews = db.table("interviews")
    interviews.add_column("starts_at", str)  # UTC ISO 8601; NULL until a time is given
    interviews.add_column("duration_min", int, not_null_default=60)
    interviews.add_column("format", str)
    interviews.add_column("interviewers", str)
    interviews.add_column("decision_by", str)  # the user's local date (ISO) they were given
    interviews.add_column("decision_note", str)  # the timeframe as the user typed it
    interviews.add_column("discussion_point", str)
    interviews.add_column("promised_materials", str)
    interviews.add_column("thank_you_sent_at", str)
    interviews.add_column("materials_sent_at", str)
    interviews.add_column("closed_at", str)
    db.table("reminders").create(
        {
            "id": int,
            "user_id": str,
            "interview_id": int,
            "kind": str,  # prep_72h | prep_48h | prep_24h | prep_2h | debrief | thank_you | ...
            "due_at": str,  # UTC ISO 8601, after quiet hours were applied
            "status": str,  # pending | sending | sent | skipped | cancelled | failed
            "attempts": int,
            "sent_at": str,
            "reason": str,  # why it was skipped, cancelled or failed
            "dedupe_key": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={
            "user_id",
            "kind",
            "due_at",
            "status",
            "attempts",
            "dedupe_key",
            "created_at",
            "updated_at",
        },
        defaults={"status": "pending", "attempts": 0},
    )
    db.table("reminders").create_index(["dedupe_key"], unique=True)
    db.table("reminders").create_index(["status", "due_at"])
    db.table("reminders").create_index(["user_id", "status"])
    db.table("reminders").create_index(["interview_id"])
    db.table("prep_items").create(
        {"id": int, "user_id": str, "interview_id": int, "item": str, "done_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "interview_id", "item", "done_at"},
    )
    db.table("prep_items").create_index(["interview_id", "item"], unique=True)
    db.table("prep_items").create_index(["user_id"])
    db.table("stories").create(
        {
            "id": int,
            "user_id": str,
            "interview_id": int,
            "situation": str,
            "task": str,
            "action": str,
            "result": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "situation", "task", "action", "result", "created_at"},
    )
    db.table("stories").create_index(["user_id"])


@migrations()
def m004_outcomes(db: Database) -> None:
    """Follow-ups sent, replies, outcomes, reflections and negotiation cards."""
    interviews = db.table("interviews")
    interviews.add_column("replied_at", str)  # the employer answered a follow-up
    interviews.add_column("outcome", str)  # offer | rejected | ghosted | withdrawn
    interviews.add_column("outcome_at", str)
    db.table("followups").create(
        {"id": int, "user_id": str, "interview_id": int, "sent_at": str},
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "interview_id", "sent_at"},
    )
    db.table("followups").create_index(["interview_id"])
    db.table("followups").create_index(["user_id"])
    db.table("reflections").create(
        {
            "id": int,
            "user_id": str,
            "interview_id": int,
            "went_well": str,
            "improve": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "created_at"},
    )
    db.table("reflections").create_index(["user_id"])
    db.table("negotiations").create(
        {
            "id": int,
            "user_id": str,
            "interview_id": int,
            "minimum": str,
            "ideal": str,
            "start": str,
            "location": str,
            "evidence": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("user_id", "users", "id"), ("interview_id", "interviews", "id")],
        not_null={"user_id", "created_at"},
    )
    db.table("negotiations").create_index(["user_id"])


@migrations()
def m005_reminder_lookup(db: Database) -> None:
    """Index a user's pending reminders by time: listing them must not scan every user's."""
    db.execute("DROP INDEX IF EXISTS idx_reminders_user_id_status")
    db.table("reminders").create_index(["user_id", "status", "due_at"])


@migrations()
def m006_parked_questions(db: Database) -> None:
    """A question put aside when the user asked for something else, to come back to."""
    db.table("parked_questions").create(
        {
            "user_id": str,
            "state": str,  # the dialog state as JSON, as in dialog_state
            "text": str,  # a message it could not place, kept to answer the question with
            "parked_at": str,
        },
        pk="user_id",
        foreign_keys=[("user_id", "users", "id")],
        not_null={"state", "parked_at"},
    )


@migrations()
def m007_reminder_note(db: Database) -> None:
    """The words of a reminder the user asked for ("to send the portfolio"); NULL for the
    planner's kinds. Such a reminder belongs to no interview (interview_id NULL)."""
    db.table("reminders").add_column("note", str)


@migrations()
def m008_promised_items(db: Database) -> None:
    """The promised materials read as items, each with its due day: a JSON list of
    {"item": "a short write-up", "due": "2026-11-30" or null}; NULL before a debrief."""
    db.table("interviews").add_column("materials", str)


@migrations()
def m009_story_details(db: Database) -> None:
    """A STAR story's title and the question it answers (a tag such as "conflict"), and when
    it was last improved; whether it counts is read from its words, never stored."""
    stories = db.table("stories")
    stories.add_column("title", str)
    stories.add_column("tag", str)
    stories.add_column("updated_at", str)


@migrations()
def m010_offer_figures(db: Database) -> None:
    """An offer's figures, kept in `negotiations`: a row is either a negotiation card
    (kind "card") or the figures of an offer for an interview (kind "offer"), as JSON in
    `offer` ({"base": {"amount", "currency"}, "bonus", "equity", "start", "benefits",
    "deadline": ISO date, "reminder_id"}); a card keeps the offer it was compared with."""
    negotiations = db.table("negotiations")
    negotiations.add_column("kind", str, not_null_default="card")
    negotiations.add_column("offer", str)
    negotiations.create_index(["user_id", "interview_id", "kind"])


@migrations()
def m011_reminder_retries(db: Database) -> None:
    """A reminder's next try apart from its due time, and when its buttons were used.

    `next_try_at` is when a failed send is tried again (NULL: at `due_at`); `due_at` keeps the
    time the reminder was for, so the downtime policy sees how late a retried one is.
    `acted_at` is when one of its buttons took effect: a reminder's buttons act once. The
    sweep reads pending rows by their next try, through an index on that expression."""
    reminders = db.table("reminders")
    reminders.add_column("next_try_at", str)
    reminders.add_column("acted_at", str)
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_reminders_pending_next_try"
        " ON reminders (coalesce(next_try_at, due_at), id) WHERE status = 'pending'"
    )
