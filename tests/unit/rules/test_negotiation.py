"""An offer against the user's minimum and ideal, the results behind a counter, and when the
reminder before an offer's deadline comes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.offers import Money
from bot.rules.negotiation import Gap, backing, deadline_reminder, standing

MINIMUM, IDEAL = Money(70000, "EUR"), Money(85000, "EUR")


def test_between_the_two_the_counter_is_the_ideal() -> None:
    placed = standing(Money(80000, "EUR"), MINIMUM, IDEAL)
    assert placed.position == "between"
    assert placed.above_minimum == Gap(Money(10000, "EUR"), 14.3)
    assert placed.to_ideal == Gap(Money(5000, "EUR"), 6.2)
    assert placed.counter == IDEAL


def test_below_the_minimum_both_gaps_are_measured_from_the_offer() -> None:
    placed = standing(Money(60000), MINIMUM, IDEAL)  # no currency given: taken as the same
    assert placed.position == "below_minimum"
    assert placed.below_minimum == Gap(Money(10000, "EUR"), 16.7)
    assert placed.to_ideal == Gap(Money(25000, "EUR"), 41.7)


def test_at_or_above_the_ideal_there_is_no_counter() -> None:
    above = standing(Money(90000, "EUR"), MINIMUM, IDEAL)
    assert above.position == "above_ideal" and above.counter is None
    assert above.above_ideal == Gap(Money(5000, "EUR"), 5.9)
    assert standing(IDEAL, MINIMUM, IDEAL).position == "at_ideal"


def test_an_ideal_typed_below_the_minimum_is_swapped() -> None:
    placed = standing(Money(80000, "EUR"), IDEAL, MINIMUM)
    assert placed.swapped and placed.position == "between"
    assert (placed.minimum, placed.ideal) == (MINIMUM, IDEAL)


def test_without_an_offer_the_range_is_measured() -> None:
    placed = standing(None, MINIMUM, IDEAL)
    assert placed.position is None and placed.unknown == "no_offer"
    assert placed.spread == Gap(Money(15000, "EUR"), 21.4)


def test_different_currencies_are_never_compared() -> None:
    placed = standing(Money(80000, "GBP"), MINIMUM, IDEAL)
    assert placed.position is None and placed.unknown == "currency"


def test_only_one_number_known_still_places_the_offer() -> None:
    assert standing(Money(80000), None, IDEAL).position == "below_ideal"
    assert standing(Money(80000), MINIMUM, None).position == "above_minimum"
    assert standing(Money(60000), MINIMUM, None).position == "below_minimum"


def test_backing_puts_the_typed_result_first_and_skips_results_without_a_figure() -> None:
    stories = ["it went well", "cut costs by 12%", "Cut costs by 12%.", "hired 3 engineers"]
    assert backing("grew sales 2x", stories) == ["grew sales 2x", "cut costs by 12%"]
    assert backing(None, stories) == ["cut costs by 12%", "hired 3 engineers"]
    assert backing(None, ["it went ok"]) == []


def test_the_deadline_reminder_comes_the_day_before_at_nine_local() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    assert deadline_reminder(date(2026, 11, 27), berlin, now) == datetime(
        2026, 11, 26, 8, 0, tzinfo=UTC
    )
    # The day before has gone by: the day itself; both gone: none.
    assert deadline_reminder(date(2026, 11, 24), berlin, now) == datetime(
        2026, 11, 24, 8, 0, tzinfo=UTC
    )
    assert deadline_reminder(date(2026, 11, 23), berlin, now) is None
