"""Read a pasted interview invitation: an email, a recruiter's chat message, calendar text.

`read_invitation` returns what it could read (company, role, date and time, timezone, length,
kind of round, interviewers) or None when the text does not clearly look like an invitation:
it needs at least two non-empty lines, a date and a time of day, a word naming an interview or
a meeting, and something only an invitation says (an invite, a slot, who the candidate will
meet, a calendar's When/Organizer/Guests, a video link). A message in the candidate's own voice
("my interview is...", "should I...", "remind me...") is never one.

Decisions:

- the date and time come from the first line holding both (a "When:" line first), else from
  the first date and the first time found; a time range ("14:00 - 15:00", "2pm - 3pm") also
  gives the length, else a length said near the time ("45 min on Teams", "for an hour");
- a day and month without a year is this year's if it passed less than half a year ago (an
  invitation pasted after the interview), else the next one; "next Thu", "tomorrow" count
  from `now` in `zone`; numeric dates are read day first ("10/12/2026" is 10 December);
- the timezone is the one named next to the time ("(GMT+00:00) Lisbon", "(Lisbon time)",
  "CET") or an IANA name anywhere ("Europe/Lisbon"); an abbreviation several zones share
  ("BST", "IST") names none, and the time is then read in the user's own zone;
- a video link (Zoom, Teams, Meet, Webex) is only noted as seen: it is never returned;
- interviewers are the people the text says the candidate meets ("You'll meet Ana Silva (Head
  of Data) and Tomás Reis", "with Rui Costa, VP Eng") or lists ("Interviewers:", "Attendees",
  "Guests"), leaving out the candidate (greeted by name, marked "you", or on a personal email
  address), the organizer and the sender who signs the message;
- the company comes from a "Company:" line, a legal name ("Acme Ltd"), "at Acme" / "@ Acme",
  the subject line, the signature, or else the sender's email domain (never a personal one).
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.problems import Refusal
from bot.parsing.durations import parse_duration
from bot.parsing.moments import BARE_PM_UNTIL, MONTH_WORDS, MONTHS, read_date
from bot.parsing.zones import ZoneMatch, parse_zone

MAX_TEXT = 10_000
"""Longer text is not read at all: no invitation is that long once its footer is cut."""
NAME_LIMIT = 80
"""The longest company or role kept: what the `company` and `role` validators accept."""
NAMES_LIMIT = 200
"""The longest interviewer list kept, joined: what the `names` validator accepts."""
RECENTLY_PASSED = timedelta(days=183)
FORMATS = ("panel", "presentation", "culture", "logistics", "mixed")
"""The ids of the `format` question in dialogs/interviews.yaml."""

# Video links ---------------------------------------------------------------------------------

_VIDEO_HOSTS = (
    r"zoom\.us|zoom\.com|teams\.microsoft\.com|teams\.live\.com|meet\.google\.com|webex\.com"
)
_VIDEO_LINK = re.compile(rf"(?:https?://)?(?:[\w-]+\.)*(?:{_VIDEO_HOSTS})(?:/\S*)?", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DIAL_IN = re.compile(
    r"^(?:meeting id|passcode|password|pin|dial|one tap|phone|tel|conference id|access code)\b",
    re.IGNORECASE,
)

# Dates and times -----------------------------------------------------------------------------

_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAY_ABBR = r"Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun"
_YEAR = r"(?:,?\s+(?P<year>\d{4})\b)?"
_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<month>{MONTH_WORDS})\b\.?{_YEAR}",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{MONTH_WORDS})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![:.]\d){_YEAR}",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")
_RELATIVE_DATE = re.compile(
    rf"\b(?:today|tomorrow|(?:(?:next|this|on|coming)\s+)?(?:{_WEEKDAYS}))\b"
    rf"|\b(?:(?:next|this|on|coming)\s+)?(?:{_WEEKDAY_ABBR})\b\.?(?!\w)",
    re.IGNORECASE,
)
_WEEKDAY_ABBR_ONLY = re.compile(rf"(?:(?:next|this|on|coming)\s+)?(?:{_WEEKDAY_ABBR})\.?", re.I)

_AMPM = r"(?P<{}>[ap])\.?\s?m\b\.?"
_CLOCK = (
    r"(?P<{h}>\d{{1,2}})(?:(?::|h)(?P<{m}>\d{{2}})|\.(?P<{d}>\d{{2}})(?=\s*[ap]\.?\s?m))?"
    r"(?:\s*" + _AMPM + r")?"
)


def _clock(prefix: str) -> str:
    return _CLOCK.format(f"{prefix}ap", h=f"{prefix}h", m=f"{prefix}m", d=f"{prefix}d")


_RANGE = re.compile(
    rf"(?<![\d:./-]){_clock('s')}\s*(?:-|\u2013|\u2014|to|until|till)\s*{_clock('e')}(?![\d:])",
    re.IGNORECASE,
)
_TIME = re.compile(rf"(?<![\d:./-]){_clock('s')}(?![\d:])", re.IGNORECASE)
_AT_HOUR = re.compile(r"\bat\s+(?P<sh>\d{1,2})\b(?![:./-]\d)(?!\s*(?:st|nd|rd|th|%)\b)", re.I)
_NOON = re.compile(r"\b(?:at\s+)?(?P<word>noon|midday)\b", re.IGNORECASE)

_DURATION = re.compile(
    r"\b(?:\d+(?:[.,]\d+)?|an?|one|two|half\s+an?)\s*-?\s*(?:hours?|hrs?|h|minutes?|mins?)\b"
    r"(?:\s*(?:and\s+)?\d+\s*(?:minutes?|mins?))?",
    re.IGNORECASE,
)
_DURATION_CUE = re.compile(
    r"(?:\bfor|\blasts?|\blasting|\btakes?|\bduration:?|\blength:?|\babout|\baround|\bapprox\w*"
    r"|~)\s*$",
    re.IGNORECASE,
)

# Recognising an invitation -------------------------------------------------------------------

_SUBJECT = re.compile(
    r"\b(?:interview\w*|meeting|call|chat|conversation|round|session|invit\w*|stage)\b", re.I
)
_CUE = re.compile(
    r"\binvit\w*|\bschedul\w*|\bconfirm\w*|\bbook(?:ed)?\b|\bslot\b|\bavailab\w*"
    r"|\blooking forward\b"
    r"|\byou(?:'|\u2019)?(?:ll| will|'d|\u2019d| would)\s+(?:be\s+)?(?:meet|speak|talk|chat)"
    r"|\bmeet with\b|\bspeak with\b|^\s*(?:when|where|date|time|organi[sz]er|attendees|guests"
    r"|interviewers?|subject|who)\b\s*:?|\bjoin\b|\bzoom\b|\bteams\b|\bgoogle meet\b|\bwebex\b"
    r"|\bcalendar\b|\bdear\b|\bpanel\b|\bnext (?:round|stage|step)\b|\bmove you\b|\bagenda\b",
    re.IGNORECASE | re.MULTILINE,
)
_OWN_VOICE = re.compile(
    r"\bmy (?:\w+ )?interview\b|\bshould i\b|\bremind me\b|\bnudge me\b"
    r"|\bi(?:'ve|\u2019ve| had| have) (?:a|an|my|the) (?:\w+ )?(?:interview|call|meeting)\b"
    r"|\bi(?:'|\u2019)?m nervous\b|\bthey said\b|\bwent (?:well|ok|okay|badly|great|fine)\b"
    r"|\bi am nervous\b|\bany tips\b|\bwhat should\b|\bdo you think\b|\bchase them\b|\bhow do i\b",
    re.IGNORECASE,
)

# People, companies, roles --------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A set of the words of a text (long word lists are easier to read as text)."""
    return frozenset(text.split())


_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "van", "von", "der", "den", "del", "di"})
_PARTICLES |= frozenset({"la", "le", "du", "y", "e", "bin", "al"})
TITLE_WORDS = _words(
    """
    vp svp evp avp head director manager lead engineer cto ceo cfo coo cpo cio founder
    co-founder partner recruiter designer analyst scientist officer president chief
    senior principal staff architect product engineering developer owner specialist
    consultant coordinator hr people talent team marketing sales data finance operations
    eng executive associate intern researcher advisor adviser md gm editor writer
    teacher nurse accountant counsel lawyer administrator admin assistant representative
    rep acquisition sourcer business tech technology design research software hiring
    """
)
_NOT_NAMES = _words(
    """
    the a an our your their my this that we you i hi hello dear thanks thank best kind
    regards zoom teams microsoft google meet webex join meeting interview interviews
    round second third final first next when where date time who organizer organiser
    attendees guests invitation invite subject please looking calendar office room floor
    building street rua avenida avenue road online video call phone remote hybrid onsite
    agenda panel presentation case study lunch coffee tomorrow today tonight noon midday
    morning afternoon evening monday tuesday wednesday thursday friday saturday sunday
    mon tue tues wed thu thur thurs fri sat sun gmt utc cet wet bst est pst ist ltd
    limited inc llc llp gmbh plc ag bv corp corporation lda sa sl sas oy ab nv spa pty
    """
) | frozenset(MONTHS)
_PERSONAL_DOMAINS = _words(
    """
    gmail googlemail outlook hotmail live msn yahoo icloud me mac proton protonmail pm
    aol gmx mail zoho yandex hey fastmail tutanota zoom google microsoft calendar
    """
)
_LEGAL = (
    r"Ltd|Limited|Inc|LLC|LLP|GmbH|S\.A\.|SA|Lda|plc|PLC|AG|BV|B\.V\.|Corp|Corporation|SL|SAS|Oy"
    r"|AB|NV|SpA|Pty"
)
_CAPS_WORD = r"[A-ZÀ-ÖØ-Þ][\w&'\u2019.+-]*"
_CAPS = rf"{_CAPS_WORD}(?:\s+(?:&\s+)?{_CAPS_WORD}){{0,3}}"
_LEGAL_NAME = re.compile(rf"\b(?P<name>{_CAPS})\s+(?:{_LEGAL})(?![\w])")
_COMPANY_LINE = re.compile(
    r"^\s*(?:company|employer|organi[sz]ation)\s*:\s*(?P<name>.+)$", re.I | re.M
)
_AT_COMPANY = re.compile(rf"(?:\b(?:at|join|joining)\s+|(?<![\w.])@\s*)(?P<name>{_CAPS})")
_EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_ROLE_LINE = re.compile(
    r"^\s*(?:role|position|job|job title|vacancy)\s*:\s*(?P<role>.+)$", re.I | re.M
)
_ROLE_OF = re.compile(
    r"\b(?:position|role|post|vacancy)\s+(?:of|as)\s+(?:an?\s+|the\s+)?(?P<role>[^\n.,;()!?]+)",
    re.I,
)
_ROLE_FOR = re.compile(
    r"\bfor\s+(?:the|our|a|an|your)\s+(?P<role>[^\n.,;()!?]{2,80}?)\s+"
    r"(?:role|position|job|opening|vacancy|post)\b",
    re.IGNORECASE,
)
_ROLE_CAPS = re.compile(rf"\b(?P<role>{_CAPS})\s+(?:role|position)\b")
_ROUND = re.compile(
    r"\b(?P<which>second|2nd|third|3rd|final|last)\s+(?:round|interview|stage)\b", re.I
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\s+"
    r"(?P<name>[^\W\d_][\w'\u2019-]*)",
    re.IGNORECASE | re.MULTILINE,
)
_SIGN_OFF = re.compile(
    r"^\s*(?:best|kind regards|regards|best regards|warm regards|many thanks|thanks|thank you"
    r"|cheers|sincerely|all the best|best wishes|speak soon|talk soon)\s*[,!.]?\s*$",
    re.IGNORECASE,
)
_MEET = re.compile(
    r"\b(?:(?:you(?:'|\u2019)?(?:ll| will|'d|\u2019d| would)|will|to|going to)\s+(?:be\s+)?"
    r"(?:meet(?:ing)?|speak(?:ing)?|talk(?:ing)?|chat(?:ting)?)(?:\s+(?:with|to))?"
    r"|\b(?:meet|speak|talk|chat)(?:ing)?\s+(?:with|to)|\binterview(?:ed|ing)?\s+(?:with|by)"
    r"|\bjoined by|\bwith)\s+",
    re.IGNORECASE,
)
_LIST_LABEL = re.compile(
    r"^\s*(?P<label>interviewers?|interview panel|panel|you(?:'|\u2019)ll meet|you will meet"
    r"|attendees|required attendees|optional attendees|guests|participants|invitees|who"
    r"|required|optional|organi[sz]er)\s*(?::\s*(?P<rest>.*)|\s*$)",
    re.IGNORECASE,
)
_ANY_LABEL = re.compile(r"^\s*[A-Za-z][A-Za-z ]{0,24}:")
_FORMAT_WORDS: dict[str, re.Pattern[str]] = {
    "panel": re.compile(r"\bpanel\b|\bstakeholders?\b|\bcross-functional\b|\bcommittee\b", re.I),
    "presentation": re.compile(
        r"\bpresent(?:ation)?\b|\bcase (?:study|interview|exercise)\b|\btake-home\b"
        r"|\bassignment\b|\bdemo\b|\bwhiteboard\w*\b|\btechnical exercise\b|\blive coding\b",
        re.I,
    ),
    "culture": re.compile(
        r"\bculture\b|\bcultural\b|\bvalues\b|\bpeers?\b|\bfuture colleagues\b|\bteammates\b"
        r"|\bteam fit\b|\bmeet the team\b|\binformal chat\b|\bcoffee chat\b",
        re.I,
    ),
    "logistics": re.compile(
        r"\bsalary\b|\bcompensation\b|\bbenefits\b|\brelocation\b|\bremuneration\b"
        r"|\bstart date\b|\bnotice period\b",
        re.I,
    ),
}
PANEL_SIZE = 3
"""Meeting this many people or more, with nothing else said, is a panel."""


@dataclass(frozen=True)
class Invitation:
    """What a pasted invitation says about the interview. Nothing here is the video link."""

    company: str | None
    role: str | None
    starts_local: datetime
    """The naive wall-clock start, in `zone_name` if the text named a zone, else the user's."""
    zone_name: str | None = None
    duration_min: int | None = None
    format: str | None = None
    """One of FORMATS, or None when the text does not say."""
    interviewers: tuple[str, ...] = ()
    """Names with their roles when given: "Rui Costa (VP Engineering)"."""
    round: str | None = None
    """"second", "third" or "final" when the text says so (the /interviews round ids)."""
    video_link_seen: bool = False

    def as_answers(self) -> dict[str, Any]:
        """Return the invitation as plain JSON data, as the invitation dialog starts with it."""
        return {
            "company": self.company,
            "role": self.role,
            "starts_local": self.starts_local.isoformat(timespec="minutes"),
            "zone": self.zone_name,
            "duration_min": self.duration_min,
            "format": self.format,
            "interviewers": list(self.interviewers),
            "round": self.round,
            "video_link": self.video_link_seen,
        }


@dataclass
class _Person:
    name: str
    role: str | None = None
    excluded: bool = False


@dataclass
class _Reading:
    """The text prepared once: its lines without links and dial-in details."""

    lines: list[str]
    text: str
    video: bool
    emails: list[str] = field(default_factory=list)


def read_invitation(text: str, zone: ZoneInfo, now: datetime) -> Invitation | None:
    """Read a pasted invitation, or return None when the text does not look like one."""
    if now.tzinfo is None:
        raise ValueError("read_invitation needs an aware `now`")
    if len(text) > MAX_TEXT:
        return None
    reading = _prepare(text)
    if sum(1 for line in reading.lines if line) < 2 or _OWN_VOICE.search(reading.text):
        return None
    if not _SUBJECT.search(reading.text) or not (_CUE.search(reading.text) or reading.video):
        return None
    when = _when(reading.lines, now.astimezone(zone).replace(tzinfo=None))
    if when is None:
        return None
    start, minutes, time_line, time_end = when
    people = _interviewers(reading)
    company = _company(reading, {p.name for p in people})
    for person in people:
        if company and person.role and person.role.casefold() == company.casefold():
            person.role = None  # "Ana Silva from Acme"
    interviewers = tuple(_shown(p) for p in people if not p.excluded and p.name != company)
    return Invitation(
        company=company,
        role=_role(reading.text),
        starts_local=start,
        zone_name=_zone(reading, time_line, time_end),
        duration_min=minutes or _duration(reading.lines, time_line),
        format=_format(reading.text, len(interviewers)),
        interviewers=_within(interviewers),
        round=_round(reading.text),
        video_link_seen=reading.video,
    )


def _prepare(text: str) -> _Reading:
    """Split into lines (one blank line kept where there were some, as it ends a list of
    guests); cut video links, other links and dial-in lines out."""
    cleaned = text.replace("\u00a0", " ").replace("\u202f", " ").replace("⋅", " ")
    lines: list[str] = []
    for raw in cleaned.splitlines():
        line = " ".join(_URL.sub(" ", _VIDEO_LINK.sub(" ", raw)).split())
        if not line:
            if lines and lines[-1]:
                lines.append("")
        elif not _DIAL_IN.match(line):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    joined = "\n".join(lines)
    return _Reading(
        lines=lines,
        text=joined,
        video=bool(_VIDEO_LINK.search(cleaned)),
        emails=[m.group(0) for m in _EMAIL.finditer(joined)],
    )


# When ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    line: int
    start: int
    end: int
    value: Any


def _when(lines: list[str], base: datetime) -> tuple[datetime, int | None, int, int] | None:
    """Find the start (naive local), the length a range gives, and where the time was."""
    dates = [d for i, line in enumerate(lines) for d in _dates(line, i, base.date())]
    times = [t for i, line in enumerate(lines) for t in _times(line, i)]
    if not dates or not times:
        return None
    labelled = [i for i, line in enumerate(lines) if re.match(r"\s*when\b", line, re.I)]
    both = sorted(
        {d.line for d in dates} & {t.line for t in times}, key=lambda i: i not in labelled
    )
    if both:
        line = both[0]
        day = next(d for d in dates if d.line == line)
        clock = next(t for t in times if t.line == line)
    else:
        day, clock = dates[0], times[0]
    at, minutes = clock.value
    return datetime.combine(day.value, at), minutes, clock.line, clock.end


def _dates(line: str, index: int, today: date) -> list[_Found]:
    """Every date named on one line, in order."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: date | None) -> None:
        if value is not None and not any(s < end and start < e for s, e in taken):
            taken.append((start, end))
            found.append(_Found(index, start, end, value))

    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(line):
            year = int(m["year"]) if m["year"] else None
            add(
                m.start(),
                m.end(),
                _named_day(int(m["day"]), MONTHS[m["month"].lower()], year, today),
            )
    for m in _ISO_DATE.finditer(line):
        add(m.start(), m.end(), _real(int(m["year"]), int(m["month"]), int(m["day"])))
    for m in _NUMERIC_DATE.finditer(line):
        a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
        year += 2000 if year < 100 else 0
        day, month = (b, a) if b > 12 else (a, b)
        add(m.start(), m.end(), _real(year, month, day))
    if not found:
        for m in _RELATIVE_DATE.finditer(line):
            if (
                _WEEKDAY_ABBR_ONLY.fullmatch(m.group(0))
                and not m.group(0).lstrip().split()[-1][0].isupper()
            ):
                continue  # "sat", "wed" in lower case are words, not days
            read = read_date(m.group(0).lower().rstrip("."), datetime.combine(today, time()))
            add(m.start(), m.end(), read.date() if read else None)
    return sorted(found, key=lambda f: f.start)


def _named_day(day: int, month: int, year: int | None, today: date) -> date | None:
    """The date a day and month name: with no year, this year's if it passed recently."""
    if year is not None:
        return _real(year, month, day)
    this_year = _real(today.year, month, day)
    if this_year is not None and (this_year >= today or today - this_year <= RECENTLY_PASSED):
        return this_year
    return _real(today.year + 1, month, day)


def _real(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _times(line: str, index: int) -> list[_Found]:
    """Every time of day on one line: (time, length in minutes of a range or None)."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for m in _RANGE.finditer(line):
        start = _read_clock(m, "s", m["eap"])
        end = _read_clock(m, "e", None)
        if start is None or end is None:
            continue
        span = (datetime.combine(date.min, end) - datetime.combine(date.min, start)).seconds // 60
        taken.append((m.start(), m.end()))
        found.append(
            _Found(index, m.start(), m.end(), (start, span if 10 <= span <= 720 else None))
        )
    for pattern in (_TIME, _AT_HOUR, _NOON):
        for m in pattern.finditer(line):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            clock = _read_clock(m, "s", None)
            if clock is not None:
                taken.append((m.start(), m.end()))
                found.append(_Found(index, m.start(), m.end(), (clock, None)))
    return sorted(found, key=lambda f: f.start)


def _read_clock(m: re.Match[str], prefix: str, other_ampm: str | None) -> time | None:
    """Turn a matched clock into a time; a bare number with no minutes or am/pm is none.

    The start of a range takes the end's am/pm when it has none ("2 - 3pm"), unless that would
    put it after the end ("11 - 12pm" starts at 11:00).
    """
    groups = m.groupdict()
    if groups.get("word"):
        return time(12, 0)
    hour = int(groups[f"{prefix}h"])
    minute_text = groups.get(f"{prefix}m") or groups.get(f"{prefix}d")
    minute = int(minute_text) if minute_text else 0
    ampm = groups.get(f"{prefix}ap")
    at_hour = m.re is _AT_HOUR
    if ampm is None and other_ampm is not None and minute_text is None and 1 <= hour <= 12:
        ampm = other_ampm.lower()
        end_hour = int(groups["eh"]) % 12 + (12 if ampm == "p" else 0)
        if hour % 12 + (12 if ampm == "p" else 0) > end_hour:
            ampm = "a"
    if ampm is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm.lower() == "p" else 0)
    elif minute_text is None:
        if not at_hour:
            return None  # "10" alone is not a time
        if 1 <= hour <= BARE_PM_UNTIL:
            hour += 12
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _duration(lines: list[str], time_line: int) -> int | None:
    """A length said on the time's line, or anywhere after "for", "lasts", "about", "("."""
    for i, line in enumerate(lines):
        for m in _DURATION.finditer(line):
            if i != time_line and not _DURATION_CUE.search(line[: m.start()]):
                continue
            read = parse_duration(m.group(0))
            if not isinstance(read, Refusal):
                return int(read.total_seconds() // 60)
    return None


# Where ---------------------------------------------------------------------------------------


def _zone(reading: _Reading, time_line: int, time_end: int) -> str | None:
    """The timezone named next to the time, or an IANA name anywhere in the text."""
    after = reading.lines[time_line][time_end:]
    for piece in _zone_pieces(after):
        found = parse_zone(piece)
        if isinstance(found, ZoneMatch):
            return found.name
    for m in re.finditer(r"\b[A-Z][A-Za-z]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b", reading.text):
        if m.group(0) in zoneinfo.available_timezones():
            return m.group(0)
    return None


def _zone_pieces(after: str) -> list[str]:
    """What may name a zone right after a time: "(GMT+00:00) Lisbon" gives Lisbon, then the
    offset; "(Central European Time - Berlin)" gives Berlin; "CET", "Lisbon time"."""
    pieces: list[str] = []
    head = re.match(r"\s*(?:\((?P<inner>[^)]{1,80})\))?\s*(?P<tail>[^()\n]{0,60})", after)
    if head is None:
        return pieces
    inner, tail = head["inner"] or "", head["tail"] or ""
    offset = re.match(r"\s*((?:gmt|utc)\s*[+-\u2212]\s*\d{1,2}(?::?\d{2})?)\s*", inner, re.I)
    city_text = inner[offset.end() :] if offset else inner
    candidates = [*re.split(r"\s*[,;/\u2013\u2014-]\s*", city_text), tail.split(",")[0]]
    for text in candidates:
        text = re.sub(r"\b(?:time|standard|daylight|summer|zone)\b", " ", text, flags=re.I)
        text = " ".join(text.split()).strip(" .")
        if text and len(text) <= 40 and text[0].isupper() and not text[0].isdigit():
            pieces.append(text)
    if offset:
        pieces.append(offset.group(1).replace("\u2212", "-"))
    word = re.match(r"\s*([A-Z]{2,5})\b", after)
    if word:
        pieces.insert(0, word.group(1))
    return pieces


# Who and what --------------------------------------------------------------------------------


def _interviewers(reading: _Reading) -> list[_Person]:
    """The people the candidate meets, in order; those to leave out are marked `excluded`."""
    lines = reading.lines
    greeted = {m["name"].casefold() for m in _GREETING.finditer(reading.text)}
    sender = _sender(lines)
    people: list[_Person] = []
    organizers: set[str] = set()
    for i, line in enumerate(lines):
        label = _LIST_LABEL.match(line)
        if label is not None:
            kind = label["label"].lower()
            found = _list_people(label["rest"] or "", lines[i + 1 :], standalone=not label["rest"])
            if kind.startswith("organi"):
                organizers |= {p.name for p in found}
                continue
            for person in found:
                if person.name == sender:
                    person.excluded = True
            people += found
            continue
        for m in _MEET.finditer(line):
            people += _prose_people(line[m.end() :])
    merged: list[_Person] = []
    for person in people:
        first = person.name.split()[0].casefold()
        if person.name in organizers or first in greeted:
            person.excluded = True
        same = next((p for p in merged if p.name.casefold() == person.name.casefold()), None)
        if same is None:
            merged.append(person)
        else:
            same.role = same.role or person.role
            same.excluded = same.excluded or person.excluded
    return merged


def _sender(lines: list[str]) -> str | None:
    """The name signed under a sign-off ("Kind regards,\\nMaria Lopes")."""
    for i, line in enumerate(lines[:-1]):
        if _SIGN_OFF.match(line):
            person = _person(lines[i + 1])
            return person.name if person else None
    return None


def _list_people(rest: str, following: list[str], *, standalone: bool) -> list[_Person]:
    """The people of a labelled list: on the label's line ("a; b, c") and, when the label
    stands alone or ends its line, one a line below it until a blank line or another label."""
    found = _split_people(rest) if rest.strip() else []
    if rest.strip() and not standalone:
        return found
    for line in following:
        if not line or (_ANY_LABEL.match(line) and not _EMAIL.search(line)):
            break
        person = _person(re.sub(r"^[-•*·]\s*", "", line))
        if person is None:
            break
        found.append(person)
    return found


def _split_people(text: str) -> list[_Person]:
    """Split "Rui Costa (VP Engineering); Ana Silva, Head of Data" into people; a piece that
    is a job title becomes the role of the person before it."""
    found: list[_Person] = []
    ahead: str | None = None  # "our CTO, Rui Costa": a title before the name
    for piece in re.split(r"\s*;\s*|,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", text):
        piece = piece.strip(" .")
        if not piece:
            continue
        if _is_title(piece):
            if found and found[-1].role is None and ahead is None:
                found[-1].role = piece
            else:
                ahead = re.sub(r"^(?:our|the|their)\s+", "", piece, flags=re.I)
            continue
        person = _person(piece)
        if person is None:
            break
        person.role = person.role or ahead
        ahead = None
        found.append(person)
    return found


def _prose_people(text: str) -> list[_Person]:
    """The people named after "you'll meet", "with": a list that ends where the names do."""
    sentence = re.split(r"(?<![A-Z][a-z])[.!?](?:\s|$)|\n", text, maxsplit=1)[0]
    found = _split_people(sentence)
    # A lone first name needs a role beside it to count ("with Acme" is not a person).
    return [p for p in found if len(p.name.split()) > 1 or p.role]


def _person(item: str) -> _Person | None:
    """Read one person: "Rui Costa (VP Engineering)", "Ana Silva - organizer",
    "Rui Costa <rui@acme.com>", "maria.lopes@acme.com", "Marta from the data team"."""
    text = item.strip(" -•*·\t")
    role = None
    inner = re.search(r"\(([^)]*)\)", text)
    if inner:
        role = inner.group(1).strip() or None
        text = (text[: inner.start()] + " " + text[inner.end() :]).strip()
    mark = (role or "").casefold()
    email = _EMAIL.search(text)
    if email:
        address = email.group(0)
        text = (text[: email.start()] + text[email.end() :]).replace("<", " ").replace(">", " ")
        text = " ".join(text.split()).strip(" ,;-")
        personal = _domain_word(email["domain"]) is None
        if not text:
            local = address.split("@")[0]
            parts = [p for p in re.split(r"[._-]", local) if p]
            if len(parts) < 2 or not all(p.isalpha() for p in parts):
                return None
            text = " ".join(p.capitalize() for p in parts)
        if personal:
            mark += " you"
    parts = re.split(r"\s+[-\u2013\u2014|]\s+|,\s+|\s+from\s+", text, maxsplit=1)
    name_part, rest = parts[0].strip(), parts[1] if len(parts) > 1 else ""
    if not _is_name(name_part):
        return None
    rest = rest.strip(" ,;-\u2013")
    if rest:
        extra = re.split(r"\s+(?:to|who|about|for|on|at|in)\s+", rest, maxsplit=1)[0]
        extra = re.sub(r"^(?:the|our)\s+", "", extra.strip(), flags=re.I)
        mark += " " + extra.casefold()
        if role is None and 0 < len(extra.split()) <= 5 and "organi" not in extra.casefold():
            role = extra
    excluded = bool(re.search(r"organi[sz]er|\byou\b|\bme\b|recruit|talent|\bcandidate\b", mark))
    if role is not None and re.fullmatch(r"(?:organi[sz]er|you|me|optional|required)", role, re.I):
        role = None
    return _Person(name_part, role, excluded)


def _is_name(text: str) -> bool:
    """Tell whether text is a person's name: one to four capitalised words (particles too)."""
    words = text.split()
    if not 1 <= len(words) <= 4 or words[0].casefold() in _PARTICLES:
        return False
    for word in words:
        bare = word.strip(".'\u2019")
        folded = bare.casefold()
        if folded in _PARTICLES:
            continue
        if not bare or not bare[0].isupper() or not re.fullmatch(r"[^\W\d_][\w'\u2019-]*", bare):
            return False
        if folded in _NOT_NAMES or folded in TITLE_WORDS:
            return False
    return True


def _is_title(text: str) -> bool:
    """Tell whether text is a job title ("VP Eng", "Head of Data", "Senior Analyst", "our
    CTO"): it starts with a title word or in lower case, never with a name."""
    words = [w.strip(".,").casefold() for w in text.split()]
    if not 0 < len(words) <= 6 or "(" in text or not any(w in TITLE_WORDS for w in words):
        return False
    return words[0] in TITLE_WORDS or text[0].islower()


def _shown(person: _Person) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name


def _within(names: tuple[str, ...]) -> tuple[str, ...]:
    """Keep as many interviewers as fit the `names` answer's length."""
    kept: list[str] = []
    for name in names:
        if len(", ".join([*kept, name])) > NAMES_LIMIT:
            break
        kept.append(name)
    return tuple(kept)


def _company(reading: _Reading, people: set[str]) -> str | None:
    """The company: a "Company:" line, a legal name, "at X", the subject, the signature, or
    the sender's email domain."""
    text = reading.text
    candidates: list[str] = [m["name"] for m in _COMPANY_LINE.finditer(text)]
    candidates += [m["name"] for m in _LEGAL_NAME.finditer(text)]
    candidates += _subject_names(reading.lines, people)
    candidates += [m["name"] for m in _AT_COMPANY.finditer(text)]
    candidates += _signature_names(reading.lines)
    for candidate in candidates:
        name = _clean_company(candidate, people)
        if name:
            return name
    domains = [_domain_word(e.split("@")[1]) for e in reading.emails]
    for word in domains:
        if word:
            written = re.search(rf"\b{re.escape(word)}\b", _EMAIL.sub(" ", text), re.I)
            return (
                written.group(0)
                if written and not written.group(0).islower()
                else word.capitalize()
            )
    return None


def _clean_company(candidate: str, people: set[str]) -> str | None:
    name = re.sub(rf"\s+(?:{_LEGAL})\.?$", "", candidate.strip(" .,;:!?-\u2013"))
    name = re.sub(r"(?:'|\u2019)s\b.*$", "", name)  # "Acme's Lisbon office"
    words = name.split()
    while words and (words[-1].casefold() in _NOT_NAMES or words[-1].isdigit()):
        words.pop()
    name = " ".join(words)
    if not name or len(name) > NAME_LIMIT or name in people:
        return None
    if words[0].casefold() in _NOT_NAMES or any(name in p or p in name for p in people):
        return None
    if re.search(r"\d", words[0]) and not re.search(r"[A-Za-z]", words[0]):
        return None
    return name


def _subject_names(lines: list[str], people: set[str]) -> list[str]:
    """A company in the title: "Invitation: Acme - second interview @ Thu...", "Subject:
    Second interview: Alex Doe / Acme"."""
    found = []
    for line in lines[:2]:
        title = re.sub(
            r"^\s*(?:subject|invitation|updated invitation|re|fwd?)\s*:\s*", "", line, flags=re.I
        )
        title = re.split(r"\s@\s", title)[0]
        for piece in re.split(r"\s*(?:[|/\u2013\u2014:]|\s-\s|<>|\bx\b)\s*", title):
            piece = piece.strip()
            if not piece or _SUBJECT.search(piece) or (_is_name(piece) and piece in people):
                continue
            if _is_title(piece) or not piece[0].isupper():
                continue
            if re.fullmatch(_CAPS, piece) and not (_is_name(piece) and len(piece.split()) > 1):
                found.append(piece)
    return found


def _signature_names(lines: list[str]) -> list[str]:
    """A company in the lines under a sign-off: "Talent Partner | Acme", "People team, Acme"."""
    found = []
    for i, line in enumerate(lines[:-1]):
        if not _SIGN_OFF.match(line):
            continue
        for below in lines[i + 2 : i + 5]:
            for piece in re.split(r"\s*[|,\u2013\u2014@]\s*|\s+at\s+", below):
                if (
                    piece
                    and not _is_title(piece)
                    and not _EMAIL.search(piece)
                    and piece[0].isupper()
                ):
                    found.append(piece)
    return found


def _domain_word(domain: str) -> str | None:
    """The company word of an email domain ("acme" of careers.acme.co.uk); None if personal."""
    labels = domain.lower().split(".")
    if len(labels) < 2:
        return None
    compound = (
        len(labels) >= 3
        and len(labels[-1]) == 2
        and labels[-2] in ("co", "com", "org", "net", "ac")
    )
    word = labels[-3] if compound else labels[-2]
    return None if word in _PERSONAL_DOMAINS else word


def _role(text: str) -> str | None:
    """The role: a "Role:" line, "the position of X", "for the X role", "X position"."""
    for pattern in (_ROLE_LINE, _ROLE_OF, _ROLE_FOR, _ROLE_CAPS):
        for m in pattern.finditer(text):
            role = " ".join(m["role"].split()).strip(" .,;:-\u2013")
            role = re.sub(r"^(?:the|our|a|an|this|your)\s+", "", role, flags=re.I)
            role = re.sub(r"\s+(?:at|with|on|in|from|for|this|next|starting)\s+.*$", "", role)
            if not role or len(role) > NAME_LIMIT or role.casefold() in _NOT_NAMES:
                continue
            if pattern is not _ROLE_CAPS or _is_title(role):
                return role
    return None


def _format(text: str, interviewers: int) -> str | None:
    """The kind of round the text describes; several kinds are a mix; many people a panel."""
    kinds = [kind for kind, pattern in _FORMAT_WORDS.items() if pattern.search(text)]
    if len(kinds) > 1:
        return "mixed"
    if kinds:
        return kinds[0]
    return "panel" if interviewers >= PANEL_SIZE else None


def _round(text: str) -> str | None:
    m = _ROUND.search(text)
    if m is None:
        return None
    which = m["which"].lower()
    return {"2nd": "second", "3rd": "third", "last": "final"}.get(which, which)
