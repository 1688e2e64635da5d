"""What the user promised to send after an interview, read as items with optional due days:
"yes a short write-up…, by monday" is the item "a short write-up", due Monday (local).

Pure: the time now, the user's zone and the interview's end (what "by Monday" counts from)
are passed in. A part that cannot be read as a due day stays in the item, so nothing typed is
lost; "no", "nothing" or a bare "yes" are no items at all.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.problems import Refusal
from bot.domain.records import Promise
from bot.parsing.durations import parse_timeframe

MAX_ITEMS = 6
MAX_ITEM = 160

_NOTHING = frozenset(
    {
        "no",
        "nope",
        "nah",
        "none",
        "nothing",
        "n/a",
        "na",
        "-",
        "nothing promised",
        "no nothing",
        "nothing yet",
        "not really",
        "nothing at all",
        "no promises",
        "nothing to send",
        "didn't promise anything",
        "i didn't promise anything",
        "i did not promise anything",
        "no i didn't",
        "no, nothing",
    }
)
_YES = re.compile(
    r"^(?:yes|yeah|yep|yup|ya|yea|sure|ok|okay|y|i did|i have|indeed|right)\b[\s,.:;!\-]*",
    re.IGNORECASE,
)
_LEAD_INS = re.compile(
    r"^(?:and|also|plus|then|as well as|"
    r"i (?:promised|said|offered|agreed|told them|told him|told her)(?: (?:i'?d|i would|i will|"
    r"i'?ll|to))?(?: (?:send|share|email|forward|provide|follow up with|get them|get him|"
    r"get her))?(?: (?:them|him|her|over))?|"
    r"i'?ll (?:send|share|email|forward|provide)(?: (?:them|him|her|over))?|"
    r"i (?:will|need to|have to|must|should|owe them)(?: (?:send|share|email|forward|provide))?"
    r"(?: (?:them|him|her|over))?|"
    r"(?:to )?(?:send|share|email|forward|provide)(?: (?:them|him|her|over))?)\b[\s,:]*",
    re.IGNORECASE,
)
_ITEM_SEPARATORS = re.compile(
    r"\s*(?:[;\n]|,\s*and\b|,|\band also\b|\bas well as\b|\bplus\b|&|"
    r"\band\b(?=\s+(?:a|an|the|my|some|two|three|four|\d+|references?|links?|examples?|"
    r"samples?|slides?|copies|copy|details|notes?|list|summary|write-?up|deck|portfolio|"
    r"code|case|doc|docs|document|documents|plan|proposal)\b))\s*",
    re.IGNORECASE,
)
_DUE_STARTS = re.compile(
    r"\b(?:by|before|within|in|on|until|till|no later than|end of|tomorrow|today|tonight|"
    r"this|next|early|later|mid|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b",
    re.IGNORECASE,
)
_DANGLING = frozenset({"from", "of", "about", "for", "with", "at", "to", "on", "in", "the"})
"""A word an item cannot end on: what follows it is part of the item, not its due day."""
_DECAPITALISED = frozenset(
    {"a", "an", "the", "my", "some", "two", "three", "four", "five", "our", "their", "your"}
)


def read_materials(
    text: str | None, zone: ZoneInfo, now: datetime, anchor: datetime | None = None
) -> tuple[Promise, ...]:
    """Read what was promised as items, each with the local day it is due by when one is said
    ("by Monday", "tomorrow", "end of next week", counted from `anchor`, the interview's end).
    Empty for "no", "nothing" and the like, and for a bare "yes" (nothing named)."""
    if not text or says_nothing(text):
        return ()
    cleaned = " ".join(text.replace("\u2026", " ").replace("...", " ").split())
    found: list[Promise] = []
    for part in _ITEM_SEPARATORS.split(_stripped(cleaned)):
        part = _stripped(part)
        if not part:
            continue
        due = _due(part, zone, now, anchor)
        if due is not None and not due[0]:
            # "…, by Monday" after the items: the day counts for those that have none yet.
            found = [p if p.due else Promise(p.item, due[1]) for p in found]
            continue
        words, day = due if due is not None else (part, None)
        item = _item(words)
        if item:
            found.append(Promise(item, day))
    return tuple(found[:MAX_ITEMS])


def says_nothing(text: str) -> bool:
    """Tell whether the words say nothing was promised ("no", "nothing", "not really")."""
    return _plain(text) in _NOTHING


def _due(
    part: str, zone: ZoneInfo, now: datetime, anchor: datetime | None
) -> tuple[str, date] | None:
    """Split a trailing due day off a part: ("a short write-up", date) or None."""
    for start in _DUE_STARTS.finditer(part):
        head, tail = part[: start.start()].strip(" ,.;:-"), part[start.start() :]
        if head.rsplit(" ", 1)[-1].casefold() in _DANGLING:
            continue  # "the slides from today": the day belongs to the item
        read = parse_timeframe(tail, zone, now, anchor)
        if not isinstance(read, Refusal):
            return head, read
    return None


def _stripped(text: str) -> str:
    """Drop a leading "yes" and lead-ins such as "I promised to send" (repeatedly)."""
    text = text.strip(" ,.;:!-")
    while True:
        shorter = _LEAD_INS.sub("", _YES.sub("", text)).strip(" ,.;:!-")
        if shorter == text:
            return text
        text = shorter


def _item(text: str) -> str | None:
    """Tidy one item for the middle of a sentence, or None when nothing is named."""
    item = _stripped(text)[:MAX_ITEM].strip(" ,.;:!-")
    if not any(ch.isalnum() for ch in item) or _plain(item) in _NOTHING:
        return None
    first, _, rest = item.partition(" ")
    if first.lower() in _DECAPITALISED and first == first.capitalize():
        item = f"{first.lower()} {rest}".strip()
    return item


def _plain(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").strip(" .!,;:").split())
