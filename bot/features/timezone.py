"""/timezone: the user's timezone, the public holidays follow-up dates skip, and quiet hours;
reminders move to match."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.events import Reply
from bot.domain.records import (
    COUNTRY_KEY,
    QUIET_HOURS_KEY,
    SUBDIVISION_KEY,
    ZONE_CONFIRMED_KEY,
    ZONE_GUESS_KEY,
    Interview,
    User,
)
from bot.features.common import closing
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.parsing.zones import AMBIGUOUS_PREFIX, ambiguous_zones
from bot.reminders.scheduling import replan_all
from bot.rules.holidays import HolidayRegion, country_for_zone, holiday_region, saved_region
from bot.rules.reminder_plan import wall_clock_to_utc

hooks = Hooks("timezone")

KEEP = "keep"
OFF = "off"
RETYPE = "retype"
KNOWN = "known"
ASK = "ask"
KEEP_LOCAL = "local"
KEEP_UTC = "utc"
"""The answer "Keep UTC" to the timezone asked before the first date."""
OTHER = "other"
"""The answer "Another timezone" to the guessed one: they type theirs next."""


def new_zone(answers: Mapping[str, Any]) -> str | None:
    """Return the zone the user is moving to in this dialog, or None while they keep theirs."""
    value = answers.get("zone", answers.get("timezone"))
    if not isinstance(value, str) or value in (KEEP, RETYPE) or value.startswith(AMBIGUOUS_PREFIX):
        return None
    return value


def typed_region(answers: Mapping[str, Any]) -> HolidayRegion | None:
    """Return the holiday calendar the user typed in this dialog, or None."""
    picked = answers.get("holidays")
    if not isinstance(picked, dict) or not isinstance(picked.get("country"), str):
        return None
    subdiv = picked.get("subdiv")
    return HolidayRegion(picked["country"], subdiv if isinstance(subdiv, str) else None)


class TimezoneView:
    """The timezone dialog's answers as its templates read them."""

    def __init__(self, user: User, answers: Mapping[str, Any]) -> None:
        self.user, self.answers = user, answers

    @property
    def zone(self) -> str:
        """Return the zone the dialog ends with: the new one, else the user's."""
        return new_zone(self.answers) or self.user.timezone

    @property
    def changed(self) -> bool:
        """Tell whether the user gave a zone in this dialog."""
        return new_zone(self.answers) is not None

    @property
    def abbreviation(self) -> str:
        """Return the ambiguous abbreviation typed ("IST"), or an empty string."""
        typed = str(self.answers.get("timezone", ""))
        return typed.removeprefix(AMBIGUOUS_PREFIX) if ambiguous_zones(typed) else ""

    @cached_property
    def region(self) -> HolidayRegion | None:
        """Return the holiday calendar that counts in the zone unless the user types another."""
        return holiday_region(self.user, self.zone)

    @property
    def typed_region(self) -> HolidayRegion | None:
        """Return the holiday calendar the user typed in this dialog, or None."""
        return typed_region(self.answers)


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the timezone dialog's answers: zone, abbreviation, holiday calendar."""
    return {"zone_choice": TimezoneView(turn.user, turn.answers)}


@hooks.choices("zone_known")
def zone_known(turn: Turn) -> list[Option]:
    """One record when the user's timezone is known (the question is skipped), else none."""
    return [Option(KNOWN, turn.user.timezone)] if turn.user.zone_known else []


def coming_interviews(turn: Turn) -> list[Interview]:
    """Return the user's open interviews still to come, which a change of zone could move."""
    return [
        i
        for i in turn.store.interviews(turn.user.id)
        if i.starts_at is not None and i.starts_at > turn.now
    ]


@hooks.choices("interviews_to_move")
def interviews_to_move(turn: Turn) -> list[Option]:
    """One record when a new zone would move interviews still to come (ask), else none."""
    zone = new_zone(turn.answers)
    if zone is None or zone == turn.user.timezone or not coming_interviews(turn):
        return []
    return [Option(ASK, zone)]


def _keep_local_times(turn: Turn, old: ZoneInfo, new: ZoneInfo) -> list[Interview]:
    """Move each interview still to come to the same wall-clock time in the new zone."""
    moved = []
    for interview in coming_interviews(turn):
        assert interview.starts_at is not None
        local = interview.starts_at.astimezone(old).replace(tzinfo=None)
        turn.store.set_schedule(turn.user.id, interview.id, wall_clock_to_utc(local, new))
        found = turn.store.get_interview(turn.user.id, interview.id)
        assert found is not None
        moved.append(found)
    return moved


@hooks.choices("zone_guessed")
def zone_guessed(turn: Turn) -> list[Option]:
    """One record when the app's language suggested a timezone (offer it), else none."""
    guess = turn.user.preferences.get(ZONE_GUESS_KEY)
    return [Option(KNOWN, str(guess))] if guess else []


@hooks.choices("zone_guess")
def zone_guess(turn: Turn) -> list[Option]:
    """Offer the timezone the app's language suggested, as a yes."""
    guess = turn.user.preferences.get(ZONE_GUESS_KEY)
    if not guess:
        return []
    return [Option(str(guess), turn.renderer.label("zone_guess_option").format(zone=guess))]


def save_first_zone(turn: Turn, value: Any) -> list[Reply]:
    """Keep the timezone given before the first date is read; it counts from this answer on."""
    if value == OTHER:
        return []  # they will type it next
    zone = "UTC" if value == KEEP_UTC else str(value)
    turn.store.set_timezone(turn.user.id, zone, turn.now)
    turn.store.set_preference(turn.user.id, ZONE_CONFIRMED_KEY, True, turn.now)
    user = turn.store.get_user(turn.user.id)
    assert user is not None
    rows, _ = replan_all(turn.store, user, turn.now)
    turn.reminders_changed(rows)
    return [turn.said("timezone/first_saved.j2", zone=zone, local=turn.now.astimezone(user.zone))]


@hooks.choices("zone_candidates")
def zone_candidates(turn: Turn) -> list[Option]:
    """Offer the zones an ambiguous abbreviation may mean; else the one answer (taken as is)."""
    answer = str(turn.answers.get("timezone", KEEP))
    zones = ambiguous_zones(answer)
    if not zones:
        return [Option(answer, answer)]
    label = turn.renderer.label("zone_option")
    return [
        Option(zone, label.format(country=_country_name(zone), city=_city(zone))) for zone in zones
    ]


def _country_name(zone: str) -> str:
    country = country_for_zone(zone)
    return HolidayRegion(country).country_name if country else zone


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@hooks.choices("holiday_calendar")
def holiday_calendar(turn: Turn) -> list[Option]:
    """Offer the calendar the zone implies (picked without asking); none sends the dialog to
    the question that asks for the country."""
    view = TimezoneView(turn.user, turn.answers)
    if view.region is None:
        return []
    return [Option(KNOWN, turn.renderer.label("holidays_known"))]


@hooks.finish("timezone")
def finish(turn: Turn) -> list[Reply]:
    """Save the user's timezone, holiday calendar and quiet hours and confirm them."""
    before = turn.user
    zone = new_zone(turn.answers)
    shown = holiday_region(before, zone)
    kept_local: list[Interview] = []
    if zone is not None and turn.answers.get("keep_local") == KEEP_LOCAL:
        kept_local = _keep_local_times(turn, before.zone, ZoneInfo(zone))
    if zone is not None:
        turn.store.set_timezone(before.id, zone, turn.now)
    turn.store.set_preference(before.id, ZONE_CONFIRMED_KEY, True, turn.now)
    region_changed = _save_region(turn, shown)
    quiet = turn.answers.get("quiet", KEEP)
    if quiet == OFF:
        turn.store.set_preference(before.id, QUIET_HOURS_KEY, ["00:00", "00:00"], turn.now)
    elif isinstance(quiet, list):
        turn.store.set_preference(before.id, QUIET_HOURS_KEY, quiet, turn.now)
    user = turn.store.get_user(before.id)
    assert user is not None
    moved = 0
    if zone is not None or quiet != KEEP or region_changed:
        rows, moved = replan_all(turn.store, user, turn.now)
        turn.reminders_changed(rows)
    return [
        closing(
            turn,
            "timezone/saved.j2",
            zone=user.timezone,
            local=turn.now.astimezone(user.zone),
            quiet=user.quiet,
            region=holiday_region(user),
            moved=moved,
            kept_local=kept_local,
        )
    ]


def _save_region(turn: Turn, shown: HolidayRegion | None) -> bool:
    """Save the calendar typed, or drop a saved one the new zone overrules ("Keep" keeps what
    the question showed); return whether the calendar in use changed."""
    typed = typed_region(turn.answers)
    saved = saved_region(turn.user)
    if typed is not None:
        _set_region(turn, typed)
        return typed != holiday_region(turn.user)
    if saved is not None and shown != saved and turn.answers.get("holidays") == KEEP:
        _set_region(turn, None)
    return False


def _set_region(turn: Turn, region: HolidayRegion | None) -> None:
    country = region.country if region else None
    subdiv = region.subdiv if region else None
    turn.store.set_preference(turn.user.id, COUNTRY_KEY, country, turn.now)
    turn.store.set_preference(turn.user.id, SUBDIVISION_KEY, subdiv, turn.now)
