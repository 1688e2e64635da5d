"""Where an offer stands against the user's own numbers, what to counter with, and when to be
reminded of the answer's deadline. Pure functions: no I/O, no clock reads."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.domain.offers import Money
from bot.rules.reminder_plan import wall_clock_to_utc

Position = Literal[
    "above_ideal", "at_ideal", "between", "below_minimum", "below_ideal", "above_minimum"
]
"""Where the offer's base stands: `below_ideal` and `above_minimum` when only one of the two
numbers can be compared."""
Unknown = Literal["no_offer", "no_base", "currency", "no_numbers"]
"""Why there is no position: no offer recorded, no base figure in it, the numbers are in
different currencies, or the user's numbers could not be read."""

REMIND_AT = time(9, 0)
"""The local time of day of the reminder before an offer's deadline."""
BACKING_LIMIT = 2
"""How many results back the counter: two concrete ones say more than a list."""


@dataclass(frozen=True)
class Gap:
    """A difference in money, and as a percentage of the amount it is measured from."""

    money: Money
    percent: float


@dataclass(frozen=True)
class Standing:
    """The offer against the user's minimum and ideal."""

    position: Position | None
    unknown: Unknown | None = None
    minimum: Money | None = None
    ideal: Money | None = None
    swapped: bool = False
    """The ideal was typed below the minimum: the two were swapped to compare."""
    above_ideal: Gap | None = None
    """How far the offer is above the ideal (of the ideal)."""
    to_ideal: Gap | None = None
    """How much more than the offer the ideal is (of the offer)."""
    above_minimum: Gap | None = None
    """How far the offer clears the minimum (of the minimum)."""
    below_minimum: Gap | None = None
    """How far the offer is short of the minimum (of the offer)."""
    counter: Money | None = None
    """The base to ask for: the ideal, when the offer is under it."""
    spread: Gap | None = None
    """How far the ideal is above the minimum (of the minimum): the room the user has."""


def standing(base: Money | None, minimum: Money | None, ideal: Money | None) -> Standing:
    """Place an offer's base against the user's minimum and ideal (either may be unknown)."""
    swapped = minimum is not None and ideal is not None and ideal.amount < minimum.amount
    if swapped:
        minimum, ideal = ideal, minimum
    known = Standing(None, None, minimum, ideal, swapped)
    if minimum is not None and ideal is not None:
        if not minimum.same_currency(ideal):
            return replace(known, unknown="currency")
        known = replace(known, spread=_gap(minimum, ideal, of=minimum))
    if minimum is None and ideal is None:
        return replace(known, unknown="no_numbers")
    if base is None:
        return replace(known, unknown="no_offer")
    if any(number is not None and not number.same_currency(base) for number in (minimum, ideal)):
        return replace(known, unknown="currency")
    above_minimum = _gap(minimum, base, of=minimum) if minimum is not None else None
    if ideal is not None and base.amount >= ideal.amount:
        if base.amount == ideal.amount:
            return replace(known, position="at_ideal", above_minimum=above_minimum)
        above = _gap(ideal, base, of=ideal)
        return replace(
            known, position="above_ideal", above_ideal=above, above_minimum=above_minimum
        )
    if ideal is None:
        assert minimum is not None  # one of the two is known
        if base.amount >= minimum.amount:
            return replace(known, position="above_minimum", above_minimum=above_minimum)
        short = _gap(base, minimum, of=base)
        return replace(known, position="below_minimum", below_minimum=short)
    to_ideal = _gap(base, ideal, of=base)
    behind = replace(known, to_ideal=to_ideal, counter=ideal)
    if minimum is None:
        return replace(behind, position="below_ideal")
    if base.amount < minimum.amount:
        return replace(behind, position="below_minimum", below_minimum=_gap(base, minimum, of=base))
    return replace(behind, position="between", above_minimum=above_minimum)


def _gap(low: Money, high: Money, *, of: Money) -> Gap:
    """Return how far `high` is above `low`, in money and as a percentage of `of`."""
    difference = high.amount - low.amount
    currency = high.currency or low.currency
    percent = 100 * difference / of.amount if of.amount else 0.0
    return Gap(Money(difference, currency), round(percent, 1))


_FIGURE = re.compile(r"\d")


def backing(typed: str | None, results: Sequence[str], limit: int = BACKING_LIMIT) -> list[str]:
    """Pick the results that back a counter: what the user typed for it first, then their STAR
    stories' results that carry a figure (one without, "it went well", backs nothing); no
    repeats, at most `limit`."""
    picked: list[str] = []
    candidates = [typed] if typed else []
    candidates += [result for result in results if _FIGURE.search(result)]
    for candidate in candidates:
        cleaned = " ".join(candidate.split()).rstrip(".")
        if cleaned and cleaned.casefold() not in {p.casefold() for p in picked}:
            picked.append(cleaned)
        if len(picked) == limit:
            break
    return picked


def deadline_reminder(deadline: date, zone: ZoneInfo, now: datetime) -> datetime | None:
    """Return when to remind of an offer's deadline: the day before at 09:00 local, or the day
    itself at 09:00 when the day before has gone by; None when both have."""
    for day in (deadline - timedelta(days=1), deadline):
        at = wall_clock_to_utc(datetime.combine(day, REMIND_AT), zone)
        if at > now:
            return at
    return None
