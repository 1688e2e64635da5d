"""The promised items of an interview (migration m008): stored with their due days, read back,
cleared, and only ever for the interview's own user."""

from __future__ import annotations

from datetime import date

from bot.clock import FrozenClock
from bot.domain.records import Promise
from bot.store import Store


def test_promised_items_round_trip_and_clear(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("u1", clock.now())
    interview = fresh_db.add_interview("u1", "Acme", "Analyst", None, clock.now())
    promises = (Promise("a short write-up", date(2026, 11, 30)), Promise("two references"))

    fresh_db.set_materials("u1", interview, promises)
    saved = fresh_db.get_interview("u1", interview)
    assert saved is not None and saved.materials == promises

    fresh_db.set_materials("u1", interview, ())
    saved = fresh_db.get_interview("u1", interview)
    assert saved is not None and saved.materials == ()
    raw = fresh_db.db.execute("SELECT materials FROM interviews").fetchone()
    assert raw == (None,)


def test_another_users_interview_is_left_alone(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("u1", clock.now())
    fresh_db.ensure_user("u2", clock.now())
    interview = fresh_db.add_interview("u1", "Acme", "Analyst", None, clock.now())
    fresh_db.set_materials("u2", interview, (Promise("a sample"),))
    saved = fresh_db.get_interview("u1", interview)
    assert saved is not None and saved.materials == ()
