"""/timezone: the zone (a name, a city or an offset) and the quiet hours, saved and confirmed."""

from __future__ import annotations

from datetime import time

import pytest

from bot.store import Store
from tests.support.coach import Driver


def test_timezone_is_saved_and_confirmed(alice: Driver, store: Store) -> None:
    alice.send("/timezone")
    assert "UTC" in alice.text
    alice.send("Mars/Olympus")
    assert "don't recognise" in alice.text
    alice.expect("timezone:ask")
    alice.send("europe/berlin")
    alice.expect("timezone:quiet")
    assert "Europe/Berlin" in alice.text
    assert "between <b>21:00</b> and <b>08:00</b>" in alice.text
    alice.send("sometimes")
    assert "couldn't read those hours" in alice.text
    alice.expect("timezone:quiet")
    alice.send("22:00-07:00")
    assert "Europe/Berlin" in alice.text
    assert "Monday 23 November, 16:00" in alice.text  # 15:00 UTC on the test clock
    assert "quiet hours 22:00–07:00" in alice.text
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
    alice.expect("timezone:quiet")
    assert "between <b>23:00</b> and <b>06:00</b>" in alice.text
    alice.click("Keep them")
    user = store.get_user("test:alice")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert (user.quiet.start, user.quiet.end) == (time(23, 0), time(6, 0))
