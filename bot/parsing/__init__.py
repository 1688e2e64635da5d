"""Reading times, durations, timezones and quiet hours that users type; pure functions only.

The one exception is a city's timezone: it is read from an index file in the cache folder,
built by a child process the first time (bot/parsing/cities).

Every parser returns either its value or a `Refusal`: the error template key the caller renders
(templates/errors/KEY.j2) and the values that template needs. The current time is always
passed in; nothing here reads the system clock.
"""

from __future__ import annotations

from bot.domain.problems import Refusal
from bot.parsing.durations import parse_duration, parse_timeframe
from bot.parsing.moments import Moment, parse_moment, warm_up_dates
from bot.parsing.quiet import parse_quiet_hours
from bot.parsing.zones import ZoneMatch, parse_zone, preload_zones, zone_at


def preload() -> None:
    """Do now what the first typed city, location or date would otherwise pay for (~0.5 s):
    open the city index (building it if needed), load the location finder and dateparser."""
    preload_zones()
    warm_up_dates()


__all__ = [
    "Moment",
    "Refusal",
    "ZoneMatch",
    "parse_duration",
    "parse_moment",
    "parse_quiet_hours",
    "parse_timeframe",
    "parse_zone",
    "preload",
    "preload_zones",
    "zone_at",
]
