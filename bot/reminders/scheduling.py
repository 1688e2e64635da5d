"""Keep an interview's reminder rows in step with its time and the user's settings, add the
reminders users ask for in their own words, and read the follow-up verdict from the stored
facts (one place, so every screen agrees)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from bot.domain.records import Interview, User
from bot.domain.reminders import Kind, Planned, ReminderRow
from bot.rules.follow_up import FollowUpFacts, Verdict, follow_up_verdict, holiday_years
from bot.rules.holidays import user_holidays
from bot.rules.reminder_plan import (
    Plan,
    move_out_of_quiet,
    plan_interview,
    plan_materials,
    wall_clock_to_utc,
)
from bot.store import Store

RESCHEDULED = "rescheduled"


def replan(
    store: Store, user: User, interview: Interview, now: datetime
) -> tuple[list[ReminderRow], Plan | None]:
    """Plan (or re-plan) an interview's reminders; returns its pending rows and the plan."""
    if interview.starts_at is None or interview.status != "open":
        return [], None
    if store.reminders_stopped(user.id, interview.id):
        return [], None  # the user said "Stop for this interview": moving it changes nothing
    day, wanted = follow_up_day(store, user, interview)
    plan = plan_interview(
        interview.id,
        interview.starts_at,
        timedelta(minutes=interview.duration_min),
        user.zone,
        user.quiet,
        now,
        follow_up_on=day,
        follow_up=wanted,
    )
    # A milestone already delivered stays delivered: moving the interview never sends it again;
    # nor do kinds the user stopped ("Stop…" → only the prep reminders).
    left_out = store.delivered_kinds(user.id, interview.id) | store.stopped_kinds(
        user.id, interview.id
    )
    still_to_come = [p for p in plan.reminders if p.kind not in left_out]
    return store.plan_reminders(user.id, interview.id, still_to_come, now), plan


def follow_up_day(store: Store, user: User, interview: Interview) -> tuple[date | None, bool]:
    """Return the day the follow-up advice names (None: none yet) and whether one is wanted."""
    facts = follow_up_facts(store, user, interview)
    if facts is None:
        return None, True
    # The reminder is about the date rules; the thank-you has reminders of its own.
    settled = replace(facts, thank_you_sent=True)
    verdict = follow_up_verdict(
        settled,
        settled.interview_end,
        user.zone,
        user_holidays(user, holiday_years(settled, settled.interview_end, user.zone)),
    )
    if verdict.kind in ("not_yet", "now"):
        return verdict.on, True
    return None, False


def replan_all(store: Store, user: User, now: datetime) -> tuple[list[ReminderRow], int]:
    """Re-plan every open interview of a user (their timezone or quiet hours changed)."""
    rows: list[ReminderRow] = []
    moved = 0
    for interview in store.interviews(user.id):
        found, plan = replan(store, user, interview, now)
        rows += found
        moved += plan is not None
    return rows, moved


def remind_materials(
    store: Store, user: User, interview: Interview, now: datetime
) -> ReminderRow | None:
    """Add the nudge to send promised materials, a few hours from now."""
    planned = plan_materials(interview.id, now, user.zone, user.quiet)
    return store.add_reminder(user.id, interview.id, planned, now)


CUSTOM_KEY_PREFIX = "custom:"


@dataclass(frozen=True)
class CustomTime:
    """When a reminder the user asked for goes out, and how that relates to quiet hours."""

    due_at: datetime
    """UTC."""
    in_quiet: bool
    """The time they named falls in their quiet hours: it is kept (they asked for it)."""
    moved: bool
    """The time the coach chose (no time was named) fell in their quiet hours and was moved
    to when they end."""


def custom_time(user: User, asked: datetime, time_given: bool) -> CustomTime:
    """Decide when a reminder asked for in words goes out. A time the user named is kept even
    inside their quiet hours (they asked for that moment; the coach says so); a time the
    coach chose for a day named alone moves to the end of the quiet hours instead."""
    local = asked.astimezone(user.zone)
    if not user.quiet.contains(local.time()):
        return CustomTime(asked, in_quiet=False, moved=False)
    if time_given:
        return CustomTime(asked, in_quiet=True, moved=False)
    later = move_out_of_quiet(local.replace(tzinfo=None), user.quiet, earlier=False)
    return CustomTime(wall_clock_to_utc(later, user.zone), in_quiet=False, moved=True)


def remind_custom(
    store: Store, user: User, due_at: datetime, note: str, now: datetime
) -> ReminderRow | None:
    """Add a reminder the user asked for in their own words. It belongs to no interview, so
    no re-plan, interview move, close or "Stop for this interview" touches it; its key is
    unique to it (two alike requests make two reminders)."""
    planned = Planned(Kind.CUSTOM, due_at, f"{CUSTOM_KEY_PREFIX}{uuid4().hex}", note)
    return store.add_reminder(user.id, None, planned, now)


def follow_up_facts(store: Store, user: User, interview: Interview) -> FollowUpFacts | None:
    """Gather what the follow-up advice depends on; None until the interview has a time."""
    if interview.ends_at is None:
        return None
    return FollowUpFacts(
        interview_end=interview.ends_at,
        thank_you_sent=interview.thank_you_sent_at is not None,
        decision_by=interview.decision_by,
        followups_sent=tuple(store.followups(user.id, interview.id)),
        replied=store.replied_at(user.id, interview.id) is not None,
    )


def verdict_for(store: Store, user: User, interview: Interview, now: datetime) -> Verdict | None:
    """Return the follow-up verdict for an interview, in the user's timezone and holidays."""
    facts = follow_up_facts(store, user, interview)
    if facts is None:
        return None
    zone = ZoneInfo(user.timezone)
    holidays = user_holidays(user, holiday_years(facts, now, zone))
    return follow_up_verdict(facts, now, zone, holidays)
