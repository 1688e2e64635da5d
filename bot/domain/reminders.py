"""The words of the reminder system: kinds, statuses, planned reminders, quiet hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum


class Kind(StrEnum):
    """What a reminder is for."""

    PREP_72H = "prep_72h"
    PREP_48H = "prep_48h"
    PREP_24H = "prep_24h"
    PREP_2H = "prep_2h"
    DEBRIEF = "debrief"
    THANK_YOU = "thank_you"
    MATERIALS = "materials"
    FOLLOW_UP = "follow_up"
    CUSTOM = "custom"
    """One the user asked for in their own words ("remind me tomorrow at 9 to ..."): its text
    is the row's `note`; it belongs to no interview and no re-plan moves or cancels it."""

    @property
    def before_interview(self) -> bool:
        """Prep reminders come before the interview; quiet hours move them earlier."""
        return self.value.startswith("prep_")


PREP_KINDS = (Kind.PREP_72H, Kind.PREP_48H, Kind.PREP_24H, Kind.PREP_2H)

PREP_LEAD: dict[Kind, timedelta] = {
    Kind.PREP_72H: timedelta(days=3),
    Kind.PREP_48H: timedelta(days=2),
    Kind.PREP_24H: timedelta(days=1),
    Kind.PREP_2H: timedelta(hours=2),
}
"""THE lead-time table: how long before the start each prep reminder falls, in order.

A lead of whole days keeps the local wall-clock time (across a DST change it is 71 or 73
hours); a shorter one is exact. The planner, the prep plan's due times and the downtime
policy all read it.
"""

# Reasons a reminder row is cancelled by the user (kept on the row, shown in /export).
MARKED_SENT = "marked as sent"
CANCELLED_ONE = "cancelled by the user"
STOPPED_REASON = "stopped by the user"
STOPPED_KIND_REASON = "stopped by the user (these reminders only)"
"""After "Stop…" → "only these": those kinds stay stopped when the interview is re-planned."""
"""After "Stop for this interview": the interview's reminders stay stopped when it moves."""


class Status(StrEnum):
    """Where a reminder row is in its life."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(frozen=True)
class QuietHours:
    """Local hours when no reminder is sent; may wrap past midnight (21:00-08:00)."""

    start: time = time(21, 0)
    end: time = time(8, 0)

    def contains(self, moment: time) -> bool:
        """Tell whether a local time of day is inside the quiet hours."""
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True)
class Planned:
    """A reminder the planner wants: its kind, when (UTC), and a key that makes it unique."""

    kind: Kind
    due_at: datetime
    dedupe_key: str
    note: str | None = None
    """The user's own words of a CUSTOM reminder (None for the planner's kinds)."""


@dataclass(frozen=True)
class ReminderRow:
    """A reminder as stored."""

    id: int
    user_id: str
    interview_id: int | None
    kind: Kind
    due_at: datetime
    status: Status
    attempts: int
    sent_at: datetime | None
    reason: str | None
    dedupe_key: str
    note: str | None = None
    """What a CUSTOM reminder says, in the user's words (None for the planner's kinds)."""
    next_try_at: datetime | None = None
    """When a failed send is tried again (None: at `due_at`, which stays the reminder's time)."""
    acted_at: datetime | None = None
    """When one of its buttons took effect (they act once); None while none has."""

    @property
    def try_at(self) -> datetime:
        """Return when the row is next tried: its retry time after a failed send, else due."""
        return self.next_try_at if self.next_try_at is not None else self.due_at
