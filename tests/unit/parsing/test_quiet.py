"""Reading the quiet hours a user wants, or that they want none."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.reminders import QuietHours
from bot.parsing import parse_quiet_hours
from tests.support.parsing import refusal


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("21:00-08:00", time(21, 0), time(8, 0)),
        ("22-7", time(22, 0), time(7, 0)),
        ("10pm to 7am", time(22, 0), time(7, 0)),
        ("23:30–06:30", time(23, 30), time(6, 30)),
        ("from 22 to 7", time(22, 0), time(7, 0)),
        ("between 10pm and 6am", time(22, 0), time(6, 0)),
        ("13:00 - 14:00", time(13, 0), time(14, 0)),
        ("22:00-24:00", time(22, 0), time(0, 0)),
    ],
)
def test_quiet_hours(text: str, start: time, end: time) -> None:
    assert parse_quiet_hours(text) == QuietHours(start, end)


@pytest.mark.parametrize("text", ["off", "none", "OFF", "None."])
def test_quiet_hours_off(text: str) -> None:
    quiet = parse_quiet_hours(text)
    assert isinstance(quiet, QuietHours)
    assert quiet.start == quiet.end
    assert not quiet.contains(time(3, 0))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("10-7", "quiet_too_long"),  # 10:00 to 07:00 is 21 hours
        ("20:00-11:00", "quiet_too_long"),
        ("22-22", "quiet_too_long"),
        ("whenever", "quiet_unreadable"),
        ("25:00-07:00", "quiet_unreadable"),
        ("22", "quiet_unreadable"),
        ("", "empty"),
    ],
)
def test_quiet_hours_refusals(text: str, key: str) -> None:
    assert refusal(parse_quiet_hours(text)).key == key


def test_fourteen_quiet_hours_are_allowed() -> None:
    assert parse_quiet_hours("19:00-09:00") == QuietHours(time(19, 0), time(9, 0))
