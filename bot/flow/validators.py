"""Checks for free-text answers: each returns the cleaned value or the reason it was refused."""

from __future__ import annotations

import unicodedata
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from timezonefinder import TimezoneFinder


@dataclass(frozen=True)
class Invalid:
    """A refused answer: the error template key (templates/errors/KEY.j2) and its context."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class InputContext:
    """What a check may need to read an answer: the time now and the user's timezone."""

    now: datetime
    zone: ZoneInfo


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


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def timezone_name(raw: str, context: InputContext) -> str | Invalid:
    """Accept an IANA timezone name in any case, spaces for underscores allowed."""
    text = raw.strip().replace(" ", "_")
    if not text:
        return Invalid("empty")
    if len(text) > 64:
        return Invalid("too_long", {"limit": 64, "length": len(text)})
    found = _zones_by_folded_name().get(text.casefold())
    if found is None:
        return Invalid("unknown_timezone", {"given": raw.strip()[:64]})
    return found


@cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder(in_memory=False)


def timezone_at(latitude: float, longitude: float) -> str | None:
    """Return the IANA timezone of a place (offline lookup), or None for a bad coordinate."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    found: str | None = _finder().timezone_at(lat=latitude, lng=longitude)
    return found


VALIDATORS: dict[str, Validator] = {
    "company": Validator(short_text(80), sample="<b>Acme & Co</b>"),
    "role": Validator(short_text(80), sample="Senior Data Analyst"),
    "timezone": Validator(timezone_name, sample="Europe/Berlin"),
}
