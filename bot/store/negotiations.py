"""The `negotiations` table: the user's negotiation cards (minimum, ideal, start, evidence) and
the figures of the offers they received (rows of kind "offer", the figures as JSON)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from bot.domain.offers import Bonus, Money, Offer
from bot.domain.records import Negotiation
from bot.store.rows import select
from bot.store.times import iso

CARD, OFFER = "card", "offer"


class Negotiations:
    """Rows of `negotiations`; every query parameterised and scoped to its user."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        user_id: str,
        interview_id: int | None,
        card: dict[str, Any],
        now: datetime,
        offer: Offer | None = None,
    ) -> int:
        """Save a negotiation card (with the offer it was compared with) and return its id."""
        cursor = self.db.execute(
            "INSERT INTO negotiations (user_id, interview_id, minimum, ideal, start, location,"
            " evidence, kind, offer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                user_id,
                interview_id,
                card.get("minimum"),
                card.get("ideal"),
                card.get("start"),
                card.get("location"),
                card.get("evidence"),
                CARD,
                offer_json(offer) if offer else None,
                iso(now),
            ],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def add_offer(self, user_id: str, offer: Offer) -> int:
        """Save the figures of an offer for one of the user's interviews; return the row id."""
        cursor = self.db.execute(
            "INSERT INTO negotiations (user_id, interview_id, kind, offer, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            [user_id, offer.interview_id, OFFER, offer_json(offer), iso(offer.recorded_at)],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def latest_offer(self, user_id: str, interview_id: int) -> Offer | None:
        """Return the figures last recorded for an interview's offer, or None."""
        rows = list(
            select(
                self.db,
                "SELECT interview_id, offer, created_at FROM negotiations WHERE user_id = ?"
                " AND interview_id = ? AND kind = ? ORDER BY id DESC LIMIT 1",
                [user_id, interview_id, OFFER],
            )
        )
        if not rows:
            return None
        row = rows[0]
        return offer_from(
            row["interview_id"], row["offer"], datetime.fromisoformat(row["created_at"])
        )

    def for_user(self, user_id: str) -> list[Negotiation]:
        """Return the user's negotiation cards, newest first."""
        rows = select(
            self.db,
            "SELECT * FROM negotiations WHERE user_id = ? AND kind = ? ORDER BY id DESC",
            [user_id, CARD],
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


def offer_json(offer: Offer) -> str:
    """Return an offer's figures as the JSON kept in the `offer` column."""
    return json.dumps(
        {
            "base": offer.base.to_json() if offer.base else None,
            "bonus": offer.bonus.to_json() if offer.bonus else None,
            "equity": offer.equity,
            "start": offer.start,
            "benefits": offer.benefits,
            "deadline": offer.deadline.isoformat() if offer.deadline else None,
            "reminder_id": offer.reminder_id,
        }
    )


def offer_from(interview_id: int, text: str | None, recorded_at: datetime) -> Offer:
    """Read the `offer` column back; a value it cannot read is left unknown, never guessed."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}

    def words(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) and value else None

    try:
        deadline = date.fromisoformat(words("deadline") or "")
    except ValueError:
        deadline = None
    reminder = data.get("reminder_id")
    return Offer(
        interview_id=interview_id,
        recorded_at=recorded_at,
        base=Money.from_json(data.get("base")),
        bonus=Bonus.from_json(data.get("bonus")),
        equity=words("equity"),
        start=words("start"),
        benefits=words("benefits"),
        deadline=deadline,
        reminder_id=reminder if isinstance(reminder, int) else None,
    )
