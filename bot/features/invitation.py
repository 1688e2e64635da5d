"""A pasted invitation: what was read, checked and corrected field by field, then saved as
/interviews saves an interview (same reminders, same card).

The coach starts dialogs/invitation.yaml with what bot/parsing/invitation.py read, as
`answers["invitation"]` (`Invitation.as_answers()`); a field the user corrects is saved under
the key the /interviews questions use (company, role, when, interviewers, format), so the
corrected answers are exactly what `interviews.add_interview` reads. No video link is ever in
the answers: the parser only says whether it saw one.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.events import Reply
from bot.domain.records import Interview, User
from bot.features.common import SKIPPED, closing
from bot.features.interviews import add_interview
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.flow.validators import PAST_INTERVIEWS
from bot.parsing.moments import MAX_AHEAD
from bot.rules.reminder_plan import wall_clock_to_utc

hooks = Hooks("invitation")

READ = "read"
"""The one record a check offers when the field is known (picked without asking)."""
DISCARD = "discard"


class Pasted:
    """The invitation being reviewed: what was read, with the user's corrections on top."""

    def __init__(self, user: User, answers: dict[str, Any], now: datetime) -> None:
        self.user, self.answers, self.now = user, answers, now
        read = answers.get("invitation")
        self.read: dict[str, Any] = read if isinstance(read, dict) else {}

    def _field(self, key: str) -> str | None:
        value = self.answers.get(key, self.read.get(key))
        return None if value in (None, "", *SKIPPED) else str(value)

    @property
    def company(self) -> str | None:
        """Return the company: as corrected, else as read."""
        return self._field("company")

    @property
    def role(self) -> str | None:
        """Return the role: as corrected, else as read."""
        return self._field("role")

    @property
    def format(self) -> str | None:
        """Return the kind of round (an id of the `format` question), or None."""
        return self._field("format")

    @property
    def round(self) -> str | None:
        """Return the round the invitation names ("second", "final"), or None."""
        return self._field("round")

    @property
    def interviewers(self) -> str | None:
        """Return the interviewers as one line ("Ana Silva (Head of Data), Tomás Reis")."""
        if "interviewers" in self.answers:
            return self._field("interviewers")
        names = self.read.get("interviewers") or []
        return ", ".join(str(n) for n in names) or None

    @property
    def minutes(self) -> int | None:
        """Return the length the invitation gives, in minutes, or None."""
        value = self.read.get("duration_min")
        return value if isinstance(value, int) else None

    @property
    def video_link(self) -> bool:
        """Tell whether the invitation held a video link (never kept)."""
        return bool(self.read.get("video_link"))

    @cached_property
    def named_zone(self) -> ZoneInfo | None:
        """Return the zone the invitation gives its time in, or None (the user's own)."""
        name = self.read.get("zone")
        try:
            return ZoneInfo(str(name)) if name else None
        except (ZoneInfoNotFoundError, ValueError):
            return None

    @cached_property
    def starts(self) -> datetime | None:
        """Return the start as UTC: as corrected, else as read (in the zone it names)."""
        when = self.answers.get("when")
        if isinstance(when, dict):
            return datetime.fromisoformat(str(when["utc"]))
        local = self.read.get("starts_local")
        if not isinstance(local, str):
            return None
        return wall_clock_to_utc(datetime.fromisoformat(local), self.named_zone or self.user.zone)

    @property
    def corrected_when(self) -> bool:
        """Tell whether the user typed the date and time themselves."""
        return isinstance(self.answers.get("when"), dict)

    @property
    def written(self) -> datetime | None:
        """Return the time as the invitation wrote it, when its zone differs from the user's
        at that moment (the review then says it was converted), else None."""
        zone, starts = self.named_zone, self.starts
        if zone is None or starts is None or self.corrected_when:
            return None
        if starts.astimezone(zone).utcoffset() == starts.astimezone(self.user.zone).utcoffset():
            return None
        return starts.astimezone(zone)

    @property
    def when_problem(self) -> str | None:
        """Return why the date read can't be saved ("past", "far"), or None when it can."""
        starts = self.starts
        if starts is None:
            return "missing"
        if starts < self.now - PAST_INTERVIEWS:
            return "past"
        if starts > self.now + MAX_AHEAD:
            return "far"
        return None

    @property
    def happened(self) -> bool:
        """Tell whether the interview is already behind the user."""
        return self.starts is not None and self.starts <= self.now

    def interview_answers(self) -> dict[str, Any]:
        """Return the answers as the /interviews questions would have saved them."""
        starts = self.starts
        return {
            "company": self.company,
            "role": self.role,
            "round": self.round,
            "when": {"utc": starts.isoformat(timespec="seconds")} if starts else None,
            "duration": f"m{self.minutes}" if self.minutes else None,
            "format": self.format,
            "interviewers": self.interviewers,
        }


def pasted(turn: Turn) -> Pasted:
    """Return the invitation the turn's answers describe."""
    return Pasted(turn.user, turn.answers, turn.now)


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the invitation's templates what was read, with the corrections on top, and the
    names /interviews gives the rounds and kinds of round."""
    return {
        "pasted": pasted(turn),
        "round_labels": _labels(turn, "round"),
        "format_labels": _labels(turn, "format"),
    }


def _labels(turn: Turn, state: str) -> dict[str, str]:
    """Return the button labels of a question of dialogs/interviews.yaml, by choice id."""
    found = turn.dialogs.get("interviews")
    if found is None or state not in found.states:
        return {}
    return {c.id: c.label for c in found.states[state].choices}


@hooks.choices("invitation_zone_known")
def zone_known(turn: Turn) -> list[Option]:
    """One record when the time can be placed without asking the user's timezone: they gave
    theirs, or the invitation names the one its time is in."""
    known = turn.user.zone_known or pasted(turn).named_zone is not None
    return [Option(READ, turn.user.timezone)] if known else []


def _record(known: bool) -> list[Option]:
    return [Option(READ, READ)] if known else []


@hooks.choices("invitation_has_company")
def has_company(turn: Turn) -> list[Option]:
    """One record when the company is known (saving goes on), else none (it is asked)."""
    return _record(pasted(turn).company is not None)


@hooks.choices("invitation_has_role")
def has_role(turn: Turn) -> list[Option]:
    """One record when the role is known (saving goes on), else none (it is asked)."""
    return _record(pasted(turn).role is not None)


@hooks.choices("invitation_has_when")
def has_when(turn: Turn) -> list[Option]:
    """One record when the date and time can be saved, else none (they are asked)."""
    return _record(pasted(turn).when_problem is None)


@hooks.finish("invitation")
def finish(turn: Turn) -> list[Reply]:
    """Save the interview as /interviews does, or drop the invitation."""
    if turn.answers.get("action") == DISCARD:
        return [closing(turn, "invitation/discarded.j2")]
    answers = pasted(turn).interview_answers()
    # The same Turn (its reminder report included), with the answers /interviews reads.
    return add_interview(replace(turn, answers=answers))
