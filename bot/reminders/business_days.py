"""Business-day arithmetic: weekends and given holidays are not working days."""

from __future__ import annotations

from collections.abc import Container
from datetime import date, timedelta

_SATURDAY = 5


def is_business_day(day: date, holidays: Container[date] = ()) -> bool:
    """Tell whether `day` is a working day (Monday to Friday and not a holiday)."""
    return day.weekday() < _SATURDAY and day not in holidays


def add_business_days(start: date, days: int, holidays: Container[date] = ()) -> date:
    """Return the date `days` business days after `start` (before it when negative)."""
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    day = start
    while remaining:
        day += step
        if is_business_day(day, holidays):
            remaining -= 1
    return day
