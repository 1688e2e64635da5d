"""Read the quiet hours a user wants ("21:00-08:00", "10pm to 7am", "off")."""

from __future__ import annotations

import re
from datetime import time

from bot.domain.problems import Refusal
from bot.domain.reminders import QuietHours

MAX_QUIET_MINUTES = 14 * 60
_MAX_LENGTH = 40
_OFF_WORDS = frozenset(
    {"off", "none", "no", "never", "nothing", "disable", "disabled", "no quiet hours", "turn off"}
)
_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|\bto\b|\buntil\b|\btill\b|\btil\b|\band\b)\s*")
_CLOCK = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?\s*(?:(?P<ampm>[ap])\.?\s?m\.?)?")


def parse_quiet_hours(text: str) -> QuietHours | Refusal:
    """Read a quiet period of at most 14 hours, or "off" for none (start equal to end)."""
    lowered = " ".join(text.casefold().split()).strip(" .!")
    if not lowered:
        return Refusal("empty")
    if lowered in _OFF_WORDS:
        return QuietHours(start=time(0, 0), end=time(0, 0))
    given = {"given": " ".join(text.split())[:_MAX_LENGTH]}
    if len(lowered) > _MAX_LENGTH:
        return Refusal("quiet_unreadable", given)
    lowered = re.sub(r"^(?:from|between)\s+", "", lowered)
    parts = _SEPARATOR.split(lowered)
    if len(parts) != 2:
        return Refusal("quiet_unreadable", given)
    start, end = clock_time(parts[0]), clock_time(parts[1])
    if start is None or end is None:
        return Refusal("quiet_unreadable", given)
    minutes = (_minutes(end) - _minutes(start)) % (24 * 60) or 24 * 60
    if minutes > MAX_QUIET_MINUTES:
        hours = round(minutes / 60, 1)
        return Refusal("quiet_too_long", {"hours": hours, "limit_hours": MAX_QUIET_MINUTES // 60})
    return QuietHours(start=start, end=end)


def clock_time(text: str) -> time | None:
    """Read one time of day ("21", "21:00", "9.30", "10pm", "noon"); 24:00 reads as midnight."""
    text = text.strip()
    if text in ("noon", "midday"):
        return time(12, 0)
    if text == "midnight":
        return time(0, 0)
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"]) if match["minute"] else 0
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    if (hour, minute) == (24, 0):
        return time(0, 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
