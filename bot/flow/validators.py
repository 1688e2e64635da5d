"""Checks for free-text answers: each returns the cleaned value or the reason it was refused."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.problems import Refusal
from bot.parsing import parse_duration, parse_moment, parse_quiet_hours, parse_timeframe, parse_zone
from bot.parsing.money import parse_bonus, parse_money
from bot.parsing.reminder_request import parse_reminder_request
from bot.parsing.zones import Ambiguous, parse_region

Invalid = Refusal
"""A refused answer: the error template key (templates/errors/KEY.j2) and its context."""


@dataclass(frozen=True)
class InputContext:
    """What a check may need to read an answer: the time now, the user's timezone and, once
    known, the end of the interview the dialog is about (what a timeframe counts from)."""

    now: datetime
    zone: ZoneInfo
    anchor: datetime | None = None


Check = Callable[[str, InputContext], Any]
"""Returns the cleaned value (plain JSON data) or an Invalid."""


@dataclass(frozen=True)
class Validator:
    """A named free-text check with a sample answer used by `interview-coach check`."""

    check: Check
    sample: str


def _has_word(text: str) -> bool:
    """Tell whether text holds at least one letter or digit (so not just emoji or dots)."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def short_text(max_length: int) -> Check:
    """Return a check for a short name: not empty, not too long, with at least one letter."""

    def check(raw: str, context: InputContext) -> str | Invalid:
        text = " ".join(raw.split())
        if not text:
            return Invalid("empty")
        if len(text) > max_length:
            return Invalid("too_long", {"limit": max_length, "length": len(text)})
        if not _has_word(text):
            return Invalid("no_words")
        return text

    return check


PAST_INTERVIEWS = timedelta(days=183)
"""How far back an interview may be: most people find the coach after theirs."""


def moment(raw: str, context: InputContext) -> dict[str, Any] | Invalid:
    """Read an interview's date and time in the user's timezone, to come or in the last six
    months; keep it as UTC (and any DST repair)."""
    read = parse_moment(raw, context.zone, context.now, PAST_INTERVIEWS)
    if isinstance(read, Refusal):
        return read
    return {
        "utc": read.utc.isoformat(timespec="seconds"),
        "gap_from": read.gap_from.isoformat(timespec="minutes") if read.gap_from else None,
    }


def duration(raw: str, context: InputContext) -> str | Invalid:
    """Read how long the interview lasts; keep it as minutes ("m75", like the buttons)."""
    read = parse_duration(raw)
    if isinstance(read, Refusal):
        return read
    return f"m{int(read.total_seconds() // 60)}"


def timeframe(raw: str, context: InputContext) -> dict[str, Any] | Invalid:
    """Read the decision timeframe the employer gave; keep the local date and the words."""
    read = parse_timeframe(raw, context.zone, context.now, context.anchor)
    if isinstance(read, Refusal):
        return read
    return {"by": read.isoformat(), "note": " ".join(raw.split())[:NOTE_LIMIT]}


def zone(raw: str, context: InputContext) -> str | Invalid:
    """Read a timezone: an IANA name, a city or a UTC offset."""
    read = parse_zone(raw)
    return read if isinstance(read, Refusal) else read.name


def exact_zone(raw: str, context: InputContext) -> str | Invalid:
    """Read a timezone where nothing can follow up on an abbreviation several zones share:
    "IST" is refused with the choices, to be answered with a city."""
    read = parse_zone(raw)
    if isinstance(read, Ambiguous):
        return Invalid("ambiguous_zone", {"given": read.abbreviation})
    return read if isinstance(read, Refusal) else read.name


def quiet_hours(raw: str, context: InputContext) -> list[str] | Invalid:
    """Read quiet hours such as 22:00-07:00; keep them as ["22:00", "07:00"]."""
    read = parse_quiet_hours(raw)
    if isinstance(read, Refusal):
        return read
    return [read.start.strftime("%H:%M"), read.end.strftime("%H:%M")]


NOTE_LIMIT = 300

VALIDATORS: dict[str, Validator] = {
    "company": Validator(short_text(80), sample="<b>Acme & Co</b>"),
    "role": Validator(short_text(80), sample="Senior Data Analyst"),
    "names": Validator(short_text(200), sample="Dana Kim, Luis <Ortega>"),
    "note": Validator(short_text(NOTE_LIMIT), sample="their plan to move billing to <Stripe> & Co"),
    "zone": Validator(zone, sample="Berlin"),
    "quiet_hours": Validator(quiet_hours, sample="22:00-07:00"),
    "moment": Validator(moment, sample="in 5 days at 10:00"),
    "duration": Validator(duration, sample="75 min"),
    "timeframe": Validator(timeframe, sample="within two weeks"),
    "exact_zone": Validator(exact_zone, sample="Berlin"),
}


def holiday_region(raw: str, context: InputContext) -> dict[str, str | None] | Invalid:
    """Read the country or region whose public holidays count ("Ontario", "DE", "GB-SCT");
    keep it as {"country": "CA", "subdiv": "ON"} (subdiv None for national holidays)."""
    read = parse_region(raw)
    if isinstance(read, Refusal):
        return read
    return {"country": read.country, "subdiv": read.subdiv}


VALIDATORS["holiday_region"] = Validator(holiday_region, sample="Ontario")


def reminder_request(raw: str, context: InputContext) -> dict[str, Any] | Invalid:
    """Read a reminder asked for in a sentence ("remind me tomorrow at 9 to send the
    portfolio", with or without its opening) in the user's zone; keep {"utc": ISO, "text":
    what to remind of, "time_given": whether the sentence named the time of day}."""
    read = parse_reminder_request(raw, context.zone, context.now)
    if isinstance(read, Refusal):
        return read
    return {
        "utc": read.utc.isoformat(timespec="seconds"),
        "text": read.text,
        "time_given": read.time_given,
    }


VALIDATORS["reminder_request"] = Validator(
    reminder_request, sample="can you remind me tomorrow at 9 to send the <b>portfolio</b>?"
)


# negotiation: an offer's figures and the user's own numbers

DEADLINE_REFUSALS = {
    "timeframe_unreadable": "deadline_unreadable",
    "timeframe_past": "deadline_past",
    "timeframe_too_far": "deadline_too_far",
}


def money(raw: str, context: InputContext) -> dict[str, Any] | Invalid:
    """Read a yearly amount of pay ("85k", "€85,000", "85 000 EUR"); keep {"amount": 85000.0,
    "currency": "EUR" or None}."""
    read = parse_money(raw)
    return read if isinstance(read, Refusal) else read.to_json()


def bonus(raw: str, context: InputContext) -> dict[str, Any] | Invalid:
    """Read a bonus ("10%", "€8k", "discretionary"); keep its words and its figure if any."""
    read = parse_bonus(raw)
    return read if isinstance(read, Refusal) else read.to_json()


def deadline(raw: str, context: InputContext) -> str | Invalid:
    """Read the day an answer to an offer is due ("by Friday", "12 Dec", "within a week"),
    counted from today in the user's timezone; keep the local date as ISO text."""
    read = parse_timeframe(raw, context.zone, context.now)
    if isinstance(read, Refusal):
        return Invalid(DEADLINE_REFUSALS.get(read.key, read.key), read.params)
    return read.isoformat()


VALIDATORS["money"] = Validator(money, sample="€85,000")
VALIDATORS["bonus"] = Validator(bonus, sample="10% <target>")
VALIDATORS["deadline"] = Validator(deadline, sample="by Friday")
