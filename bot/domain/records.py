"""The records the coach keeps: users, interviews, readings, stories, negotiation cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.reminders import QuietHours

QUIET_HOURS_KEY = "quiet_hours"
COUNTRY_KEY = "country"
SUBDIVISION_KEY = "subdivision"
"""Preference keys: the quiet hours, and the country whose holidays count (else the zone's)
with the subdivision of it (a state, province or nation; None for national holidays only)."""
ZONE_GUESS_KEY = "zone_guess"
"""A timezone guessed from the user's app language, offered as a button until they answer."""
EDIT_NOTED_KEY = "edit_noted"
"""Set once the user was told that edited messages are not re-read: the note comes once."""
ZONE_CONFIRMED_KEY = "zone_confirmed"
"""Set once the user has told the coach their timezone (UTC too), so it is asked only once."""
NAME_KEY = "name"
"""The name the user's notes are signed with: the first name the transport gives (Telegram),
until the user types one themselves."""
NAME_CHOSEN_KEY = "name_chosen"
"""Set once the user has typed the name to sign with, so the transport's never replaces it."""
UNSEEN_KEY = "unseen_question"
"""The open question (its qualified state) whose message never reached the user: the transport
failed to deliver the turn's replies. Their next typed message is not filed under it."""


@dataclass(frozen=True)
class User:
    """A person using the coach."""

    id: str
    timezone: str
    preferences: dict[str, Any]
    active: bool
    created_at: datetime

    @property
    def zone_known(self) -> bool:
        """Tell whether the user has told the coach their timezone (else it is still UTC)."""
        return self.timezone != "UTC" or bool(self.preferences.get(ZONE_CONFIRMED_KEY))

    @property
    def zone(self) -> ZoneInfo:
        """Return the user's timezone."""
        return ZoneInfo(self.timezone)

    @property
    def name(self) -> str | None:
        """Return the name the user's notes are signed with, or None while it is unknown."""
        saved = self.preferences.get(NAME_KEY)
        return saved if isinstance(saved, str) and saved else None

    @property
    def quiet(self) -> QuietHours:
        """Return the user's quiet hours (default 21:00-08:00)."""
        saved = self.preferences.get(QUIET_HOURS_KEY)
        if not isinstance(saved, list) or len(saved) != 2:
            return QuietHours()
        return QuietHours(time.fromisoformat(saved[0]), time.fromisoformat(saved[1]))


@dataclass(frozen=True)
class Promise:
    """Something the user promised to send after an interview, and the day it is due by (in
    their timezone), when they said one: "a short write-up by Monday"."""

    item: str
    due: date | None = None


@dataclass(frozen=True)
class Interview:
    """One interview a user tracks."""

    id: int
    user_id: str
    company: str
    role: str
    round: str | None
    status: str
    created_at: datetime
    starts_at: datetime | None = None
    duration_min: int = 60
    format: str | None = None
    interviewers: str | None = None
    decision_by: date | None = None
    decision_note: str | None = None
    discussion_point: str | None = None
    promised_materials: str | None = None
    """The promised materials as the user typed them (the nudge is armed while set)."""
    materials: tuple[Promise, ...] = ()
    """The promised materials read as items, each with the local day it is due by, if said."""
    thank_you_sent_at: datetime | None = None
    materials_sent_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def ends_at(self) -> datetime | None:
        """Return the expected end (start plus expected length), in UTC."""
        if self.starts_at is None:
            return None
        return self.starts_at + timedelta(minutes=self.duration_min)


@dataclass(frozen=True)
class AnswerRow:
    """One answer of a reading."""

    question: str
    answer: str
    weight: float


@dataclass(frozen=True)
class Reading:
    """One completed signal check."""

    id: int
    user_id: str
    interview_id: int
    score: int
    band: str
    created_at: datetime


@dataclass(frozen=True)
class Story:
    """A STAR story the user wrote."""

    id: int
    interview_id: int | None
    situation: str
    task: str
    action: str
    result: str
    created_at: datetime
    title: str | None = None
    """A few words to recognise it by ("Cut onboarding time"); None for older stories."""
    tag: str | None = None
    """The question it answers (a choice id of dialogs/stories.yaml: "conflict")."""


OUTCOMES = ("offer", "rejected", "ghosted", "withdrawn")


@dataclass(frozen=True)
class Negotiation:
    """A negotiation card: what the user wants and why they are worth it."""

    id: int
    interview_id: int | None
    minimum: str | None
    ideal: str | None
    start: str | None
    location: str | None
    evidence: str | None
    created_at: datetime
