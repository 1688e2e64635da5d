"""Reading pay as people type it: amounts, separators, currencies, months; what is refused."""

from __future__ import annotations

import pytest

from bot.domain.offers import Bonus, Money
from bot.domain.problems import Refusal
from bot.parsing.money import parse_bonus, parse_money


@pytest.mark.parametrize(
    ("typed", "amount", "currency"),
    [
        ("85k", 85000, None),
        ("85K", 85000, None),
        ("€85,000", 85000, "EUR"),
        ("85 000 EUR", 85000, "EUR"),
        ("85\u202f000 €", 85000, "EUR"),
        ("85.000 €", 85000, "EUR"),
        ("CHF 140'000", 140000, "CHF"),
        ("£60,000", 60000, "GBP"),
        ("$120k a year", 120000, "USD"),
        ("CA$95,000", 95000, "CAD"),
        ("85,5k", 85500, None),
        ("85.5k", 85500, None),
        ("1.2m", 1200000, None),
        ("12 lakh", 1200000, None),
        ("about 85k gross", 85000, None),
        ("4.5k a month", 54000, None),
        ("€5,000 per month", 60000, "EUR"),
        ("85000 euros", 85000, "EUR"),
        ("85k base + 5k sign-on", 85000, None),
    ],
)
def test_amounts_are_read_loosely(typed: str, amount: float, currency: str | None) -> None:
    assert parse_money(typed) == Money(amount, currency)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("", "empty"),
        ("seventy", "money_unreadable"),
        ("as much as possible", "money_unreadable"),
        ("80-90k", "money_range"),
        ("€80k to €90k", "money_range"),
        ("85", "money_small"),
        ("50 per hour", "money_rate"),
        ("€400 a day", "money_rate"),
        ("5,000,000,000,000", "money_large"),
        ("x" * 200, "too_long"),
    ],
)
def test_what_cannot_be_a_yearly_figure_is_refused_with_its_reason(typed: str, key: str) -> None:
    refused = parse_money(typed)
    assert isinstance(refused, Refusal) and refused.key == key


def test_a_small_figure_is_refused_with_the_amount_shown() -> None:
    refused = parse_money("85")
    assert isinstance(refused, Refusal) and refused.params["amount"] == "85"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10%", Bonus("10%", percent=10.0)),
        ("15 percent target", Bonus("15 percent target", percent=15.0)),
        ("€8k", Bonus("€8k", amount=Money(8000, "EUR"))),
        ("500 sign-on", Bonus("500 sign-on", amount=Money(500))),
        ("discretionary", Bonus("discretionary")),
    ],
)
def test_a_bonus_is_a_share_an_amount_or_words(typed: str, expected: Bonus) -> None:
    assert parse_bonus(typed) == expected


def test_a_bonus_of_dots_is_refused() -> None:
    refused = parse_bonus("...")
    assert isinstance(refused, Refusal) and refused.key == "money_unreadable"


@pytest.mark.parametrize(
    ("money", "shown"),
    [
        (Money(85000, "EUR"), "€85,000"),
        (Money(85000, "CHF"), "85,000 CHF"),
        (Money(85000), "85,000"),
        (Money(8500.5, "USD"), "$8,500"),
    ],
)
def test_amounts_are_shown_as_people_write_them(money: Money, shown: str) -> None:
    assert money.shown == shown
