"""The downtime policy: is an overdue reminder still worth sending, and is it late?

Overdue because the coach was down, or because Telegram was and the send is being retried:
either way it is judged on the reminder's own due time, never on when it is tried again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from bot.domain.records import Interview
from bot.domain.reminders import PREP_LEAD, Kind

ON_TIME = timedelta(minutes=5)
"""A reminder sent at most this long after its time counts as on time."""
PREP_STOPS_BEFORE_START = timedelta(minutes=30)
"""Prep reminders (except the 2-hour one) are no use this close to the interview."""
ZERO = timedelta(0)
PREP_2H_STOPS_BEFORE_START = ZERO
"""The 2-hour reminder is useful until the interview starts."""
DEBRIEF_USEFUL_AFTER_END = timedelta(hours=24)
THANK_YOU_USEFUL_AFTER_END = timedelta(hours=24)
"""The thank-you note is due within 24 hours of the interview."""
MATERIALS_USEFUL_AFTER_END = timedelta(hours=48)

Action = Literal["send", "send_late", "skip"]


@dataclass(frozen=True)
class Decision:
    """What to do with a reminder now: send it, send it with late wording, or skip it (why)."""

    action: Action
    reason: str | None = None

    @property
    def late(self) -> bool:
        """Tell whether the reminder goes out late (the wording should say so)."""
        return self.action == "send_late"


SEND = Decision("send")
SEND_LATE = Decision("send_late")


def overdue_decision(
    kind: Kind,
    due_at: datetime,
    now: datetime,
    interview_starts_at: datetime | None,
    interview_ends_at: datetime | None,
) -> Decision:
    """Decide whether a reminder due at `due_at` is sent now, sent late, or skipped."""
    stale = _stale_reason(kind, due_at, now, interview_starts_at, interview_ends_at)
    if stale is not None:
        return Decision("skip", stale)
    return SEND if now - due_at <= ON_TIME else SEND_LATE


def _stale_reason(
    kind: Kind,
    due_at: datetime,
    now: datetime,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> str | None:
    """Return why the reminder is no longer useful at `now`, or None while it still is."""
    if kind.before_interview:
        # Without a known start, assume the interview is where the planner put it.
        start = starts_at if starts_at is not None else due_at + PREP_LEAD.get(kind, ZERO)
        if kind is Kind.PREP_2H:
            if now > start - PREP_2H_STOPS_BEFORE_START:
                return "the interview had already started by the time it could be sent"
            return None
        if now > start - PREP_STOPS_BEFORE_START:
            return "the interview was less than 30 minutes away by the time it could be sent"
        return None
    # Post-interview reminders are due after the end; without a known end, count from due_at.
    end = ends_at if ends_at is not None else due_at
    if kind is Kind.DEBRIEF and now > end + DEBRIEF_USEFUL_AFTER_END:
        return "more than 24 hours had passed since the interview by the time it could be sent"
    if kind is Kind.THANK_YOU and now > end + THANK_YOU_USEFUL_AFTER_END:
        return "the 24-hour window for a thank-you note had passed by the time it could be sent"
    if kind is Kind.MATERIALS and now > end + MATERIALS_USEFUL_AFTER_END:
        return "more than 48 hours had passed since the interview by the time it could be sent"
    return None  # FOLLOW_UP: always worth sending, late if need be


def thank_you_by(interview: Interview) -> datetime | None:
    """Return when the thank-you note is due: 24 hours after the interview ends (UTC)."""
    ends = interview.ends_at
    return ends + THANK_YOU_USEFUL_AFTER_END if ends is not None else None
