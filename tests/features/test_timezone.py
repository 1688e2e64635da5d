"""/timezone: the zone (a name, a city or an offset) and the quiet hours, saved and confirmed."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.domain.reminders import Kind
from bot.rules.holidays import HolidayRegion, holiday_region, user_holidays
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE


def test_timezone_is_saved_and_confirmed(alice: Driver, store: Store) -> None:
    alice.send("/timezone")
    assert "UTC" in alice.text
    alice.send("Mars/Olympus")
    assert "don't recognise" in alice.text
    alice.expect("timezone:ask")
    alice.send("europe/berlin")
    alice.expect("timezone:holidays")
    assert "Europe/Berlin" in alice.text
    assert "public holidays of <b>Germany</b>" in alice.text
    alice.click("Keep these holidays")
    alice.expect("timezone:quiet")
    assert "between <b>21:00</b> and <b>08:00</b>" in alice.text
    alice.send("sometimes")
    assert "couldn't read those hours" in alice.text
    alice.expect("timezone:quiet")
    alice.send("22:00-07:00")
    assert "Europe/Berlin" in alice.text
    assert "Monday 23 November, 16:00" in alice.text  # 15:00 UTC on the test clock
    assert "quiet hours 22:00–07:00" in alice.text
    assert "public holidays of <b>Germany</b>" in alice.text
    user = store.get_user("test:alice")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert (user.quiet.start, user.quiet.end) == (time(22, 0), time(7, 0))


@pytest.mark.parametrize(
    ("typed", "zone"),
    [("Berlin", "Europe/Berlin"), ("UTC+5:30", "Asia/Kolkata"), ("new york", "America/New_York")],
)
def test_timezone_takes_cities_and_offsets(
    alice: Driver, store: Store, typed: str, zone: str
) -> None:
    alice.set_timezone(typed, quiet="No quiet hours")
    assert f"<b>{zone}</b>" in alice.text
    assert "with no quiet hours" in alice.text
    user = store.get_user("test:alice")
    assert user is not None and user.timezone == zone
    assert user.quiet.start == user.quiet.end


def test_keep_it_keeps_the_zone_and_its_quiet_hours(alice: Driver, store: Store) -> None:
    alice.set_timezone("Europe/Berlin", quiet="23:00-06:00")
    alice.send("/timezone")
    alice.click("Keep it")
    alice.expect("timezone:holidays")
    alice.click("Keep these holidays")
    alice.expect("timezone:quiet")
    assert "between <b>23:00</b> and <b>06:00</b>" in alice.text
    alice.click("Keep them")
    user = store.get_user("test:alice")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert (user.quiet.start, user.quiet.end) == (time(23, 0), time(6, 0))


# the holiday calendar: from the zone, or typed


def saved(store: Store) -> tuple[str | None, str | None]:
    """Alice's saved holiday country and subdivision."""
    user = store.get_user(ALICE)
    assert user is not None
    return user.preferences.get("country"), user.preferences.get("subdivision")


def test_a_city_with_an_obvious_country_asks_only_to_keep_its_holidays(
    alice: Driver, store: Store
) -> None:
    alice.send("/timezone")
    alice.send("London")
    alice.expect("timezone:holidays")
    assert "Got it: <b>Europe/London</b>" in alice.text
    assert "public holidays of <b>England</b> (United Kingdom)" in alice.text
    assert alice.labels[0] == "Keep these holidays"
    alice.click("Keep these holidays")
    alice.click("Keep them")
    assert "public holidays of <b>England</b> (United Kingdom)" in alice.text
    assert saved(store) == (None, None)
    user = store.get_user(ALICE)
    assert user is not None and date(2027, 3, 29) in user_holidays(user, range(2027, 2028))


def test_ist_is_asked_about_not_read_as_istanbul(alice: Driver, store: Store) -> None:
    alice.send("/timezone")
    alice.send("IST")
    alice.expect("timezone:which")
    assert "<b>IST</b> is short for more than one timezone" in alice.text
    assert "Istanbul" not in alice.text
    assert alice.labels[:4] == [
        "India – Kolkata",
        "Ireland – Dublin",
        "Israel – Jerusalem",
        "None of these",
    ]
    alice.click("Ireland – Dublin")
    alice.expect("timezone:holidays")
    assert "public holidays of <b>Ireland</b>" in alice.text
    alice.click("Keep these holidays")
    alice.click("Keep them")
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "Europe/Dublin"


def test_none_of_these_asks_for_the_zone_again(alice: Driver, store: Store) -> None:
    alice.send("/timezone")
    alice.send("CST")
    alice.click("None of these")
    alice.expect("timezone:ask")
    alice.set_timezone("Mumbai")
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "Asia/Kolkata"
    assert "public holidays of <b>India</b>" in alice.text


@pytest.mark.parametrize("typed", ["UTC-5", "EST"])
def test_an_offset_asks_for_the_country(alice: Driver, store: Store, typed: str) -> None:
    alice.send("/timezone")
    alice.send(typed)
    if typed == "EST":
        alice.expect("timezone:which")
        assert alice.labels[:2] == ["United States – New York", "Canada – Toronto"]
        alice.send("/cancel")
        return
    alice.expect("timezone:holidays_needed")
    assert "Got it: <b>Etc/GMT+5</b>" in alice.text
    assert "your clock but not your country" in alice.text
    assert alice.labels[0] == "Skip: weekends only"
    alice.send("Atlantis")
    assert 'I don\'t know "Atlantis" as a country or region' in alice.text
    alice.expect("timezone:holidays_needed")
    alice.send("Ontario")
    alice.expect("timezone:quiet")
    assert "Got it: the public holidays of <b>Ontario</b> (Canada)" in alice.text
    alice.click("Keep them")
    assert "public holidays of <b>Ontario</b> (Canada)" in alice.text
    assert saved(store) == ("CA", "ON")
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "Etc/GMT+5"
    assert date(2026, 10, 12) in user_holidays(user, range(2026, 2027))


def test_skipping_the_country_counts_weekdays_only(alice: Driver, store: Store) -> None:
    alice.set_timezone("UTC+3", holidays="Skip: weekends only")
    assert "I count weekdays only" in alice.text
    user = store.get_user(ALICE)
    assert user is not None and holiday_region(user) is None


def test_changing_the_holiday_region_is_saved_and_shown(alice: Driver, store: Store) -> None:
    alice.set_timezone("Europe/London")
    alice.send("/timezone")
    alice.click("Keep it")
    alice.expect("timezone:holidays")
    assert "public holidays of <b>England</b>" in alice.text
    alice.send("Scotland")
    assert "Got it: the public holidays of <b>Scotland</b> (United Kingdom)" in alice.text
    alice.click("Keep them")
    assert "public holidays of <b>Scotland</b> (United Kingdom)" in alice.text
    assert saved(store) == ("GB", "SCT")
    # The next visit shows the choice, and keeping it keeps it.
    alice.send("/timezone")
    alice.click("Keep it")
    assert "public holidays of <b>Scotland</b>" in alice.text
    alice.click("Keep these holidays")
    alice.click("Keep them")
    assert saved(store) == ("GB", "SCT")
    user = store.get_user(ALICE)
    assert user is not None and holiday_region(user) == HolidayRegion("GB", "SCT")


def test_moving_to_another_countrys_zone_brings_its_holidays(alice: Driver, store: Store) -> None:
    alice.set_timezone("Europe/London", holidays="Scotland")
    alice.set_timezone("Toronto")
    assert "public holidays of <b>Ontario</b> (Canada)" in alice.text
    assert saved(store) == (None, None)


def test_a_region_in_two_countries_is_asked_with_its_country(alice: Driver) -> None:
    alice.send("/timezone")
    alice.send("Madrid")
    alice.send("La Rioja")
    assert "<i>La Rioja, Argentina</i> or <i>La Rioja, Spain</i>" in alice.text
    alice.expect("timezone:holidays")
    alice.send("La Rioja, Spain")
    assert "public holidays of <b>La Rioja</b> (Spain)" in alice.text


def test_a_new_zone_keeps_the_local_times_of_interviews_to_come(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 14:00")  # Sat 28 Nov, Berlin
    (before,) = store.interviews("test:alice")
    assert before.starts_at == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)

    berliner.send("/timezone")
    berliner.send("London")
    berliner.click("Keep these holidays")
    berliner.click("Keep them")
    berliner.expect("timezone:keep_local")
    assert "<b>Acme</b>: Saturday 28 November 2026 at 14:00 (Europe/Berlin)" in berliner.text
    berliner.click("Keep their local times")

    (after,) = store.interviews("test:alice")
    assert after.starts_at == datetime(2026, 11, 28, 14, 0, tzinfo=UTC)  # 14:00 in London
    assert "Kept at their local times:" in berliner.text
    assert "<b>Acme</b>: Saturday 28 November 2026 at 14:00 (Europe/London)" in berliner.text
    prep = [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.PREP_2H]
    assert [r.due_at for r in prep] == [datetime(2026, 11, 28, 12, 0, tzinfo=UTC)]


def test_a_new_zone_can_keep_the_same_moments(berliner: Driver, store: Store) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 14:00")

    berliner.set_timezone("London", keep="Keep the same moments")

    (after,) = store.interviews("test:alice")
    assert after.starts_at == datetime(2026, 11, 28, 13, 0, tzinfo=UTC)  # 13:00 in London
    assert "Kept at their local times" not in berliner.text


def test_with_nothing_to_come_a_new_zone_asks_nothing_more(berliner: Driver) -> None:
    berliner.send("/timezone")
    berliner.send("London")
    berliner.click("Keep these holidays")
    berliner.click("Keep them")

    assert berliner.prompt.token == "menu"
