"""Finding a timezone from what users type (a zone name, a city, an offset) or a location."""

from __future__ import annotations

import math
import zoneinfo
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.problems import Refusal
from bot.parsing import ZoneMatch, parse_zone, zone_at
from bot.parsing.zones import ABBREVIATIONS, Ambiguous, ambiguous_zones, parse_region
from bot.rules.holidays import HolidayRegion
from tests.support.parsing import refusal


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("ASIA/KOLKATA", "Asia/Kolkata"),
        ("UTC", "UTC"),
    ],
)
def test_iana_names(text: str, name: str) -> None:
    assert parse_zone(text) == ZoneMatch(name, "iana")


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("Berlin", "Europe/Berlin", "Berlin, DE"),
        ("new york", "America/New_York", "New York City, US"),
        ("São Paulo", "America/Sao_Paulo", "São Paulo, BR"),
        ("Sao Paulo", "America/Sao_Paulo", "São Paulo, BR"),
        ("Bengaluru", "Asia/Kolkata", "Bengaluru, IN"),
        ("Bangalore", "Asia/Kolkata", "Bengaluru, IN"),
        ("Mumbai", "Asia/Kolkata", "Mumbai, IN"),
        ("Tokyo", "Asia/Tokyo", "Tokyo, JP"),
        ("zurich", "Europe/Zurich", "Zürich, CH"),
        ("Portland", "America/Los_Angeles", "Portland, US"),
        ("Portland, ME", "America/New_York", "Portland, US"),
        ("St Petersburg, Russia", "Europe/Moscow", "Saint Petersburg, RU"),
    ],
)
def test_cities(text: str, name: str, place: str) -> None:
    assert parse_zone(text) == ZoneMatch(name, "city", place)


@pytest.mark.parametrize(
    ("text", "name", "hours"),
    [
        ("UTC+2", "Etc/GMT-2", 2.0),
        ("GMT-5", "Etc/GMT+5", -5.0),
        ("-3", "Etc/GMT+3", -3.0),
        ("+14", "Etc/GMT-14", 14.0),
        ("utc-12", "Etc/GMT+12", -12.0),
        ("UTC+0", "Etc/UTC", 0.0),
        ("+05:30", "Asia/Kolkata", 5.5),
        ("UTC+5:30", "Asia/Kolkata", 5.5),
        ("+0545", "Asia/Kathmandu", 5.75),
        ("-03:30", "America/St_Johns", None),  # observes DST; -3:30 in winter
        ("GMT+9:30", "Australia/Darwin", 9.5),
    ],
)
def test_offsets(text: str, name: str, hours: float | None) -> None:
    assert parse_zone(text) == ZoneMatch(name, "offset")
    if hours is not None:
        offset = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo(name)).utcoffset()
        assert offset == timedelta(hours=hours)


@pytest.mark.parametrize(
    "text", ["UTC+15", "-13", "+04:15", "UTC+2:75", "Xyzzyville", "not a zone at all"]
)
def test_unknown_zones(text: str) -> None:
    assert refusal(parse_zone(text)) == Refusal("unknown_timezone", {"given": text})


def test_zone_empty_and_too_long() -> None:
    assert refusal(parse_zone("  ")).key == "empty"
    assert refusal(parse_zone("x" * 65)).key == "too_long"


def test_zone_at_coordinates() -> None:
    assert zone_at(52.52, 13.40) == ZoneMatch("Europe/Berlin", "location")
    assert zone_at(19.07, 72.88) == ZoneMatch("Asia/Kolkata", "location")


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91.0, 0.0), (0.0, 181.0), (-90.5, 10.0), (math.nan, 0.0)]
)
def test_zone_at_invalid_coordinates(latitude: float, longitude: float) -> None:
    assert zone_at(latitude, longitude) == Refusal("unknown_place")


# abbreviations: asked about when several zones use them, never guessed


def test_ist_is_ambiguous_not_istanbul() -> None:
    found = parse_zone("IST")
    assert found == Ambiguous("IST", ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"))
    assert parse_zone("ist") == found
    assert isinstance(found, Ambiguous)
    assert found.name == "ambiguous:IST"
    assert ambiguous_zones(found.name) == found.zones


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("BST", "Europe/London"),
        ("CST", "America/Chicago"),
        ("EST", "America/New_York"),  # the IANA name EST is a fixed offset with no country
        ("EDT", "America/New_York"),
        ("PST", "America/Los_Angeles"),
        ("AST", "America/Halifax"),
        ("AEST", "Australia/Sydney"),
    ],
)
def test_ambiguous_abbreviations_list_their_zones(text: str, zone: str) -> None:
    found = parse_zone(text)
    assert isinstance(found, Ambiguous), found
    assert found.abbreviation == text and zone in found.zones and len(found.zones) > 1


def test_an_abbreviation_of_one_zone_is_read_directly() -> None:
    assert parse_zone("JST") == ZoneMatch("Asia/Tokyo", "abbreviation")
    assert parse_zone("nzdt") == ZoneMatch("Pacific/Auckland", "abbreviation")


def test_every_abbreviation_names_real_zones() -> None:
    known = zoneinfo.available_timezones()
    assert all(zone in known for zones in ABBREVIATIONS.values() for zone in zones)
    assert ambiguous_zones("Europe/Berlin") == ambiguous_zones("ambiguous:XYZ") == ()


# holiday regions typed by the user


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Germany", HolidayRegion("DE")),
        ("de", HolidayRegion("DE")),
        ("UK", HolidayRegion("GB")),
        ("USA", HolidayRegion("US")),
        ("england", HolidayRegion("GB", "ENG")),
        ("Scotland", HolidayRegion("GB", "SCT")),
        ("Ontario", HolidayRegion("CA", "ON")),
        ("Québec", HolidayRegion("CA", "QC")),
        ("quebec", HolidayRegion("CA", "QC")),
        ("CA-ON", HolidayRegion("CA", "ON")),
        ("gb eng", HolidayRegion("GB", "ENG")),
        ("New South Wales", HolidayRegion("AU", "NSW")),
        ("Punjab, India", HolidayRegion("IN", "PB")),
        ("ON, Canada", HolidayRegion("CA", "ON")),
        ("La Rioja, ES", HolidayRegion("ES", "RI")),
    ],
)
def test_regions(text: str, region: HolidayRegion) -> None:
    assert parse_region(text) == region


def test_region_refusals() -> None:
    assert refusal(parse_region(" ")).key == "empty"
    assert refusal(parse_region("x" * 65)).key == "too_long"
    assert parse_region("Atlantis") == Refusal("unknown_region", {"given": "Atlantis"})
    assert parse_region("Ontario, Germany") == Refusal(
        "unknown_region", {"given": "Ontario, Germany"}
    )
    assert parse_region("La Rioja") == Refusal(
        "ambiguous_region",
        {"given": "La Rioja", "options": ["La Rioja, Argentina", "La Rioja, Spain"]},
    )
    assert parse_region("Netherlands Antilles") == Refusal(
        "no_holiday_calendar", {"name": "Netherlands Antilles"}
    )
