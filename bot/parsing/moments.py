"""Read a date and time of day that a user typed, in their own timezone.

dateparser reads the date; the time of day is found here first, because dateparser quietly
fills a missing time from "now" ("tomorrow" comes back at the current hour) and reads a bare
hour as a month ("Tuesday at 10" becomes some 10 October). So the time is cut out of the text
with the patterns below, the rest goes to dateparser, and the two are joined in the user's
zone with zoneinfo:

- a wall-clock time that does not exist (the spring-forward gap) moves forward by the gap
  length (02:30 becomes 03:30) and `Moment.gap_from` keeps the time that was asked for;
- a wall-clock time that happens twice (the autumn fold) means the first one (fold=0);
- a bare hour after "at" is read on the 24-hour clock ("at 9" is 09:00, "at 7" is 07:00);
- a time with no date ("10am") is the next such time: today, or tomorrow if it has passed;
- a day and month without a year that passed less than half a year ago ("22 Nov" on
  27 Nov) is refused as past, not read as next year's: that is almost always a slip, and
  the user can add the year if they meant it;
- "in 2 hours" / "in 90 minutes" count real elapsed time from now;
- a zone named next to the time ("10am EST", "9:00 UTC+2") is honoured at its fixed offset.
"""

from __future__ import annotations

import calendar
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import dateparser
from dateparser.timezone_parser import pop_tz_offset_from_string

from bot.domain.problems import Refusal

MAX_LENGTH = 100
MAX_AHEAD = timedelta(days=365)
BARE_PM_UNTIL = 6
"""A bare hour up to this one, with no minutes and no am/pm ("at 3"), is read as p.m."""
RECENTLY_PASSED = timedelta(days=183)
"""A day and month without a year that passed this recently means this year's, not next."""

MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "febr": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))

SHORT_WORDS: dict[str, str] = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "thrs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
    "tmr": "tomorrow",
    "tmrw": "tomorrow",
    "tmrow": "tomorrow",
    "tmw": "tomorrow",
    "tomo": "tomorrow",
    "tomoz": "tomorrow",
    "tomorow": "tomorrow",
    "tommorow": "tomorrow",
    "tommorrow": "tomorrow",
    "2moro": "tomorrow",
    "2morrow": "tomorrow",
    "tonite": "tonight",
    "2nite": "tonight",
    "yday": "yesterday",
    "yest": "yesterday",
    "wk": "week",
    "wks": "weeks",
    **{
        short: calendar.month_name[number].casefold()
        for short, number in MONTHS.items()
        if short != calendar.month_name[number].casefold()
    },
}
"""Short forms people type, spelt out before reading: dateparser misses some ("thurs",
"tmrw", "weds"), and one spelling keeps the patterns here simple."""
_SHORT_WORD = re.compile(
    r"(?<![\w/])("
    + "|".join(sorted(map(re.escape, SHORT_WORDS), key=len, reverse=True))
    + r")\b\.?"
)

_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?(?P<month>{MONTH_WORDS})\b\.?{_YEAR}"
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_WORDS})\b\.?\s*(?:the\s+)?(?P<day>\d{{1,2}}){_ORDINAL}\b(?![:.]\d){_YEAR}"
)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")

_AT = r"(?:(?:\bat|@)\s*)?"
_AMPM = r"(?P<ampm>[ap])\.?\s?m\b\.?"
_TIME_PATTERNS = (
    # 14:30, 9:00, 2:30 pm, 15:00:00, and the T of 2026-12-03T15:00
    re.compile(
        rf"{_AT}(?:(?<=\d)t|(?<![\d:.]))(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::\d{{2}})?"
        rf"(?:\s*{_AMPM})?(?![\d:])"
    ),
    # 10am, 10 pm, 9.30am, 11 a.m.
    re.compile(rf"{_AT}(?<![\d:.])(?P<hour>\d{{1,2}})(?:\.(?P<minute>\d{{2}}))?\s*{_AMPM}"),
    # 9 o'clock, at 9 (24-hour clock)
    re.compile(rf"{_AT}(?<![\d:.])(?P<hour>\d{{1,2}})\s*o'?clock\b"),
    re.compile(r"\bat\s+(?P<hour>\d{1,2})\b(?![:./-]\d)(?!\s*(?:st|nd|rd|th)\b)"),
    # noon, midday, midnight
    re.compile(rf"{_AT}\b(?P<word>noon|midday|midnight)\b"),
)
_DATEPARSER = threading.Lock()
"""Held around every dateparser call: its lazy first load must not run in two threads."""
# "in 2 hours", "in 90 minutes", "3 hours from now": a moment counted from now.
_COUNTED_FROM_NOW = re.compile(r"\b(?:hours?|hrs?|minutes?|mins?)\b")


@dataclass(frozen=True)
class Moment:
    """A point in time a user named: as aware UTC, as aware local time, and any gap repair.

    `gap_from` is the naive local time that was asked for when it fell into a daylight-saving
    gap (it does not exist on that day); `local` is then that time moved forward by the gap.
    `named_zone` is the zone the text itself named ("EST" in "Friday 10am EST"): the time was
    read in that zone's fixed offset and `local` is the same instant in the user's zone.
    """

    utc: datetime
    local: datetime
    gap_from: datetime | None = None
    named_zone: str | None = None


def parse_moment(
    text: str, zone: ZoneInfo, now: datetime, past: timedelta | None = None
) -> Moment | Refusal:
    """Read a date with a time of day in the user's zone, later than now and within a year.

    With `past`, a moment up to that long ago is read too ("last Tuesday 11am", "25 Nov
    14:00" a week later): an interview that already happened.
    """
    if now.tzinfo is None:
        raise ValueError("parse_moment needs an aware `now`")
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    lowered = spelt_out(cleaned.casefold())
    base = now.astimezone(zone).replace(tzinfo=None)
    impossible = impossible_date(lowered, base.date())
    if impossible is not None:
        return impossible

    found = _time_of_day(lowered)
    if isinstance(found, Refusal):
        return Refusal(found.key, {"given": cleaned})
    if found is None:
        return _without_time_of_day(lowered, cleaned, zone, now, base)
    clock, rest = found
    rest, named = _named_zone(rest)
    if rest:
        passed = recently_passed(rest, base.date())
        if passed is not None:
            moment = _place(datetime.combine(passed, clock), zone, named)
            if past is not None:
                return _checked(moment, now, past)
            return Refusal("in_past", {"when": moment.local, "add_year": True})
        parsed = read_date(rest, base)
        if parsed is None:
            return Refusal("unreadable", {"given": cleaned})
        moment = _place(datetime.combine(parsed.date(), clock), zone, named)
    else:
        moment = _place(datetime.combine(base.date(), clock), zone, named)
        if moment.utc <= now:
            moment = _place(datetime.combine(base.date() + timedelta(days=1), clock), zone, named)
    return _checked(moment, now, past)


def spelt_out(text: str) -> str:
    """Spell out short weekdays, months and days ("next thurs" is "next thursday", "tmrw 9am"
    "tomorrow 9am", "sept 14" "september 14"); text is expected in lower case."""
    return _SHORT_WORD.sub(lambda match: SHORT_WORDS[match[1]], text)


def read_date(text: str, base: datetime, **settings: Any) -> datetime | None:
    """Run dateparser in English, preferring the future, relative to a naive local `base`."""
    merged: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "TIMEZONE": "UTC",  # never the machine's own zone; we place the result ourselves
        **settings,
    }
    with _DATEPARSER:
        return dateparser.parse(text, languages=["en"], settings=merged)


def warm_up_dates() -> None:
    """Load dateparser's English data and timezone names now, not in someone's first turn.

    The first parse costs about 0.3 s (language data, hundreds of patterns compiled). Start-up
    calls this from a thread; `_DATEPARSER` keeps a user's first parse from running into a
    half-loaded dateparser meanwhile (it waits for the warm-up instead).
    """
    read_date("next tuesday", datetime(2026, 1, 1, tzinfo=UTC).replace(tzinfo=None))
    _named_zone("10:00 cet")


def impossible_date(text: str, today: date) -> Refusal | None:
    """Refuse a named day that no calendar has ("31 Feb", "February 30th", "2026-02-31")."""
    for day, month, given_year in _named_days(text):
        year = _next_year_of(month, day, today) if given_year is None else given_year
        if not _real_day(year, month, day):
            return _impossible(year, month, day)
    for match in _ISO_DATE.finditer(text):
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        if not _real_day(year, month, day):
            return _impossible(year, month, day)
    return None


def _impossible(year: int, month: int, day: int) -> Refusal:
    month_name = calendar.month_name[month] if 1 <= month <= 12 else None
    params = {"day": day, "month": month, "month_name": month_name, "year": year}
    return Refusal("impossible_date", params)


def _next_year_of(month: int, day: int, today: date) -> int:
    """The year a day-and-month without a year points to: this one, or next if it has passed."""
    return today.year if (month, day) >= (today.month, today.day) else today.year + 1


def recently_passed(text: str, today: date) -> date | None:
    """This year's date of a day and month named without a year, if it passed recently."""
    for day, month, year in _named_days(text):
        if year is not None or not _real_day(today.year, month, day):
            continue
        named = date(today.year, month, day)
        if named < today and today - named <= RECENTLY_PASSED:
            return named
    return None


def _named_days(text: str) -> Iterator[tuple[int, int, int | None]]:
    """Every day named with a month word ("22 Nov", "November 22nd 2027"): day, month, year."""
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            year = int(match["year"]) if match["year"] else None
            yield int(match["day"]), MONTHS[match["month"]], year


def _real_day(year: int, month: int, day: int) -> bool:
    if not (1 <= year <= 9999 and 1 <= month <= 12):
        return False
    return 1 <= day <= calendar.monthrange(year, month)[1]


def _time_of_day(text: str) -> tuple[time, str] | Refusal | None:
    """Find one time of day in the text: the time and the text without it, or None if none."""
    matches: list[re.Match[str]] = []
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(text):
            if not any(_overlap(match, kept) for kept in matches):
                matches.append(match)
    if not matches:
        return None
    if len(matches) > 1:
        return Refusal("unreadable")
    match = matches[0]
    clock = _clock(match)
    if clock is None:
        return Refusal("unreadable")
    rest = text[: match.start()] + " " + text[match.end() :]
    rest = re.sub(r"\s+at\s*$", "", " ".join(rest.split()))
    return clock, rest.strip(" ,;-")


def _overlap(one: re.Match[str], other: re.Match[str]) -> bool:
    return one.start() < other.end() and other.start() < one.end()


def _clock(match: re.Match[str]) -> time | None:
    """Turn a matched time of day into a time, or None when the hour or minute can't be."""
    groups = match.groupdict()
    word = groups.get("word")
    if word is not None:
        return time(0, 0) if word == "midnight" else time(12, 0)
    hour = int(groups["hour"])
    minute = int(groups["minute"]) if groups.get("minute") else 0
    ampm = groups.get("ampm")
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    elif not groups.get("minute") and 1 <= hour <= BARE_PM_UNTIL:
        hour += 12  # "at 3" is an afternoon: nobody's interview is at 3 a.m.
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _without_time_of_day(
    lowered: str, cleaned: str, zone: ZoneInfo, now: datetime, base: datetime
) -> Moment | Refusal:
    """Handle text with no clock time: "in 2 hours" counts from now, a bare date needs a time."""
    parsed = read_date(lowered, base)
    if parsed is None:
        return Refusal("unreadable", {"given": cleaned})
    if not _COUNTED_FROM_NOW.search(lowered):
        return Refusal("need_time", {"date": parsed.date()})
    instant = (now + (parsed - base)).astimezone(UTC).replace(second=0, microsecond=0)
    return _checked(Moment(utc=instant, local=instant.astimezone(zone)), now)


def _named_zone(text: str) -> tuple[str, tzinfo | None]:
    """Cut a timezone named in the text ("EST", "CET", "UTC+2") out of it, with its offset."""
    with _DATEPARSER:
        rest, named = pop_tz_offset_from_string(f" {text}")
    if not isinstance(named, tzinfo):
        return text, None
    return " ".join(rest.split()).strip(" ,;-"), named


def _place(naive: datetime, zone: ZoneInfo, named: tzinfo | None) -> Moment:
    """Place a naive time in the user's zone, or in a zone named in the text if there was one.

    A named abbreviation that is the user's own zone's ("IST" in Asia/Kolkata, "CET" in
    Europe/Berlin) means their zone: abbreviations are ambiguous (dateparser reads IST as
    Israel's) and their own zone also knows its daylight saving time.
    """
    own = _localize(naive, zone)
    if named is None:
        return own
    label = (named.tzname(naive) or "").replace("\\", "")
    if label.casefold() == (own.local.tzname() or "").casefold():
        return own
    instant = naive.replace(tzinfo=named).astimezone(UTC)
    return Moment(utc=instant, local=instant.astimezone(zone), named_zone=label)


def _localize(naive: datetime, zone: ZoneInfo) -> Moment:
    """Place a naive local time in the zone: the first of two in a fold, moved past a gap."""
    instant = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    local = instant.astimezone(zone)
    gap_from = naive if local.replace(tzinfo=None) != naive else None
    return Moment(utc=instant, local=local, gap_from=gap_from)


def _checked(moment: Moment, now: datetime, past: timedelta | None = None) -> Moment | Refusal:
    """Refuse a moment that is not after now (or, with `past`, longer ago than that), or more
    than a year ahead."""
    if past is not None and now - past <= moment.utc <= now:
        return moment
    if moment.utc <= now:
        params: dict[str, Any] = {"when": moment.local}
        if past is not None:
            params["limit_days"] = past.days
        return Refusal("in_past", params)
    if moment.utc - now > MAX_AHEAD:
        return Refusal("too_far", {"when": moment.local, "limit_days": MAX_AHEAD.days})
    return moment
