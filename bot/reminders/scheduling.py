"""Keep an interview's reminder rows in step with its time and the user's settings, and
read the follow-up verdict from the stored facts (one place, so every screen agrees)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.records import Interview, User
from bot.domain.reminders import ReminderRow
from bot.rules.follow_up import FollowUpFacts, Verdict, follow_up_verdict, holiday_years
from bot.rules.holidays import user_holidays
from bot.rules.reminder_plan import Plan, plan_interview, plan_materials
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
    # A milestone already delivered stays delivered: moving the interview never sends it again.
    delivered = store.delivered_kinds(user.id, interview.id)
    still_to_come = [p for p in plan.reminders if p.kind not in delivered]
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
