"""Snoozing a reminder keeps it out of the user's quiet hours, as the planner does."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reminders import Kind, QuietHours
from bot.rules.reminder_plan import snooze_until

BERLIN = ZoneInfo("Europe/Berlin")  # UTC+1 in December
HOUR = timedelta(hours=1)
NIGHT = QuietHours()  # 21:00-08:00


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("kind", "now", "until"),
    [
        (Kind.DEBRIEF, local(3, 14), local(3, 15)),  # outside quiet hours: an hour
        (Kind.DEBRIEF, local(3, 20, 30), local(4, 8)),  # later: when the quiet hours end
        (Kind.THANK_YOU, local(4, 6, 30), local(4, 8)),
        (Kind.FOLLOW_UP, local(3, 23), local(4, 8)),
        (Kind.PREP_24H, local(3, 20), local(3, 20, 30)),  # earlier: before they start
        (Kind.PREP_24H, local(3, 20, 20), local(4, 8)),  # earlier would be under 15 min
        (Kind.PREP_2H, local(4, 6), local(4, 8)),  # earlier would be in the past
    ],
)
def test_a_snooze_ending_in_quiet_hours_moves_out_of_them(
    kind: Kind, now: datetime, until: datetime
) -> None:
    assert snooze_until(now.astimezone(UTC), HOUR, kind, BERLIN, NIGHT) == until


def test_without_quiet_hours_a_snooze_is_an_hour() -> None:
    off = QuietHours(start=time(0, 0), end=time(0, 0))
    now = local(3, 20, 30).astimezone(UTC)
    assert snooze_until(now, HOUR, Kind.DEBRIEF, BERLIN, off) == now + HOUR


def test_a_snooze_uses_the_users_own_quiet_hours() -> None:
    late_owl = QuietHours(start=time(23, 30), end=time(7, 0))
    now = local(3, 22, 0).astimezone(UTC)
    assert snooze_until(now, HOUR, Kind.DEBRIEF, BERLIN, late_owl) == now + HOUR
    now = local(3, 23, 0).astimezone(UTC)
    assert snooze_until(now, HOUR, Kind.DEBRIEF, BERLIN, late_owl) == local(4, 7)
