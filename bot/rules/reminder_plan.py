"""The reminder planner: pure functions from an interview's times to the reminders it needs.

Everything comes in and goes out as aware UTC datetimes; the user's `ZoneInfo` is only used to
reason in local wall-clock time (day-based prep milestones, quiet hours, the follow-up morning).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.reminders import PREP_LEAD, Kind, Planned, QuietHours
from bot.rules.holidays import add_business_days

# Day-based prep milestones keep the local wall-clock time of the interview.
DEBRIEF_AFTER_END = timedelta(minutes=10)
THANK_YOU_AFTER_END = timedelta(hours=20)
FOLLOW_UP_BUSINESS_DAYS = 5
FOLLOW_UP_AT = time(10, 0)
MATERIALS_AFTER_PROMISE = timedelta(hours=3)
# A prep reminder pushed out of quiet hours lands this long before they start.
QUIET_MARGIN = timedelta(minutes=30)
# A snoozed prep reminder moved earlier out of quiet hours comes back at least this much later.
MIN_SNOOZE = timedelta(minutes=15)
LAST_CALL = timedelta(minutes=30)
"""A pre-interview reminder that is moved (out of quiet hours, by a snooze or to the next
morning) comes back at least this long before the interview starts, or not at all."""

_KIND_ORDER = {kind: index for index, kind in enumerate(Kind)}


@dataclass(frozen=True)
class Plan:
    """The reminders for one interview, and the prep milestones it was too late for."""

    reminders: tuple[Planned, ...]
    missed_prep: tuple[Kind, ...]
    compressed: bool


def _require_aware(when: datetime, name: str) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return when.astimezone(UTC)


def wall_clock_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """Turn a local wall-clock time (any tzinfo ignored) into a real UTC instant (fold=0)."""
    # A wall-clock time in a DST gap gets the offset from before the gap, so converting
    # it to UTC yields a real instant (02:30 in a 02:00->03:00 gap becomes 03:30).
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def move_out_of_quiet(local: datetime, quiet: QuietHours, earlier: bool) -> datetime:
    """Move a local wall-clock time out of quiet hours: earlier (before they start) or later."""
    moment = local.time()
    if not quiet.contains(moment):
        return local
    wraps = quiet.start > quiet.end
    day = local.date()
    if earlier:
        if wraps and moment < quiet.end:
            day -= timedelta(days=1)  # the quiet period began the evening before
        return datetime.combine(day, quiet.start, tzinfo=local.tzinfo) - QUIET_MARGIN
    if wraps and moment >= quiet.start:
        day += timedelta(days=1)  # the quiet period ends the next morning
    return datetime.combine(day, quiet.end, tzinfo=local.tzinfo)


def next_morning(now: datetime, zone: ZoneInfo, quiet: QuietHours) -> datetime:
    """Return the next local end of quiet hours (e.g. 08:00) strictly after `now`, in UTC."""
    now = _require_aware(now, "now")
    day = now.astimezone(zone).date()
    while True:
        candidate = wall_clock_to_utc(datetime.combine(day, quiet.end), zone)
        if candidate > now:
            return candidate
        day += timedelta(days=1)


def snooze_until(
    now: datetime, snooze: timedelta, kind: Kind, zone: ZoneInfo, quiet: QuietHours
) -> datetime:
    """Return when a reminder snoozed at `now` for `snooze` comes back, in UTC: out of the
    user's quiet hours the way the planner moves reminders (prep ones earlier, before the quiet
    hours start, the others later, when they end); a prep reminder whose earlier time would
    be less than MIN_SNOOZE away comes back when the quiet hours end instead."""
    now = _require_aware(now, "now")
    until = now + snooze
    local = until.astimezone(zone)
    if not quiet.contains(local.time()):
        return until
    if kind.before_interview:
        earlier = wall_clock_to_utc(move_out_of_quiet(local, quiet, earlier=True), zone)
        if earlier >= now + MIN_SNOOZE:
            return earlier
    return wall_clock_to_utc(move_out_of_quiet(local, quiet, earlier=False), zone)


@dataclass(frozen=True)
class Comeback:
    """When a moved pre-interview reminder comes back, kept before the interview."""

    at: datetime | None
    """UTC; None when no time is left before the interview (the reminder stays where it is)."""
    clamped: bool = False
    """The time asked for fell too close to or after the interview, so it comes back earlier."""


def before_interview(
    wanted: datetime, now: datetime, starts_at: datetime, zone: ZoneInfo, quiet: QuietHours
) -> Comeback:
    """Keep a pre-interview reminder moved to `wanted` before the interview: at most LAST_CALL
    before it starts (and out of quiet hours), and at least MIN_SNOOZE after `now`."""
    wanted = _require_aware(wanted, "wanted")
    limit = _require_aware(starts_at, "starts_at") - LAST_CALL
    if wanted <= limit:
        return Comeback(wanted)
    local = limit.astimezone(zone)
    if quiet.contains(local.time()):
        limit = wall_clock_to_utc(move_out_of_quiet(local, quiet, earlier=True), zone)
    if limit < _require_aware(now, "now") + MIN_SNOOZE:
        return Comeback(None)
    return Comeback(limit, clamped=True)


def dedupe_key(interview_id: int, kind: Kind, due_at: datetime) -> str:
    """Return the key that makes a planned reminder unique: interview, kind and UTC time."""
    stamp = due_at.astimezone(UTC).isoformat(timespec="seconds")
    return f"{interview_id}:{kind.value}:{stamp}"


def _planned(interview_id: int, kind: Kind, due_at: datetime) -> Planned:
    return Planned(kind=kind, due_at=due_at, dedupe_key=dedupe_key(interview_id, kind, due_at))


def _settle(
    kind: Kind,
    due_at: datetime,
    zone: ZoneInfo,
    quiet: QuietHours,
    start: datetime | None = None,
) -> datetime:
    """Return `due_at` (UTC), moved out of the user's quiet hours if it falls inside them.

    A prep reminder moves to the latest allowed time before the interview: when the quiet
    hours end, if that is still LAST_CALL before `start` (08:00 for a 09:00 interview), and
    otherwise to before they begin (the evening before). The others move to when they end.
    """
    local = due_at.astimezone(zone)
    if not quiet.contains(local.time()):
        return due_at
    if kind.before_interview and start is not None:
        later = wall_clock_to_utc(move_out_of_quiet(local, quiet, earlier=False), zone)
        if later <= start - LAST_CALL:
            return later
    moved = move_out_of_quiet(local, quiet, earlier=kind.before_interview)
    return wall_clock_to_utc(moved, zone)


def _follow_up_at(interview_day: date, zone: ZoneInfo, holidays: Container[date]) -> datetime:
    day = add_business_days(interview_day, FOLLOW_UP_BUSINESS_DAYS, holidays)
    return wall_clock_to_utc(datetime.combine(day, FOLLOW_UP_AT), zone)


def follow_up_time(day: date, zone: ZoneInfo) -> datetime:
    """Return when a follow-up reminder for `day` is due: 10:00 local, in UTC."""
    return wall_clock_to_utc(datetime.combine(day, FOLLOW_UP_AT), zone)


def plan_follow_up(interview_id: int, day: date, zone: ZoneInfo, quiet: QuietHours) -> Planned:
    """Plan a follow-up reminder for a given day (the advice's "not yet" date)."""
    due = _settle(Kind.FOLLOW_UP, follow_up_time(day, zone), zone, quiet)
    return _planned(interview_id, Kind.FOLLOW_UP, due)


def prep_due_at(kind: Kind, start: datetime, zone: ZoneInfo) -> datetime:
    """Return when the prep milestone `kind` falls before `start` (PREP_LEAD; whole days
    keep the local wall-clock time)."""
    lead = PREP_LEAD[kind]
    if lead % timedelta(days=1):
        return start - lead
    start_local = start.astimezone(zone).replace(tzinfo=None)
    return wall_clock_to_utc(start_local - lead, zone)


def _prep_due(start: datetime, zone: ZoneInfo) -> list[tuple[Kind, datetime]]:
    return [(kind, prep_due_at(kind, start, zone)) for kind in PREP_LEAD]


def plan_interview(
    interview_id: int,
    starts_at: datetime,
    duration: timedelta,
    zone: ZoneInfo,
    quiet: QuietHours,
    now: datetime,
    holidays: Container[date] = (),
    follow_up_on: date | None = None,
    follow_up: bool = True,
) -> Plan:
    """Plan the prep and post-interview reminders of one interview, skipping past milestones.

    The follow-up falls 5 business days after the interview unless `follow_up_on` names the
    day (the follow-up advice's date); `follow_up=False` plans none (no more nudges).
    """
    start = _require_aware(starts_at, "starts_at")
    now = _require_aware(now, "now")
    reminders: list[Planned] = []
    missed: list[Kind] = []
    for kind, due in _prep_due(start, zone):
        settled = _settle(kind, due, zone, quiet, start)
        if now < settled < start:
            reminders.append(_planned(interview_id, kind, settled))
        else:
            missed.append(kind)
    end = start + duration
    post = [
        (Kind.DEBRIEF, end + DEBRIEF_AFTER_END),
        (Kind.THANK_YOU, end + THANK_YOU_AFTER_END),
    ]
    if follow_up_on is not None:
        post.append((Kind.FOLLOW_UP, follow_up_time(follow_up_on, zone)))
    elif follow_up:
        post.append((Kind.FOLLOW_UP, _follow_up_at(start.astimezone(zone).date(), zone, holidays)))
    for kind, due in post:
        settled = _settle(kind, due, zone, quiet)
        if settled > now:
            reminders.append(_planned(interview_id, kind, settled))
    reminders.sort(key=lambda planned: (planned.due_at, _KIND_ORDER[planned.kind]))
    return Plan(reminders=tuple(reminders), missed_prep=tuple(missed), compressed=bool(missed))


def plan_materials(
    interview_id: int, promised_at: datetime, zone: ZoneInfo, quiet: QuietHours
) -> Planned:
    """Plan the reminder to send promised materials, 3 hours after the promise."""
    promised = _require_aware(promised_at, "promised_at")
    due = _settle(Kind.MATERIALS, promised + MATERIALS_AFTER_PROMISE, zone, quiet)
    return _planned(interview_id, Kind.MATERIALS, due)
