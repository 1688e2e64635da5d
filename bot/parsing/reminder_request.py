"""Read a reminder asked for in a sentence: "remind me tomorrow at 9 to send the portfolio".

The whole sentence comes in, with or without its opening ("remind me", "nudge me", "ping me",
"can you remind me", "please"), and is cut into *when* and *what*:

- when first: "tomorrow at 9 to send the portfolio", "on Friday about the references": the
  first joining word (to, about, that, of, re, regarding, or a colon) ends the when;
- what first: "to send the portfolio tomorrow at 9": the when is the shortest tail that
  reads as a date, tried from the earliest word that can start one ("tomorrow", "at 9",
  "on Friday", "next thurs", "in 2 hours", a date);
- a when first with no joining word ("Friday 10:00 call Rui"): the longest opening run of
  words that reads as a date;
- a when alone ("tomorrow at 9"): the what is missing.

The when is read by `parse_moment` in the user's zone (the same rules as an interview's date,
so "at 9" is the next 09:00 and "in 2 hours" counts from now). A day without a time ("on
Friday", "tomorrow") gets DEFAULT_TIME, a part of the day ("tomorrow evening") its own hour;
`time_given` says which, so the coach can say it chose the time. Short forms people type
("tmrw", "thurs", "weds") are spelled out first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.problems import Refusal
from bot.parsing.moments import SHORT_WORDS, Moment, parse_moment

MAX_LENGTH = 300
"""The longest sentence read."""
MAX_TEXT = 200
"""The longest reminder text kept."""
DEFAULT_TIME = time(9, 0)
"""The time of a reminder for a day named without one ("on Friday")."""
PARTS_OF_DAY: dict[str, time] = {
    "morning": time(9, 0),
    "afternoon": time(14, 0),
    "evening": time(18, 0),
    "tonight": time(20, 0),
    "night": time(20, 0),
}
"""The time of a reminder for a part of a day ("tomorrow evening")."""
MAX_TRIES = 8
"""At most this many tails are read as a when in a what-first sentence."""

WEEKDAYS = {
    "monday": ("mon", "mond"),
    "tuesday": ("tue", "tues", "tu"),
    "wednesday": ("wed", "weds", "wednes"),
    "thursday": ("thu", "thur", "thurs", "thr", "thrs"),
    "friday": ("fri", "frid"),
    "saturday": ("sat",),
    "sunday": ("sun",),
}
_SHORT_FORMS: dict[str, str] = SHORT_WORDS | {
    "frid": "friday",
    "tdy": "today",
    "hrs": "hours",
    "hr": "hour",
    "mins": "minutes",
    "min": "minute",
}
"""The short forms parse_moment spells out (moments.SHORT_WORDS), and a few more a reminder's
"in 2 hrs" or "tdy" needs."""
_SHORT_WORD = re.compile(r"\b(" + "|".join(sorted(_SHORT_FORMS, key=len, reverse=True)) + r")\b")

_DAY_WORDS = "|".join(
    sorted({*WEEKDAYS, *(s for shorts in WEEKDAYS.values() for s in shorts)}, key=len, reverse=True)
)
_MONTH_WORDS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_RELATIVE = r"tomorrow|tmrw|tmr|tmrow|tmw|tomoz|tomorow|tommorow|tommorrow|2moro|2morrow|today|tdy"
_THING_AFTER_NEXT = rf"(?:{_DAY_WORDS}|week|month|morning|afternoon|evening|weekend)\b"
_MARKER = re.compile(
    r"\b(?:"
    rf"(?:{_RELATIVE}|tonight|tonite)\b"
    rf"|(?:{_DAY_WORDS})\b"
    rf"|(?:on|by)\s+(?:the\s+\d|\d|(?:{_DAY_WORDS})\b|(?:{_MONTH_WORDS})\b)"
    rf"|(?:next|this|coming)\s+{_THING_AFTER_NEXT}"
    r"|at\s+(?:\d|noon\b|midday\b|midnight\b)"
    r"|in\s+(?:\d|an?\s+(?:hour|minute|min|day|week)|half\s+an\s+hour)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_WORDS})\b"
    rf"|(?:{_MONTH_WORDS})\s+\d"
    r"|\d{1,2}(?::\d{2})?\s*[ap]\.?m\b"
    r"|\d{1,2}:\d{2}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r")",
    re.IGNORECASE,
)
"""Where a when can start inside a sentence (a what-first sentence is cut there)."""

_OPENING = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|coach)\b[\s,!.]*)*"
    r"(?:(?:please|pls|plz|kindly)\b[\s,]*)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:"
    r"(?:remind|nudge|ping|message|text|tell|alert|notify)\s+me\b"
    r"|(?:set|add|create|make)\s+(?:me\s+)?(?:a\s+|an\s+)?(?:reminder|nudge)(?:\s+for\s+me)?\b"
    r"|(?:a\s+)?reminder\b"
    r"|remind\b"
    r")?"
    r"[\s,:]*(?:please\b[\s,]*)?",
    re.IGNORECASE,
)
_JOIN = rf"to|about|that|of(?!\s+(?:{_MONTH_WORDS})\b)|re|regarding"
_JOINER = re.compile(rf"(?:\s+(?:{_JOIN})\b\s*|\s*[:\u2013\u2014]\s+|\s+-\s+)", re.IGNORECASE)
"""The word that ends a when-first sentence's when ("... at 9 to ...", "... Friday: ...")."""
_LEADING_JOIN = re.compile(rf"^(?:(?:{_JOIN})\b\s*|[:\u2013\u2014-]\s*)", re.IGNORECASE)
_TRAILING = re.compile(
    r"(?:[\s,;:.!?\u2026-]|\b(?:please|pls|plz|thanks|thank\s+you|thx|ty)\b)+$", re.IGNORECASE
)
_PART_OF_DAY = re.compile(
    r"\b(?:(?:in\s+the|this)\s+)?(?P<part>morning|afternoon|evening|tonight|night)\b",
    re.IGNORECASE,
)
_ORDINAL_DAY = re.compile(r"\b(?:on\s+)?the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!\s*of\b)")
_LEADING_ON = re.compile(r"^(?:on|by|for)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class ReminderRequest:
    """A reminder read from a sentence: when (UTC and the user's local time), its text, and
    whether the sentence gave the time of day (else DEFAULT_TIME or a part of the day's)."""

    utc: datetime
    local: datetime
    text: str
    time_given: bool


@dataclass(frozen=True)
class _When:
    """A when read from part of the sentence."""

    moment: Moment
    time_given: bool


def parse_reminder_request(text: str, zone: ZoneInfo, now: datetime) -> ReminderRequest | Refusal:
    """Read "remind me tomorrow at 9 to send the portfolio" (the whole sentence or without
    its opening) in the user's zone: the moment, later than now, and the reminder's text.

    Refusals: `empty`, `too_long`; `reminder_when` (no day or time found, with the text
    read so far as `what`); `reminder_what` (a when but nothing to remind of, with `when`
    and `zone`); `reminder_past` (`when`, `zone`, `what`); `reminder_time` (today named
    without a time after DEFAULT_TIME, with `date` and `what`); and the date refusals of
    `parse_moment` (`too_far`, `impossible_date`).
    """
    if now.tzinfo is None:
        raise ValueError("parse_reminder_request needs an aware `now`")
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    body = _OPENING.sub("", cleaned, count=1)
    body = _TRAILING.sub("", body)
    found = _split(body, zone, now)
    if isinstance(found, Refusal):
        return found
    when, what = found
    return _request(when, what, zone, now)


def _split(body: str, zone: ZoneInfo, now: datetime) -> tuple[_When | Refusal, str] | Refusal:
    """Cut the sentence into its when (read, or why not) and its what."""
    if not _LEADING_JOIN.match(body):
        joiner = _JOINER.search(body)
        if joiner is not None:
            read = read_when(body[: joiner.start()], zone, now)
            if isinstance(read, _When) and not read.time_given:
                return _time_at_end(body[: joiner.start()], body[joiner.end() :], read, zone, now)
            if not _unreadable(read):
                return read, body[joiner.end() :]
        else:
            read = read_when(body, zone, now)
            if not _unreadable(read):
                return read, ""
    # What first ("to send the portfolio tomorrow at 9"), or a when we could not find above.
    for tries, marker in enumerate(_MARKER.finditer(body)):
        if tries >= MAX_TRIES:
            break
        read = read_when(body[marker.start() :], zone, now)
        if not _unreadable(read):
            return read, body[: marker.start()]
    starts = _MARKER.match(body)
    if starts is not None:
        # A when first with no joining word ("friday 10:00 follow up with Rui"): the longest
        # opening run of words that reads as a when.
        words = body.split(" ")
        for count in range(min(len(words) - 1, MAX_TRIES), 0, -1):
            read = read_when(" ".join(words[:count]), zone, now)
            if not _unreadable(read):
                return read, " ".join(words[count:])
    what = clean_text(body)
    return Refusal("reminder_when", {"what": what} if what else {})


def _time_at_end(
    day: str, what: str, read: _When, zone: ZoneInfo, now: datetime
) -> tuple[_When, str]:
    """Find the time of a day-only when at the end of the what ("tomorrow to call Ana at 5"
    is tomorrow at 17:00 to call Ana); without one, the day at its default time."""
    for tries, marker in enumerate(_MARKER.finditer(what)):
        if tries >= MAX_TRIES:
            break
        timed = read_when(f"{day} {what[marker.start() :]}", zone, now)
        if isinstance(timed, _When) and timed.time_given:
            return timed, what[: marker.start()]
    return read, what


def _unreadable(read: _When | Refusal) -> bool:
    """Tell whether a piece of the sentence holds no when at all (so look elsewhere)."""
    return isinstance(read, Refusal) and read.key in ("unreadable", "empty", "too_long")


def _request(
    read: _When | Refusal, what_raw: str, zone: ZoneInfo, now: datetime
) -> ReminderRequest | Refusal:
    """Join the when and the what, or say which of them is missing or wrong."""
    what = clean_text(what_raw)
    if isinstance(read, Refusal):
        if read.key == "in_past":
            return _past(read.params.get("when"), read.params.get("date"), what, zone)
        if read.key == "need_time":
            return Refusal("reminder_time", {"date": read.params["date"], "what": what})
        return read
    moment = read.moment
    if not what or not _has_word(what):
        return Refusal("reminder_what", {"when": moment.utc, "zone": zone.key})
    if len(what) > MAX_TEXT:
        return Refusal("too_long", {"limit": MAX_TEXT, "length": len(what)})
    return ReminderRequest(
        utc=moment.utc, local=moment.local, text=what, time_given=read.time_given
    )


def _past(when: object, day: object, what: str, zone: ZoneInfo) -> Refusal:
    """Refuse a when that has passed, keeping the text to quote it back."""
    params: dict[str, object] = {"what": what, "zone": zone.key}
    if isinstance(when, datetime):
        params["when"] = when
    elif isinstance(day, date):
        params["date"] = day
    return Refusal("reminder_past", params)


def read_when(text: str, zone: ZoneInfo, now: datetime) -> _When | Refusal:
    """Read the when of a reminder: a moment, or a day (at DEFAULT_TIME or its part of the
    day's time); "unreadable" when the text holds no date or time."""
    words = spell_out(" ".join(text.split()).strip(" ,;"))
    if not words:
        return Refusal("empty")
    words = _ordinal_day(words, now.astimezone(zone).date())
    default = DEFAULT_TIME
    part = _PART_OF_DAY.search(words)
    if part is not None:
        default = PARTS_OF_DAY[part["part"].casefold()]
        words = " ".join((words[: part.start()] + " " + words[part.end() :]).split())
        if part["part"].casefold() == "tonight" or not words:
            words = f"today {words}".strip()
    words = _LEADING_ON.sub("", words)
    read = parse_moment(words, zone, now)
    if isinstance(read, Moment):
        return _When(read, time_given=part is None)
    if read.key != "need_time":
        return read
    day = read.params["date"]
    assert isinstance(day, date)
    at_default = parse_moment(f"{day.isoformat()} {default:%H:%M}", zone, now)
    if isinstance(at_default, Moment):
        return _When(at_default, time_given=False)
    if at_default.key == "in_past" and day == now.astimezone(zone).date() and part is None:
        # "today" alone, after the default time: ask for the time rather than call it past.
        return Refusal("need_time", {"date": day})
    return at_default


def spell_out(text: str) -> str:
    """Spell out the short forms dateparser does not read ("tmrw", "thurs", "weds")."""
    return _SHORT_WORD.sub(lambda m: _SHORT_FORMS[m[1].casefold()], text.casefold())


def _ordinal_day(text: str, today: date) -> str:
    """Turn "on the 3rd" into the next 3rd of a month ("3 December"), which dateparser
    misreads; a day this month has not reached yet is this month's, else next month's."""
    match = _ORDINAL_DAY.search(text)
    if match is None:
        return text
    number = int(match["day"])
    month = date(today.year, today.month, 1)
    for _ in range(3):
        try:
            day = month.replace(day=number)
        except ValueError:
            day = None
        if day is not None and day >= today:
            named = f"{day.day} {day:%B} {day.year}"
            return text[: match.start()] + named + text[match.end() :]
        month = (month + timedelta(days=32)).replace(day=1)
    return text


def clean_text(raw: str) -> str:
    """Tidy a reminder's text: no joining word or punctuation around it, a capital first
    letter ("to send the portfolio?" -> "Send the portfolio")."""
    text = " ".join(raw.split())
    text = _LEADING_JOIN.sub("", text)
    text = _TRAILING.sub("", text).strip(" ,;:")
    text = re.sub(r"^please\b[\s,]*", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def _has_word(text: str) -> bool:
    """Tell whether text holds at least one letter or digit (not only emoji or dots)."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)
