"""Read how long an interview lasts, and by when an employer said they would decide.

Decisions taken for timeframes (the result is the last local date of the promised window):

- a weekday ("by Friday", "next Monday", "on Tue") is the first such day strictly after today,
  so "by Friday" said on a Friday means next week's Friday;
- "end of this week" / "this week" is this week's Friday (the coming Friday on a weekend);
  "next week" / "end of next week" is Friday of next week, "early next week" its Tuesday,
  "mid next week" its Wednesday; "the week after next" is Friday of that week;
- "within two weeks", "2 weeks", "in 10 days" count from today; "a month" is the same day of
  the next month (clamped to its last day); "5 business days" skips Saturdays and Sundays;
- a range ("1-2 weeks", "a week or two") takes its far end; "a couple of" is 2, "a few" 3;
- a month ("in December") is its last day; "early December" the 10th, "mid December" the
  20th, "late" / "end of December" the last day; without a year, the next such month.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.problems import Refusal
from bot.parsing.moments import (
    MAX_AHEAD,
    MAX_LENGTH,
    MONTH_WORDS,
    MONTHS,
    impossible_date,
    read_date,
    recently_passed,
    spelt_out,
)
from bot.rules.holidays import add_business_days

MIN_DURATION = timedelta(minutes=10)
MAX_DURATION = timedelta(hours=12)

NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "couple of": 2,
    "a couple": 2,
    "a few": 3,
    "few": 3,
}
_NUMBER = "|".join([r"\d+", *sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)])

# Durations ----------------------------------------------------------------------------------

_HOUR_UNIT = r"hours|hour|hrs|hr|h"
_MINUTE_UNIT = r"minutes|minute|mins|min|mn|m"
_UNIT = rf"(?:{_HOUR_UNIT}|{_MINUTE_UNIT})(?![a-z])"
_SPAN_PART = re.compile(rf"\s*(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>{_UNIT})\s*")
_HALF_HOUR = re.compile(r"\b(?:a\s+)?half\s+(?:an\s+)?hour\b")
_WORD_NUMBER = re.compile(
    r"\b(a couple of|couple of|a couple|a few|an?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|eleven|twelve)\b(?!\s+half\b)"
)
_ISH = re.compile(r"(?<=\w)\s*-?\s*ish\b")
_HEDGES = re.compile(
    r"\b(?:about|around|round about|approx|approximately|roughly|maybe|probably|perhaps|likely|"
    r"something like|somewhere around|circa|almost|nearly|close to|just under|just over|"
    r"a bit over|a little over|at least|at most|up to|max|maximum|tops|or so|or thereabouts|"
    r"give or take|i think|i guess|i believe|i'd say|id say|i reckon|we think|it was|it's|its|"
    r"it is|it will be|it'll be|should be|will be|long|in total|total|altogether|ish)\b"
)
"""Words that hedge a length without changing it ("about an hour i think")."""
_RANGE = re.compile(
    rf"(?P<a>\d+(?:[.,]\d+)?)\s*(?:-|\u2013|\u2014|to|or)\s*(?P<b>\d+(?:[.,]\d+)?)\s*"
    rf"(?P<unit>{_UNIT})"
)
_BARE_HOUR = re.compile(r"^(?=(?:hour|hr)\b)")
_AND_A_HALF_BEFORE = re.compile(rf"(?P<n>\d+)\s+and\s+a\s+half\s+(?P<unit>{_UNIT})")
_AND_A_HALF_AFTER = re.compile(rf"(?P<n>\d+)\s*(?P<unit>{_UNIT})\s+and\s+a\s+half\b")
_H_MM = re.compile(
    r"(?P<h>\d{1,2})\s*(?::|(?:hours?|hrs?|h)\s*)(?P<m>\d{2})(?:\s*(?:m|min|mins|minutes))?"
)


_NEGATIVE = re.compile(r"^\s*(?:[-\u2212\u2013]\s*\d|minus\b|negative\b)", re.IGNORECASE)
"""A length written below zero: "-90 minutes", "\u2212 1 hour" (a minus sign), "minus 30 min"."""


def parse_duration(text: str) -> timedelta | Refusal:
    """Read a length of time ("90 min", "1.5 hours", "2 hours 30 minutes"), 10 min to 12 h.

    Hedges are read past ("about an hour i think", "45ish minutes", "an hour or so"), and a
    range is its far end ("1-2 hours" is 2 hours): the plan keeps room for the longer one.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    if _NEGATIVE.match(cleaned):
        # "-90 minutes" is no length at all: refused, not read as 90 minutes.
        return Refusal("duration_negative", {"given": cleaned})
    span = read_span(cleaned)
    if span is None:
        return Refusal("duration_unreadable", {"given": cleaned})
    if not MIN_DURATION <= span <= MAX_DURATION:
        minutes = int(span.total_seconds() // 60)
        params = {"minutes": minutes, "min_minutes": 10, "max_hours": 12}
        return Refusal("duration_range", params)
    return span


def read_span(text: str) -> timedelta | None:
    """Read hours and minutes, whole minutes, with no range check; None if it isn't one."""
    lowered = text.casefold().replace("\u2019", "'").replace("½", " and a half ")
    lowered = _ISH.sub("", lowered.replace("~", " "))
    lowered = _HEDGES.sub(" ", _RANGE.sub(r"\g<b> \g<unit>", lowered)).replace("-", " ")
    lowered = " ".join(lowered.split()).strip(" .,;:!?")
    lowered = _HALF_HOUR.sub("30 min", _BARE_HOUR.sub("1 ", lowered))
    lowered = _WORD_NUMBER.sub(_word_to_digits, lowered)
    lowered = _AND_A_HALF_BEFORE.sub(r"\g<n>.5 \g<unit>", lowered)
    lowered = _AND_A_HALF_AFTER.sub(r"\g<n>.5 \g<unit>", lowered)
    lowered = re.sub(r"\band\b|,(?!\d)", " ", lowered).strip()
    clock = _H_MM.fullmatch(lowered)
    if clock is not None:
        if int(clock["m"]) > 59:
            return None
        return timedelta(hours=int(clock["h"]), minutes=int(clock["m"]))
    total = timedelta()
    position = 0
    while position < len(lowered):
        part = _SPAN_PART.match(lowered, position)
        if part is None:
            return None
        amount = float(part["amount"].replace(",", "."))
        hours = part["unit"].startswith("h")
        total += timedelta(hours=amount) if hours else timedelta(minutes=amount)
        position = part.end()
    if position == 0:
        return None
    return timedelta(minutes=round(total.total_seconds() / 60))


def _word_to_digits(match: re.Match[str]) -> str:
    return str(NUMBER_WORDS[match[1]])


# Timeframes ---------------------------------------------------------------------------------

_WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_WEEKDAY_WORDS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_FILLERS = re.compile(
    r"^(?:by|before|until|till|til|within|in|on|around|about|approximately|roughly|"
    r"sometime|some time|no later than|not later than|latest|the|eod|cob|end of day|"
    r"end of the day|close of business|end of business)\s+"
)
_TRAILERS = re.compile(
    r"\s*\b(?:from now|from today|'s time|' time|time|or so|at the latest|latest|at most|max|"
    r"tops)$"
)
_TODAY_WORDS = frozenset(
    {"today", "tonight", "eod", "cob", "end of day", "end of the day", "end of today"}
    | {"close of business", "end of business"}
)
_SPAN_UNIT = r"(?P<unit>(?:business|working|work)\s+days?|workdays?|days?|weeks?|months?)"
_SPAN = re.compile(
    rf"(?P<n>{_NUMBER})(?:\s*(?:-|\u2013|\u2014|to|or)\s*(?P<n2>{_NUMBER}))?\s*{_SPAN_UNIT}"
    rf"(?:\s+or\s+(?P<n3>{_NUMBER}))?"
)
_WEEKDAY = re.compile(
    rf"(?:(?:this|next|coming|the coming|on)\s+)?(?P<weekday>{_WEEKDAY_WORDS})\.?"
    rf"(?P<next_week>\s+(?:of\s+)?next\s+week)?"
)
_NEXT_WEEK_DAY = re.compile(rf"next\s+week\s+(?:on\s+)?(?P<weekday>{_WEEKDAY_WORDS})\.?")
_PART = (
    r"(?P<part>early|beginning of|start of|the beginning of|the start of|mid|middle of|"
    r"the middle of|late|end of|the end of)"
)
_WEEK = re.compile(rf"(?:{_PART}\s*-?\s*)?(?P<which>this|the|next)\s+week")
_MONTH_AHEAD = re.compile(rf"(?:{_PART}\s*-?\s*)?(?P<which>this|the|next)\s+month")
_NAMED_MONTH = re.compile(
    rf"(?:{_PART}\s*-?\s*)?(?P<month>{MONTH_WORDS})\.?(?:\s+(?P<year>\d{{4}}))?"
)


def parse_timeframe(
    text: str, zone: ZoneInfo, now: datetime, anchor: datetime | None = None
) -> date | Refusal:
    """Read the local date by which an employer said they would decide ("by Friday").

    With `anchor` (the end of the interview, aware) the words count from the interview, as
    the employer meant them: "within a week" is a week after it, "by Friday" the first Friday
    on or after its day, and a date before the interview is refused. Without one they count
    from `now`, and a date already past is refused.

    Its refusals have their own keys (`timeframe_unreadable`, `timeframe_past`,
    `timeframe_too_far`), whose templates give timeframe examples, not appointment ones.
    """
    if now.tzinfo is None or (anchor is not None and anchor.tzinfo is None):
        raise ValueError("parse_timeframe needs an aware `now` and `anchor`")
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    base = (anchor or now).astimezone(zone).replace(tzinfo=None)
    today = base.date()
    lowered = _trimmed(spelt_out(cleaned.casefold().replace("\u2019", "'")))
    impossible = impossible_date(lowered, today)
    if impossible is not None:
        return impossible
    # "by 8 Dec" a few days before the interview is that date (refused below), not next year's.
    found = _read_timeframe(lowered, today, same_day=anchor is not None) or recently_passed(
        lowered, today
    )
    if found is None:
        parsed = read_date(lowered, base, PREFER_DAY_OF_MONTH="last")
        found = parsed.date() if parsed is not None else None
    if found is None:
        return Refusal("timeframe_unreadable", {"given": cleaned})
    if found < today and anchor is not None:
        return Refusal("before_interview", {"date": found, "interview": today})
    if found < today:
        return Refusal("timeframe_past", {"date": found})
    if found - today > MAX_AHEAD:
        return Refusal("timeframe_too_far", {"date": found, "limit_days": MAX_AHEAD.days})
    return found


def _trimmed(text: str) -> str:
    """Drop the words around a timeframe that don't change it ("by", "within", "from now")."""
    text = text.strip(" .!,;")
    while True:
        shorter = _TRAILERS.sub("", _FILLERS.sub("", text)).strip(" .!,;'")
        if shorter == text or not shorter:
            return text
        text = shorter


def _read_timeframe(text: str, today: date, *, same_day: bool = False) -> date | None:
    """The date a timeframe phrase ends on, or None to leave the phrase to dateparser.

    `same_day`: a weekday named on that weekday means that very day ("by Friday" said at a
    Friday interview), not a week later.
    """
    if text in _TODAY_WORDS:
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text in ("day after tomorrow", "the day after tomorrow"):
        return today + timedelta(days=2)
    if text in ("the week after next", "week after next"):
        return _friday_of(today) + timedelta(days=14)
    if (found := _weekday(text, today, same_day=same_day)) is not None:
        return found
    for reader in (_span, _week, _month_ahead, _named_month):
        found = reader(text, today)
        if found is not None:
            return found
    return None


def _span(text: str, today: date) -> date | None:
    match = _SPAN.fullmatch(text)
    if match is None:
        return None
    amounts = [_number(match[name]) for name in ("n", "n2", "n3") if match[name]]
    amount = max(amounts)
    unit = match["unit"]
    if unit.startswith(("business", "working", "work")):
        return add_business_days(today, amount)
    if unit.startswith("day"):
        return today + timedelta(days=amount)
    if unit.startswith("week"):
        return today + timedelta(weeks=amount)
    return _add_months(today, amount)


def _weekday(text: str, today: date, *, same_day: bool = False) -> date | None:
    match = _WEEKDAY.fullmatch(text) or _NEXT_WEEK_DAY.fullmatch(text)
    if match is None:
        return None
    weekday = _WEEKDAYS[match["weekday"]]
    if match.groupdict().get("next_week") or match.re is _NEXT_WEEK_DAY:
        return _monday_of(today) + timedelta(days=7 + weekday)
    ahead = (weekday - today.weekday()) % 7
    return today + timedelta(days=ahead if ahead or same_day else 7)


def _week(text: str, today: date) -> date | None:
    match = _WEEK.fullmatch(text)
    if match is None:
        return None
    part = match["part"]
    ends = part is None or _part_day(part) is None
    if match["which"] != "next":
        return _friday_of(today) if ends else None
    monday = _monday_of(today) + timedelta(days=7)
    if ends:
        return monday + timedelta(days=4)
    return monday + timedelta(days=1 if _part_day(part) == 10 else 2)


def _month_ahead(text: str, today: date) -> date | None:
    match = _MONTH_AHEAD.fullmatch(text)
    if match is None:
        return None
    first = today.replace(day=1)
    if match["which"] == "next":
        first = _add_months(first, 1)
    return _day_in_month(first.year, first.month, match["part"])


def _named_month(text: str, today: date) -> date | None:
    match = _NAMED_MONTH.fullmatch(text)
    if match is None:
        return None
    month = MONTHS[match["month"]]
    if match["year"]:
        year = int(match["year"])
    else:
        year = today.year if month >= today.month else today.year + 1
    return _day_in_month(year, month, match["part"])


def _part_day(part: str | None) -> int | None:
    """The day of the month a part of it ends on: early 10, mid 20, late or end None (last)."""
    if part is None:
        return None
    if part in ("early", "beginning of", "start of", "the beginning of", "the start of"):
        return 10
    if part in ("mid", "middle of", "the middle of"):
        return 20
    return None


def _day_in_month(year: int, month: int, part: str | None) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, _part_day(part) or last)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _friday_of(day: date) -> date:
    """This week's Friday; on a Saturday or Sunday, the coming one."""
    friday = _monday_of(day) + timedelta(days=4)
    return friday if friday >= day else friday + timedelta(days=7)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))
