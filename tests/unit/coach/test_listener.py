"""The reminder listener is passed in when the coach is built and told once a turn is written."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

import pytest

from bot.app import Content, build_coach
from bot.clock import FrozenClock
from bot.domain.reminders import ReminderRow
from bot.features import interviews
from bot.store import Store
from tests.support.coach import Driver


def test_the_reminders_a_turn_planned_reach_the_listener_after_it_is_written(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> None:
    told: list[list[ReminderRow]] = []

    def listener(rows: Sequence[ReminderRow]) -> None:
        # Told after the commit: another connection (the delivery's view) already sees them.
        with closing(sqlite3.connect(db_path)) as other:
            ids = {found for (found,) in other.execute("SELECT id FROM reminders")}
        assert {row.id for row in rows} <= ids
        told.append(list(rows))

    alice = Driver(build_coach(store, clock, content, listener=listener))
    alice.set_timezone("Europe/Berlin")
    told.clear()  # a timezone change with no interview moves nothing

    alice.add_interview("Acme", "Analyst", when="in 5 days at 10:00")

    (planned,) = told
    assert {row.id for row in planned} == {
        row.id for row in store.upcoming_reminders(alice.user_id)
    }
    assert len(planned) >= 5


def test_a_turn_that_fails_writes_nothing_and_tells_the_listener_nothing(
    store: Store, clock: FrozenClock, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[Sequence[ReminderRow]] = []
    alice = Driver(build_coach(store, clock, content, listener=told.append))
    alice.set_timezone("Europe/Berlin")
    told.clear()

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("the reply could not be rendered")

    monkeypatch.setattr(interviews, "kind_labels", broken)
    with pytest.raises(RuntimeError):
        alice.add_interview("Acme", "Analyst", when="in 5 days at 10:00")

    assert told == []
    assert store.interviews(alice.user_id) == []
    assert store.upcoming_reminders(alice.user_id) == []
