"""Holidays and business days: the country from a time zone, its public holidays, and
the one business-day adder every date rule uses."""

from __future__ import annotations

from collections.abc import Container, Iterable
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import holidays as holidays_lib

from bot.domain.records import COUNTRY_KEY, User

_SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")
_TABLES = ("zone.tab", "zone1970.tab")
"""zone.tab names one country per zone, so it wins over zone1970.tab's shared zones."""


def _read_table(name: str) -> str | None:
    try:
        return (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    try:
        return (_SYSTEM_ZONEINFO / name).read_text(encoding="utf-8")
    except OSError:
        return None


def _parse(text: str) -> dict[str, str]:
    zones: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            zones.setdefault(fields[2], fields[0].split(",")[0])
    return zones


@cache
def _zone_countries() -> dict[str, str]:
    merged: dict[str, str] = {}
    for name in _TABLES:
        text = _read_table(name)
        if text is not None:
            for zone, country in _parse(text).items():
                merged.setdefault(zone, country)
    return merged


def country_for_zone(zone_name: str) -> str | None:
    """Return the ISO 3166 alpha-2 country of an IANA zone, or None (UTC, Etc/*, unknown)."""
    return _zone_countries().get(zone_name)


def holidays_for(country: str | None, years: Iterable[int]) -> set[date]:
    """Return the national public holidays of `country` in `years`; empty when unknown."""
    wanted = sorted(set(years))
    if not country or not wanted:
        return set()
    return set(_national_holidays(country.upper(), tuple(wanted)))


@cache
def _national_holidays(country: str, years: tuple[int, ...]) -> frozenset[date]:
    try:
        found = holidays_lib.country_holidays(country, years=years)
    except NotImplementedError:
        return frozenset()
    return frozenset(found.keys())


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


def user_holidays(user: User, years: range) -> set[date]:
    """Return the public holidays of the user's country (set in preferences, else from the zone)."""
    country = user.preferences.get(COUNTRY_KEY) or country_for_zone(user.timezone)
    return holidays_for(country, years)
