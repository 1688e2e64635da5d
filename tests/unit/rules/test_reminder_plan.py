"""The reminder planner: DST, quiet hours, compressed plans, dedupe keys, business days."""

# Naive datetimes are the point here: move_out_of_quiet works on local wall-clock times.
# ruff: noqa: DTZ001

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reminders import Kind, QuietHours
from bot.rules.reminder_plan import (
    Comeback,
    Plan,
    before_interview,
    move_out_of_quiet,
    next_morning,
    plan_interview,
    plan_materials,
    wall_clock_to_utc,
)

BERLIN = ZoneInfo("Europe/Berlin")
QUIET = QuietHours()  # 21:00-08:00
HOUR = timedelta(hours=1)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A Berlin wall-clock time as a UTC instant (never in a gap here)."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def wall(plan: Plan) -> dict[Kind, tuple[str, str]]:
    """Each reminder's local wall-clock time and UTC offset name, by kind."""
    out = {}
    for planned in plan.reminders:
        here = planned.due_at.astimezone(BERLIN)
        out[planned.kind] = (here.strftime("%a %Y-%m-%d %H:%M"), here.tzname() or "")
    return out


# --- the DST acceptance case: Monday 26 October 2026, the day after DST ends ---------------


def test_interview_the_monday_after_dst_ends_keeps_wall_clock_times() -> None:
    start = local(2026, 10, 26, 10)
    assert start == datetime(2026, 10, 26, 9, tzinfo=UTC)  # 10:00 CET
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(days=7))

    assert wall(plan) == {
        Kind.PREP_72H: ("Fri 2026-10-23 10:00", "CEST"),
        Kind.PREP_48H: ("Sat 2026-10-24 10:00", "CEST"),
        Kind.PREP_24H: ("Sun 2026-10-25 10:00", "CET"),
        Kind.PREP_2H: ("Mon 2026-10-26 08:00", "CET"),
        Kind.DEBRIEF: ("Mon 2026-10-26 11:10", "CET"),
        # end 11:00 + 20 h = Tue 07:00, inside quiet hours -> moved later to 08:00
        Kind.THANK_YOU: ("Tue 2026-10-27 08:00", "CET"),
        Kind.FOLLOW_UP: ("Mon 2026-11-02 10:00", "CET"),
    }
    assert [p.kind for p in plan.reminders] == [
        Kind.PREP_72H,
        Kind.PREP_48H,
        Kind.PREP_24H,
        Kind.PREP_2H,
        Kind.DEBRIEF,
        Kind.THANK_YOU,
        Kind.FOLLOW_UP,
    ]
    assert plan.missed_prep == ()
    assert plan.compressed is False
    # Day-based milestones are wall-clock, so across the change T-72h is 73 h before.
    by_kind = {p.kind: p.due_at for p in plan.reminders}
    assert start - by_kind[Kind.PREP_72H] == timedelta(hours=73)
    assert start - by_kind[Kind.PREP_24H] == timedelta(hours=24)
    assert all(p.due_at.tzinfo == UTC for p in plan.reminders)


def test_a_0900_interviews_two_hour_reminder_in_quiet_hours_moves_to_0800() -> None:
    start = local(2026, 10, 26, 9)
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(days=7))

    times = wall(plan)
    # 07:00 is quiet: the latest allowed time before the interview, never the evening before
    assert times[Kind.PREP_2H] == ("Mon 2026-10-26 08:00", "CET")
    assert start - next(p.due_at for p in plan.reminders if p.kind is Kind.PREP_2H) == HOUR


def test_two_hour_reminder_in_quiet_hours_moves_to_when_they_end_if_30_minutes_are_left() -> None:
    start = local(2026, 10, 26, 8, 30)
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(days=7))

    times = wall(plan)
    assert times[Kind.PREP_2H] == ("Mon 2026-10-26 08:00", "CET")  # 06:30 is quiet
    assert times[Kind.PREP_24H] == ("Sun 2026-10-25 08:30", "CET")
    assert times[Kind.PREP_72H] == ("Fri 2026-10-23 08:30", "CEST")
    assert times[Kind.DEBRIEF] == ("Mon 2026-10-26 09:40", "CET")
    assert [p.due_at for p in plan.reminders] == sorted(p.due_at for p in plan.reminders)


def test_with_no_time_left_after_the_quiet_hours_it_comes_the_evening_before() -> None:
    start = local(2026, 10, 26, 8, 15)  # 08:00 would be only 15 minutes before
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(days=7))
    assert wall(plan)[Kind.PREP_2H] == ("Sun 2026-10-25 20:30", "CET")


def test_a_day_based_prep_reminder_in_quiet_hours_moves_later_too() -> None:
    start = local(2026, 10, 28, 7, 0)  # an early interview: its day-based reminders at 07:00
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(days=7))
    times = wall(plan)
    assert times[Kind.PREP_24H] == ("Tue 2026-10-27 08:00", "CET")
    assert times[Kind.PREP_2H] == ("Tue 2026-10-27 20:30", "CET")  # 05:00; 08:00 is too late


@pytest.mark.parametrize(
    ("wanted", "now", "expected"),
    [
        # before the last call (30 minutes before a 10:00 start): kept
        (local(2026, 11, 28, 9, 0), local(2026, 11, 28, 8, 0), Comeback(local(2026, 11, 28, 9))),
        # after it: clamped to 09:30 and said so
        (
            local(2026, 11, 28, 10, 10),
            local(2026, 11, 28, 9, 10),
            Comeback(local(2026, 11, 28, 9, 30), clamped=True),
        ),
        # the next morning, asked for the evening before: 08:00 is fine
        (local(2026, 11, 28, 8, 0), local(2026, 11, 27, 22), Comeback(local(2026, 11, 28, 8))),
        # under 15 minutes before the last call: not moved at all
        (local(2026, 11, 28, 10, 20), local(2026, 11, 28, 9, 20), Comeback(None)),
    ],
)
def test_a_moved_prep_reminder_never_comes_back_after_the_interview(
    wanted: datetime, now: datetime, expected: Comeback
) -> None:
    start = local(2026, 11, 28, 10)
    assert before_interview(wanted, now, start, BERLIN, QUIET) == expected


def test_a_clamp_into_quiet_hours_moves_before_they_start() -> None:
    start = local(2026, 11, 28, 8, 15)  # the last call, 07:45, is quiet
    back = before_interview(
        local(2026, 11, 28, 8, 0), local(2026, 11, 27, 19), start, BERLIN, QUIET
    )
    assert back == Comeback(local(2026, 11, 27, 20, 30), clamped=True)


def test_interview_added_30_hours_ahead_gets_a_compressed_plan() -> None:
    start = local(2026, 10, 26, 10)
    plan = plan_interview(7, start, HOUR, BERLIN, QUIET, now=start - timedelta(hours=30))

    kinds = [p.kind for p in plan.reminders]
    assert Kind.PREP_72H not in kinds
    assert Kind.PREP_48H not in kinds
    assert kinds[:2] == [Kind.PREP_24H, Kind.PREP_2H]
    assert plan.missed_prep == (Kind.PREP_72H, Kind.PREP_48H)
    assert plan.compressed is True
    assert {Kind.DEBRIEF, Kind.THANK_YOU, Kind.FOLLOW_UP} <= set(kinds)


def test_milestone_due_exactly_now_is_not_created() -> None:
    start = local(2026, 10, 26, 10)
    now = start - timedelta(hours=2)
    plan = plan_interview(1, start, HOUR, BERLIN, QUIET, now=now)
    assert Kind.PREP_2H not in {p.kind for p in plan.reminders}
    assert plan.missed_prep == (Kind.PREP_72H, Kind.PREP_48H, Kind.PREP_24H, Kind.PREP_2H)


def test_past_interview_plans_only_the_post_interview_reminders_still_ahead() -> None:
    start = local(2026, 10, 26, 10)
    plan = plan_interview(1, start, HOUR, BERLIN, QUIET, now=start + timedelta(hours=3))
    assert [p.kind for p in plan.reminders] == [Kind.THANK_YOU, Kind.FOLLOW_UP]
    assert plan.compressed is True
    assert len(plan.missed_prep) == 4


def test_planning_twice_gives_identical_keys_and_rescheduling_new_ones() -> None:
    start = local(2026, 10, 26, 10)
    now = start - timedelta(days=7)
    first = plan_interview(42, start, HOUR, BERLIN, QUIET, now=now)
    again = plan_interview(42, start, HOUR, BERLIN, QUIET, now=now + timedelta(hours=1))
    assert [p.dedupe_key for p in first.reminders] == [p.dedupe_key for p in again.reminders]
    assert first == again
    assert first.reminders[0].dedupe_key == "42:prep_72h:2026-10-23T08:00:00+00:00"

    moved = plan_interview(42, start + timedelta(days=1), HOUR, BERLIN, QUIET, now=now)
    assert not {p.dedupe_key for p in first.reminders} & {p.dedupe_key for p in moved.reminders}
    # An hour later the same day: reminders whose time changed get new keys, the rest
    # (thank-you still at 08:00, follow-up still Monday 10:00) keep theirs.
    later = plan_interview(42, start + HOUR, HOUR, BERLIN, QUIET, now=now)
    shared = {p.dedupe_key for p in first.reminders} & {p.dedupe_key for p in later.reminders}
    assert {key.split(":")[1] for key in shared} == {"thank_you", "follow_up"}
    keys = [p.dedupe_key for p in first.reminders]
    assert len(set(keys)) == len(keys)


def test_quiet_hours_that_do_not_wrap_midnight() -> None:
    lunch = QuietHours(start=time(13, 0), end=time(14, 0))
    start = local(2026, 6, 10, 15, 30)  # Wed; T-2h is 13:30, inside lunch
    plan = plan_interview(3, start, timedelta(minutes=30), BERLIN, lunch, now=local(2026, 6, 1, 9))
    times = wall(plan)
    # later, when lunch ends: still 90 minutes before they start
    assert times[Kind.PREP_2H] == ("Wed 2026-06-10 14:00", "CEST")
    assert times[Kind.PREP_24H] == ("Tue 2026-06-09 15:30", "CEST")
    assert times[Kind.DEBRIEF] == ("Wed 2026-06-10 16:10", "CEST")
    # end 16:00 + 20 h = Thu 12:00: not quiet under these hours
    assert times[Kind.THANK_YOU] == ("Thu 2026-06-11 12:00", "CEST")

    assert move_out_of_quiet(datetime(2026, 6, 10, 13, 59), lunch, earlier=False) == datetime(
        2026, 6, 10, 14, 0
    )
    assert move_out_of_quiet(datetime(2026, 6, 10, 13, 0), lunch, earlier=True) == datetime(
        2026, 6, 10, 12, 30
    )
    assert move_out_of_quiet(datetime(2026, 6, 10, 14, 0), lunch, earlier=True) == datetime(
        2026, 6, 10, 14, 0
    )


@pytest.mark.parametrize(
    ("moment", "earlier", "expected"),
    [
        (datetime(2026, 3, 10, 22, 15), True, datetime(2026, 3, 10, 20, 30)),
        (datetime(2026, 3, 10, 6, 30), True, datetime(2026, 3, 9, 20, 30)),
        (datetime(2026, 3, 10, 0, 0), True, datetime(2026, 3, 9, 20, 30)),
        (datetime(2026, 3, 10, 22, 15), False, datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 10, 6, 30), False, datetime(2026, 3, 10, 8, 0)),
        (datetime(2026, 3, 10, 21, 0), False, datetime(2026, 3, 11, 8, 0)),
        (datetime(2026, 3, 10, 8, 0), True, datetime(2026, 3, 10, 8, 0)),
        (datetime(2026, 3, 10, 20, 59), False, datetime(2026, 3, 10, 20, 59)),
    ],
)
def test_move_out_of_wrapping_quiet_hours(
    moment: datetime, earlier: bool, expected: datetime
) -> None:
    assert move_out_of_quiet(moment, QUIET, earlier=earlier) == expected


def test_move_out_of_quiet_keeps_an_aware_wall_clock_in_its_zone() -> None:
    moved = move_out_of_quiet(datetime(2026, 10, 26, 6, 30, tzinfo=BERLIN), QUIET, earlier=True)
    assert moved == datetime(2026, 10, 25, 20, 30, tzinfo=BERLIN)
    assert moved.tzinfo is BERLIN


def test_no_quiet_hours_moves_nothing() -> None:
    never = QuietHours(start=time(0, 0), end=time(0, 0))
    assert move_out_of_quiet(datetime(2026, 1, 1, 3, 0), never, earlier=True) == datetime(
        2026, 1, 1, 3, 0
    )


# --- spring forward: Europe/Berlin 29 March 2026, 02:00 -> 03:00 -----------------------------


def test_prep_milestone_in_the_spring_forward_gap_is_a_real_instant() -> None:
    never = QuietHours(start=time(0, 0), end=time(0, 0))
    start = local(2026, 4, 1, 2, 30)  # Wed 02:30 CEST; T-72h would be Sun 29 March 02:30
    plan = plan_interview(5, start, HOUR, BERLIN, never, now=local(2026, 3, 20, 9))
    due = {p.kind: p.due_at for p in plan.reminders}[Kind.PREP_72H]
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert due.astimezone(BERLIN).strftime("%H:%M %Z") == "03:30 CEST"
    assert due.astimezone(BERLIN).astimezone(UTC) == due  # round-trips: it exists


def test_quiet_hours_ending_in_the_gap_give_a_real_instant() -> None:
    quiet = QuietHours(start=time(22, 0), end=time(2, 30))
    start = local(2026, 3, 28, 22, 0)  # Sat 22:00 CET; debrief 23:10 is quiet
    plan = plan_interview(5, start, HOUR, BERLIN, quiet, now=local(2026, 3, 20, 9))
    due = {p.kind: p.due_at for p in plan.reminders}[Kind.DEBRIEF]
    assert due == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # "02:30" -> 03:30 CEST
    assert next_morning(local(2026, 3, 28, 23, 0), BERLIN, quiet) == due


def test_wall_clock_to_utc_uses_the_first_occurrence_of_an_ambiguous_time() -> None:
    ambiguous = datetime(2026, 10, 25, 2, 30)
    assert wall_clock_to_utc(ambiguous, BERLIN) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


# --- next morning, materials ------------------------------------------------------------------


def test_next_morning_is_strictly_after_now() -> None:
    assert next_morning(local(2026, 10, 25, 23, 0), BERLIN, QUIET) == local(2026, 10, 26, 8)
    assert next_morning(local(2026, 10, 26, 7, 59), BERLIN, QUIET) == local(2026, 10, 26, 8)
    assert next_morning(local(2026, 10, 26, 8, 0), BERLIN, QUIET) == local(2026, 10, 27, 8)
    # Saturday evening before the change: Sunday 08:00 is already CET
    assert next_morning(local(2026, 10, 24, 22, 0), BERLIN, QUIET) == datetime(
        2026, 10, 25, 7, 0, tzinfo=UTC
    )


def test_materials_due_three_hours_after_the_promise_and_out_of_quiet_hours() -> None:
    planned = plan_materials(9, local(2026, 10, 26, 14), BERLIN, QUIET)
    assert planned.kind is Kind.MATERIALS
    assert planned.due_at == local(2026, 10, 26, 17)
    assert planned.dedupe_key == "9:materials:2026-10-26T16:00:00+00:00"

    late = plan_materials(9, local(2026, 10, 26, 19), BERLIN, QUIET)  # 22:00 -> 08:00
    assert late.due_at == local(2026, 10, 27, 8)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan_interview(1, datetime(2026, 1, 1, 10), HOUR, BERLIN, QUIET, now=local(2025, 12, 1, 9))
    with pytest.raises(ValueError, match="aware"):
        next_morning(datetime(2026, 1, 1, 10), BERLIN, QUIET)


# --- business days ------------------------------------------------------------------------------


def test_follow_up_skips_a_holiday() -> None:
    start = local(2026, 11, 23, 15)  # Mon 23 Nov; Thanksgiving 26 Nov
    plan = plan_interview(
        2, start, HOUR, BERLIN, QUIET, now=local(2026, 11, 1, 9), holidays={date(2026, 11, 26)}
    )
    assert wall(plan)[Kind.FOLLOW_UP] == ("Tue 2026-12-01 10:00", "CET")
