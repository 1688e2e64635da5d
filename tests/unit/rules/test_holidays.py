"""Holidays and business days: the country of a time zone, its public holidays, and adding
business days.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.records import User
from bot.rules.follow_up import FollowUpFacts, follow_up_verdict, holiday_years
from bot.rules.holiday_regions import ZONE_REGIONS
from bot.rules.holidays import (
    HolidayRegion,
    add_business_days,
    country_for_zone,
    holiday_region,
    holidays_for,
    is_business_day,
    is_supported,
    region_for_zone,
    user_holidays,
)

# countries and holidays


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("America/New_York", "US"),
        ("Europe/Berlin", "DE"),
        ("Asia/Kolkata", "IN"),
        ("Etc/GMT-2", None),
        ("UTC", None),
        ("Nowhere/Atlantis", None),
    ],
)
def test_country_for_zone(zone: str, country: str | None) -> None:
    assert country_for_zone(zone) == country


def test_shared_zone_prefers_zone_tab_single_country() -> None:
    # zone1970.tab lists Asia/Dubai for AE,OM,RE,SC,TF; zone.tab names AE alone.
    assert country_for_zone("Asia/Dubai") == "AE"


def test_holidays_for_us_includes_thanksgiving() -> None:
    assert date(2026, 11, 26) in holidays_for("US", [2026])


def test_holidays_for_de_includes_easter_weekend() -> None:
    assert {date(2026, 4, 3), date(2026, 4, 6)} <= holidays_for("DE", [2026])


@pytest.mark.parametrize("country", [None, "", "XX"])
def test_holidays_for_unknown_country_is_empty(country: str | None) -> None:
    assert holidays_for(country, [2026]) == set()


# business days


def test_business_days_skip_weekends_and_holidays() -> None:
    thanksgiving = {date(2026, 11, 26)}
    assert add_business_days(date(2026, 11, 23), 5, thanksgiving) == date(2026, 12, 1)
    assert add_business_days(date(2026, 11, 23), 5) == date(2026, 11, 30)
    assert add_business_days(date(2026, 10, 26), 5) == date(2026, 11, 2)
    assert add_business_days(date(2026, 10, 23), 1) == date(2026, 10, 26)  # Fri -> Mon
    assert add_business_days(date(2026, 10, 24), 1) == date(2026, 10, 26)  # Sat -> Mon
    assert add_business_days(date(2026, 10, 26), 0) == date(2026, 10, 26)
    assert add_business_days(date(2026, 10, 26), -1) == date(2026, 10, 23)
    assert add_business_days(date(2026, 12, 23), 2, [date(2026, 12, 24), date(2026, 12, 25)]) == (
        date(2026, 12, 29)
    )
    assert is_business_day(date(2026, 11, 26)) is True
    assert is_business_day(date(2026, 11, 26), thanksgiving) is False
    assert is_business_day(date(2026, 11, 28)) is False


# regions: country and subdivision from the zone, or the user's own choice

EASTER_MONDAY_2027 = date(2027, 3, 29)
SUMMER_BANK_HOLIDAY_2027 = date(2027, 8, 30)
THANKSGIVING_CA_2026 = date(2026, 10, 12)


def user_in(zone: str, **preferences: Any) -> User:
    """A user in `zone` with these preferences."""
    created = datetime(2026, 1, 1, tzinfo=UTC)
    return User("test:alice", zone, dict(preferences), True, created)


@pytest.mark.parametrize(
    ("zone", "region"),
    [
        ("Europe/London", HolidayRegion("GB", "ENG")),
        ("America/Toronto", HolidayRegion("CA", "ON")),
        ("America/Vancouver", HolidayRegion("CA", "BC")),
        ("Australia/Sydney", HolidayRegion("AU", "NSW")),
        ("Australia/Melbourne", HolidayRegion("AU", "VIC")),
        ("Pacific/Auckland", HolidayRegion("NZ")),
        ("Europe/Berlin", HolidayRegion("DE")),
        ("Europe/Madrid", HolidayRegion("ES")),
        ("Atlantic/Canary", HolidayRegion("ES", "CN")),
        ("America/New_York", HolidayRegion("US")),
        ("Pacific/Honolulu", HolidayRegion("US", "HI")),
        ("Asia/Kolkata", HolidayRegion("IN")),
        ("Europe/Dublin", HolidayRegion("IE")),  # not in the table: zone.tab's country
        ("Etc/GMT+5", None),
        ("UTC", None),
    ],
)
def test_region_for_zone(zone: str, region: HolidayRegion | None) -> None:
    assert region_for_zone(zone) == region


@pytest.mark.parametrize(("zone", "listed"), sorted(ZONE_REGIONS.items()))
def test_every_listed_zone_exists_and_the_package_has_its_calendar(
    zone: str, listed: tuple[str, str | None]
) -> None:
    assert zone in zoneinfo.available_timezones()
    region = HolidayRegion(*listed)
    assert is_supported(region)
    assert country_for_zone(zone) in (region.country, None)  # None: an alias zone.tab omits
    assert holidays_for(region.country, [2027], region.subdiv)


def test_region_names() -> None:
    assert (HolidayRegion("GB", "ENG").name, HolidayRegion("GB", "ENG").country_name) == (
        "England",
        "United Kingdom",
    )
    assert HolidayRegion("CA", "ON").name == "Ontario"
    assert HolidayRegion("DE").name == "Germany"


def test_subdivision_holidays_are_cached_apart_from_national_ones() -> None:
    national = holidays_for("GB", [2027])
    england = holidays_for("GB", [2027], "ENG")
    assert EASTER_MONDAY_2027 not in national
    assert {EASTER_MONDAY_2027, SUMMER_BANK_HOLIDAY_2027} <= england
    assert holidays_for("GB", [2027]) == national
    assert holidays_for("GB", [2027], "XX") == set()


def test_london_has_englands_easter_monday_and_summer_bank_holiday() -> None:
    holidays = user_holidays(user_in("Europe/London"), range(2027, 2028))
    assert not is_business_day(EASTER_MONDAY_2027, holidays)
    assert not is_business_day(SUMMER_BANK_HOLIDAY_2027, holidays)
    # Thursday before Easter + 1 business day: past Good Friday, the weekend and Easter Monday.
    assert add_business_days(date(2027, 3, 25), 1, holidays) == date(2027, 3, 30)


def test_toronto_has_ontarios_thanksgiving_victoria_day_and_boxing_day() -> None:
    holidays = user_holidays(user_in("America/Toronto"), range(2026, 2027))
    assert not is_business_day(THANKSGIVING_CA_2026, holidays)
    assert not is_business_day(date(2026, 5, 18), holidays)  # Victoria Day
    assert date(2026, 12, 26) in holidays  # Boxing Day (a Saturday, observed on Monday 28)
    assert not is_business_day(date(2026, 12, 28), holidays)


def test_the_users_choice_beats_the_zone() -> None:
    scot = user_in("Europe/London", country="GB", subdivision="SCT")
    assert holiday_region(scot) == HolidayRegion("GB", "SCT")
    # 2 January is a Scottish bank holiday, Easter Monday is not.
    holidays = user_holidays(scot, range(2027, 2028))
    assert date(2027, 1, 4) in holidays  # 2 Jan 2027 is a Saturday: observed on Monday 4
    assert EASTER_MONDAY_2027 not in holidays
    national = user_in("America/Toronto", country="CA")
    assert THANKSGIVING_CA_2026 not in user_holidays(national, range(2026, 2027))


def test_a_choice_holds_until_the_zone_implies_another_calendar() -> None:
    quebec = user_in("America/Toronto", country="CA", subdivision="QC")
    assert holiday_region(quebec, "America/Toronto") == HolidayRegion("CA", "QC")
    assert holiday_region(quebec, "America/Montreal") == HolidayRegion("CA", "QC")
    assert holiday_region(quebec, "Etc/GMT+5") == HolidayRegion("CA", "QC")  # no country
    assert holiday_region(quebec, "America/Vancouver") == HolidayRegion("CA", "BC")
    assert holiday_region(user_in("Etc/GMT+5")) is None
    assert user_holidays(user_in("Etc/GMT+5"), range(2026, 2027)) == set()


# the follow-up verdict with the user's regional holidays


def no_timeframe_verdict(user: User, year: int, month: int, day: int) -> date | None:
    """The follow-up day after an interview ending at 16:00 local on that day (no timeframe),
    asked the next morning, with the user's own holidays."""
    zone = ZoneInfo(user.timezone)
    end = datetime(year, month, day, 16, 0, tzinfo=zone).astimezone(UTC)
    facts = FollowUpFacts(interview_end=end, thank_you_sent=True)
    now = datetime(year, month, day + 1, 9, 0, tzinfo=zone).astimezone(UTC)
    holidays = user_holidays(user, holiday_years(facts, now, zone))
    verdict = follow_up_verdict(facts, now, zone, holidays)
    assert verdict.kind == "not_yet"
    return verdict.on


def test_follow_up_in_london_skips_easter_monday() -> None:
    # Monday 22 March 2027 + 5 business days: Good Friday and Easter Monday don't count.
    assert no_timeframe_verdict(user_in("Europe/London"), 2027, 3, 22) == date(2027, 3, 31)


def test_follow_up_in_london_skips_the_summer_bank_holiday() -> None:
    # Monday 23 August 2027 + 5 business days: Monday 30 August doesn't count.
    assert no_timeframe_verdict(user_in("Europe/London"), 2027, 8, 23) == date(2027, 8, 31)


def test_follow_up_in_toronto_skips_thanksgiving() -> None:
    # Monday 5 October 2026 + 5 business days: Thanksgiving (Monday 12) doesn't count.
    assert no_timeframe_verdict(user_in("America/Toronto"), 2026, 10, 5) == date(2026, 10, 13)
