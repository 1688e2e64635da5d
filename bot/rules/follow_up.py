"""Answer "should I follow up yet?" from the facts of one interview; pure, no clock reads."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.rules.holidays import add_business_days

VerdictKind = Literal["thank_you_first", "not_yet", "now", "stop", "replied"]
Reason = Literal[
    "deadline",
    "no_timeframe",
    "after_first_followup",
    "two_sent",
    "thank_you_due",
    "employer_replied",
]

THANK_YOU_WINDOW = timedelta(hours=24)
WAIT_BUSINESS_DAYS = 5
"""Business days to wait after the interview (no timeframe given) or after a follow-up."""
MAX_FOLLOW_UPS = 2


@dataclass(frozen=True)
class FollowUpFacts:
    """What the user told us about one interview and what happened since."""

    interview_end: datetime
    """When the interview ended; aware (UTC)."""
    thank_you_sent: bool
    decision_by: date | None = None
    """The local date by which the employer said they would decide, if they gave one."""
    followups_sent: tuple[datetime, ...] = ()
    """When each follow-up went out; aware (UTC), oldest first."""
    replied: bool = False
    """The employer answered after the last follow-up (or after the interview, if none)."""


@dataclass(frozen=True)
class Verdict:
    """One answer to "should I follow up yet?"."""

    kind: VerdictKind
    reason: Reason
    on: date | None = None
    """Local date to follow up: today for "now", later for "not_yet", else None."""
    deadline: date | None = None
    """The decision date the employer gave, if any."""
    thank_you_due_by: datetime | None = None
    """End of the interview + 24 h (aware UTC), set for "thank_you_first"."""
    thank_you_missed: bool = False
    """The thank-you note is unsent and its 24 h have passed."""


def follow_up_verdict(
    facts: FollowUpFacts,
    now: datetime,
    zone: ZoneInfo,
    holidays: Container[date] = (),
) -> Verdict:
    """Decide whether to send the thank-you, wait, follow up now, or stop nudging."""
    end = _require_aware(facts.interview_end, "interview_end")
    now = _require_aware(now, "now")
    sent = tuple(_require_aware(at, "followups_sent") for at in facts.followups_sent)
    due_by = end + THANK_YOU_WINDOW
    missed = not facts.thank_you_sent and now >= due_by
    deadline = facts.decision_by
    if facts.replied:
        return Verdict("replied", "employer_replied", deadline=deadline, thank_you_missed=missed)
    if len(sent) >= MAX_FOLLOW_UPS:
        return Verdict("stop", "two_sent", deadline=deadline, thank_you_missed=missed)
    if not facts.thank_you_sent and now < due_by:
        return Verdict(
            "thank_you_first", "thank_you_due", deadline=deadline, thank_you_due_by=due_by
        )
    reason, day = _follow_up_day(end, sent, deadline, zone, holidays)
    today = _local_day(now, zone)
    if day <= today:
        return Verdict("now", reason, on=today, deadline=deadline, thank_you_missed=missed)
    return Verdict("not_yet", reason, on=day, deadline=deadline, thank_you_missed=missed)


def _follow_up_day(
    end: datetime,
    sent: tuple[datetime, ...],
    deadline: date | None,
    zone: ZoneInfo,
    holidays: Container[date],
) -> tuple[Reason, date]:
    if sent:
        last = _local_day(sent[-1], zone)
        return "after_first_followup", add_business_days(last, WAIT_BUSINESS_DAYS, holidays)
    # Never before the thank-you is due: at the earliest the business day after its deadline.
    earliest = add_business_days(_local_day(end + THANK_YOU_WINDOW, zone), 1, holidays)
    if deadline is not None:
        return "deadline", max(add_business_days(deadline, 1, holidays), earliest)
    interview_day = _local_day(end, zone)
    day = add_business_days(interview_day, WAIT_BUSINESS_DAYS, holidays)
    return "no_timeframe", max(day, earliest)


def holiday_years(facts: FollowUpFacts, now: datetime, zone: ZoneInfo) -> range:
    """Return the years whose holidays a verdict may need, from the interview's to one after."""
    days = [_local_day(facts.interview_end, zone), _local_day(now, zone)]
    days += [_local_day(at, zone) for at in facts.followups_sent]
    if facts.decision_by is not None:
        days.append(facts.decision_by)
    return range(min(d.year for d in days), max(d.year for d in days) + 2)


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def _require_aware(at: datetime, name: str) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return at
