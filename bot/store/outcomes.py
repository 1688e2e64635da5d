"""Follow-ups, replies, outcomes, reflections and negotiation cards. Mixed into Store."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.records import OUTCOMES, Negotiation
from bot.store.rows import select
from bot.store.times import iso


class OutcomeRows:
    """Every query parameterised; every lookup scoped to its user."""

    db: Database

    # follow-ups and replies

    def add_followup(self, user_id: str, interview_id: int, sent_at: datetime) -> None:
        """Record a follow-up the user sent."""
        self.db.execute(
            "INSERT INTO followups (user_id, interview_id, sent_at) VALUES (?, ?, ?)",
            [user_id, interview_id, iso(sent_at)],
        )

    def followups(self, user_id: str, interview_id: int) -> list[datetime]:
        """Return when the user sent follow-ups for an interview, oldest first."""
        rows = select(
            self.db,
            "SELECT sent_at FROM followups WHERE user_id = ? AND interview_id = ? ORDER BY sent_at",
            [user_id, interview_id],
        )
        return [datetime.fromisoformat(r["sent_at"]) for r in rows]

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

    # outcomes

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

    def add_reflection(
        self,
        user_id: str,
        interview_id: int,
        went_well: str | None,
        improve: str | None,
        now: datetime,
    ) -> None:
        """Save what went well and what to improve after a rejection."""
        self.db.execute(
            "INSERT INTO reflections (user_id, interview_id, went_well, improve, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [user_id, interview_id, went_well, improve, iso(now)],
        )

    # negotiation

    def add_negotiation(
        self, user_id: str, interview_id: int | None, card: dict[str, Any], now: datetime
    ) -> int:
        """Save a negotiation card and return its id."""
        cursor = self.db.execute(
            "INSERT INTO negotiations (user_id, interview_id, minimum, ideal, start, location,"
            " evidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                card.get("minimum"),
                card.get("ideal"),
                card.get("start"),
                card.get("location"),
                card.get("evidence"),
                iso(now),
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def negotiations(self, user_id: str) -> list[Negotiation]:
        """Return the user's negotiation cards, newest first."""
        rows = select(
            self.db, "SELECT * FROM negotiations WHERE user_id = ? ORDER BY id DESC", [user_id]
        )
        return [
            Negotiation(
                id=r["id"],
                interview_id=r["interview_id"],
                minimum=r["minimum"],
                ideal=r["ideal"],
                start=r["start"],
                location=r["location"],
                evidence=r["evidence"],
                created_at=datetime.fromisoformat(r["created_at"]),
            )
            for r in rows
        ]
