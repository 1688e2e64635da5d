"""Reading times, durations, timezones and quiet hours that users type; pure functions only.

The one exception is a city's timezone: it is read from an index file in the cache folder,
built by a child process the first time (bot/when/cities).

Every parser returns either its value or a `Refusal`: the error template key the caller renders
(templates/errors/KEY.j2) and the values that template needs. The current time is always
passed in; nothing here reads the system clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """A refused input: the error template key and its context."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


# The parsers import Refusal from here, so it is defined before they are imported.
from bot.when.durations import parse_duration, parse_timeframe  # noqa: E402
from bot.when.moments import Moment, parse_moment, warm_up_dates  # noqa: E402
from bot.when.quiet import parse_quiet_hours  # noqa: E402
from bot.when.zones import ZoneMatch, parse_zone, preload_zones, zone_at  # noqa: E402


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
