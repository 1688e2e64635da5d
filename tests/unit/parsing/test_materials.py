"""Reading promised materials as items with optional due days, in the user's timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.records import Promise
from bot.parsing.materials import read_materials, says_nothing

BERLIN = ZoneInfo("Europe/Berlin")
# The interview ended on Saturday 28 November 2026 at 11:00 in Berlin; now it is 13:00.
END = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 30)


def read(text: str) -> list[tuple[str, date | None]]:
    return [(p.item, p.due) for p in read_materials(text, BERLIN, NOW, END)]


@pytest.mark.parametrize(
    ("typed", "items"),
    [
        ("a short write-up by Monday", [("a short write-up", MONDAY)]),
        # The note from the issue: "yes", the ellipsis and the comma are no part of the item.
        ("yes a short write-up…, by monday", [("a short write-up", MONDAY)]),
        ("a one-page summary", [("a one-page summary", None)]),
        ("a work sample and two references", [("a work sample", None), ("two references", None)]),
        (
            "I promised to send my portfolio by tomorrow and two references by Friday",
            [("my portfolio", date(2026, 11, 29)), ("two references", date(2026, 12, 4))],
        ),
        ("A summary of my ideas within a week", [("a summary of my ideas", date(2026, 12, 5))]),
        ("my portfolio next week", [("my portfolio", date(2026, 12, 4))]),
        ("yes, I said I'd send them a link to my talk", [("a link to my talk", None)]),
        # Words that only look like a day stay in the item: nothing typed is lost.
        ("a deck on the migration plan", [("a deck on the migration plan", None)]),
        ("the slides from today", [("the slides from today", None)]),
        ("the terms and conditions", [("the terms and conditions", None)]),
        ("a write-up and references, by Monday", [("a write-up", MONDAY), ("references", MONDAY)]),
    ],
)
def test_materials_are_items_with_due_days(
    typed: str, items: list[tuple[str, date | None]]
) -> None:
    assert read(typed) == items


@pytest.mark.parametrize(
    "typed", ["yes", "Yes!", "no", "nope", "nothing", "Nothing promised", "not really", "sure", ""]
)
def test_yes_no_and_nothing_are_not_materials(typed: str) -> None:
    assert read_materials(typed, BERLIN, NOW, END) == ()


def test_nothing_promised_is_told_from_a_bare_yes() -> None:
    assert says_nothing("Nothing")
    assert says_nothing("no")
    assert not says_nothing("yes")
    assert not says_nothing("a summary")


def test_a_day_counts_from_the_interview_not_from_now() -> None:
    # Read on Thursday 3 December: "by Monday" still means the Monday after the interview.
    later = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert read_materials("a summary by Monday", BERLIN, later, END) == (
        Promise("a summary", MONDAY),
    )
