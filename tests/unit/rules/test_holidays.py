"""Holidays and business days: the country of a time zone, its public holidays, and adding
business days.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.holidays import add_business_days, country_for_zone, holidays_for, is_business_day

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
