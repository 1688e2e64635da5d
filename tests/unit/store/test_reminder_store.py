"""The reminders table: planning, claiming, marking, snoozing and cancelling rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.reminders import Kind, Planned, Status
from bot.store import Store

HOUR = timedelta(hours=1)


def interview(store: Store, clock: FrozenClock, user: str = "u:1") -> int:
    """Create a user and an open interview for them."""
    store.ensure_user(user, clock.now())
    return store.add_interview(user, "Acme", "Engineer", None, clock.now())


def plan(iv: int, start: datetime, *kinds: Kind, tag: str = "") -> list[Planned]:
    """Planned reminders keyed like a planner would: interview, kind and interview start."""
    offsets = {
        Kind.PREP_24H: -24 * HOUR,
        Kind.PREP_2H: -2 * HOUR,
        Kind.DEBRIEF: 2 * HOUR,
        Kind.THANK_YOU: 4 * HOUR,
        Kind.FOLLOW_UP: 120 * HOUR,
    }
    return [
        Planned(k, start + offsets[k], f"iv{iv}:{k.value}:{start.isoformat()}{tag}") for k in kinds
    ]


def statuses(store: Store) -> dict[str, tuple[str, str | None]]:
    """Every row's key -> (status, reason)."""
    rows = store.db.query("SELECT dedupe_key, status, reason FROM reminders")
    return {r["dedupe_key"]: (r["status"], r["reason"]) for r in rows}


def test_plan_inserts_once_and_returns_pending(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    start = clock.now() + 48 * HOUR
    planned = plan(iv, start, Kind.PREP_24H, Kind.PREP_2H, Kind.DEBRIEF)
    rows = store.plan_reminders("u:1", iv, planned, clock.now())
    again = store.plan_reminders("u:1", iv, planned, clock.now())
    assert [r.kind for r in rows] == [Kind.PREP_24H, Kind.PREP_2H, Kind.DEBRIEF]
    assert again == rows
    assert all(r.status is Status.PENDING and r.attempts == 0 for r in rows)
    assert store.db.execute("SELECT count(*) FROM reminders").fetchone()[0] == 3


def test_times_are_stored_as_utc_iso_seconds(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    berlin = timezone(timedelta(hours=1))
    due = datetime(2026, 11, 25, 10, 30, 15, 999, tzinfo=berlin)
    store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, due, "k"), clock.now())
    stored = store.db.execute("SELECT due_at FROM reminders").fetchone()[0]
    assert stored == "2026-11-25T09:30:15+00:00"


def test_replan_cancels_only_planner_rows_no_longer_planned(
    store: Store, clock: FrozenClock
) -> None:
    iv = interview(store, clock)
    now = clock.now()
    first = clock.now() + 48 * HOUR
    old = plan(iv, first, Kind.PREP_24H, Kind.PREP_2H, Kind.DEBRIEF, Kind.FOLLOW_UP)
    store.plan_reminders("u:1", iv, old, now)
    materials = store.add_reminder("u:1", iv, Planned(Kind.MATERIALS, first, "mat"), now)
    assert materials is not None
    sent = store.claim_reminder(store.upcoming_reminders("u:1")[0].id, now)
    assert sent is not None and sent.kind is Kind.PREP_24H
    store.mark_sent(sent.id, now)
    debrief = next(r for r in store.upcoming_reminders("u:1") if r.kind is Kind.DEBRIEF)
    snoozed = store.snooze_reminder("u:1", debrief.id, first + 10 * HOUR, now)
    assert snoozed is not None

    moved = first + 24 * HOUR
    new = plan(iv, moved, Kind.PREP_2H, Kind.DEBRIEF, Kind.THANK_YOU)
    rows = store.plan_reminders("u:1", iv, [*new, old[3]], now)

    state = statuses(store)
    assert state[old[0].dedupe_key] == ("sent", None)  # history is kept
    assert state[old[1].dedupe_key] == ("cancelled", "rescheduled")
    assert state[old[2].dedupe_key] == ("cancelled", "snoozed")
    assert state[old[3].dedupe_key] == ("pending", None)  # still planned: kept
    assert state["mat"] == ("pending", None)  # MATERIALS: not the planner's
    assert state[snoozed.dedupe_key] == ("pending", None)  # the user's snooze stays
    assert {r.dedupe_key for r in rows} == {
        *(p.dedupe_key for p in new),
        old[3].dedupe_key,
        "mat",
        snoozed.dedupe_key,
    }


def test_replan_back_to_an_earlier_time_revives_the_cancelled_rows(
    store: Store, clock: FrozenClock
) -> None:
    iv = interview(store, clock)
    now = clock.now()
    first = now + 48 * HOUR
    store.plan_reminders("u:1", iv, plan(iv, first, Kind.PREP_24H), now)
    store.plan_reminders("u:1", iv, plan(iv, first + HOUR, Kind.PREP_24H), now)
    rows = store.plan_reminders("u:1", iv, plan(iv, first, Kind.PREP_24H), now)
    assert [(r.due_at, r.status) for r in rows] == [(first - 24 * HOUR, Status.PENDING)]


def test_plan_and_cancel_check_ownership(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock, "u:1")
    store.ensure_user("u:2", clock.now())
    with pytest.raises(ValueError):
        store.plan_reminders("u:2", iv, plan(iv, clock.now(), Kind.DEBRIEF), clock.now())
    rows = store.plan_reminders("u:1", iv, plan(iv, clock.now(), Kind.DEBRIEF), clock.now())
    assert store.get_reminder("u:2", rows[0].id) is None
    assert store.get_reminder("u:1", rows[0].id) == rows[0]
    assert store.cancel_reminders("u:2", clock.now(), "no", reminder_id=rows[0].id) == 0
    assert store.cancel_reminders("u:2", clock.now(), "no", interview_id=iv) == 0
    assert store.snooze_reminder("u:2", rows[0].id, clock.now() + HOUR, clock.now()) is None
    assert store.cancel_reminders("u:1", clock.now(), "done", interview_id=iv) == 1
    assert statuses(store)[rows[0].dedupe_key] == ("cancelled", "done")


def test_add_reminder_ignores_a_duplicate_key(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    planned = Planned(Kind.MATERIALS, clock.now() + HOUR, "mat")
    first = store.add_reminder("u:1", iv, planned, clock.now())
    assert first is not None and first.kind is Kind.MATERIALS and first.interview_id == iv
    assert store.add_reminder("u:1", iv, planned, clock.now()) is None


def test_due_reminders_are_pending_ones_oldest_first(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    now = clock.now()
    for i, offset in enumerate([3, 1, 2, 30]):
        store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now + offset * HOUR, f"k{i}"), now)
    done = store.claim_reminder(1, now)  # due in 3 h, being sent: not due any more
    assert done is not None
    due = store.due_reminders(now + 3 * HOUR)
    assert [r.dedupe_key for r in due] == ["k1", "k2"]
    assert [r.dedupe_key for r in store.due_reminders(now + 99 * HOUR, limit=1)] == ["k1"]
    assert [r.dedupe_key for r in store.upcoming_reminders("u:1")] == ["k1", "k2", "k3"]


def test_due_reminders_continue_after_the_last_row_of_a_batch(
    store: Store, clock: FrozenClock
) -> None:
    iv = interview(store, clock)
    now = clock.now()
    for i, offset in enumerate([0, 1, 1, 1, 2]):  # three due at the same time
        store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now + offset * HOUR, f"k{i}"), now)
    first = store.due_reminders(now + 9 * HOUR, limit=2)
    assert [r.dedupe_key for r in first] == ["k0", "k1"]
    last = (first[-1].due_at, first[-1].id)
    second = store.due_reminders(now + 9 * HOUR, limit=2, after=last)
    assert [r.dedupe_key for r in second] == ["k2", "k3"]  # k1 stays behind: never read twice
    third = store.due_reminders(now + 9 * HOUR, limit=2, after=(second[-1].due_at, second[-1].id))
    assert [r.dedupe_key for r in third] == ["k4"]
    assert store.due_reminders(now + HOUR, limit=2, after=last) == second  # `until` still holds
    assert store.due_reminders(now + 9 * HOUR, after=(third[0].due_at, third[0].id)) == []


def test_claim_is_one_winner_and_counts_attempts(
    store: Store, clock: FrozenClock, db_path: Path
) -> None:
    iv = interview(store, clock)
    row = store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now())
    assert row is not None
    claimed = store.claim_reminder(row.id, clock.now())
    assert claimed is not None
    assert (claimed.status, claimed.attempts) == (Status.SENDING, 1)
    assert store.claim_reminder(row.id, clock.now()) is None
    other = Store.open(db_path)  # the claim is committed, seen by another connection
    try:
        assert other.claim_reminder(row.id, clock.now()) is None
        assert statuses(other)["k"] == ("sending", None)
    finally:
        other.close()


def test_mark_release_and_recover(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    now = clock.now()
    ids = []
    for key in ("a", "b", "c", "d", "e"):
        row = store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now, key), now)
        assert row is not None
        ids.append(row.id)
        assert store.claim_reminder(row.id, now) is not None
    a, b, c, d, _e = ids
    assert store.mark_sent(a, now)
    assert store.mark_skipped(b, now, "too late")
    assert store.mark_failed(c, now, "TimeoutError")
    assert store.release(d, now, now + HOUR)
    assert not store.mark_failed(a, now, "again")  # a sent row stays sent
    assert not store.release(a, now, now)
    assert store.recover_sending(now) == 1  # only e was left in sending
    assert statuses(store) == {
        "a": ("sent", None),
        "b": ("skipped", "too late"),
        "c": ("failed", "TimeoutError"),
        "d": ("pending", None),
        "e": ("pending", None),
    }
    sent = store.get_reminder("u:1", a)
    assert sent is not None and sent.sent_at == now
    released = store.get_reminder("u:1", d)
    assert released is not None and released.attempts == 1
    assert (released.due_at, released.next_try_at) == (now, now + HOUR)  # due time kept


def test_snooze_a_pending_and_a_sent_reminder(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    now = clock.now()
    pending = store.add_reminder("u:1", iv, Planned(Kind.THANK_YOU, now + HOUR, "ty"), now)
    sent = store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, now, "db"), now)
    assert pending is not None and sent is not None
    store.claim_reminder(sent.id, now)
    store.mark_sent(sent.id, now)
    until = now + 3 * HOUR

    later = store.snooze_reminder("u:1", pending.id, until, now)
    assert later is not None
    assert (later.kind, later.interview_id, later.due_at) == (Kind.THANK_YOU, iv, until)
    assert later.dedupe_key == "ty:snooze:2026-11-23T18:00:00+00:00"
    again = store.snooze_reminder("u:1", sent.id, until, now)
    assert again is not None and again.status is Status.PENDING

    state = statuses(store)
    assert state["ty"] == ("cancelled", "snoozed")
    assert state["db"] == ("sent", None)
    # snoozing a cancelled reminder does not bring it back
    assert store.snooze_reminder("u:1", pending.id, until + HOUR, now) is None


def test_a_reminders_buttons_act_once(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    interview(store, clock, "u:2")
    now = clock.now()
    row = store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, now, "db"), now)
    assert row is not None and row.acted_at is None
    assert not store.act_on_reminder("u:2", row.id, now)  # not theirs
    assert store.act_on_reminder("u:1", row.id, now)
    assert not store.act_on_reminder("u:1", row.id, now + HOUR)  # once
    acted = store.get_reminder("u:1", row.id)
    assert acted is not None and acted.acted_at == now


def test_snoozing_twice_adds_one_copy(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    now = clock.now()
    row = store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, now, "db"), now)
    assert row is not None
    store.claim_reminder(row.id, now)
    store.mark_sent(row.id, now)
    copy = store.snooze_reminder("u:1", row.id, now + HOUR, now)
    assert copy is not None and copy.acted_at is None  # the copy's own buttons will work
    later = now + timedelta(seconds=5)
    assert store.snooze_reminder("u:1", row.id, later + HOUR, later) is None
    assert [r.id for r in store.upcoming_reminders("u:1")] == [copy.id]


def test_a_released_row_is_read_by_its_next_try_through_an_index(
    store: Store, clock: FrozenClock
) -> None:
    iv = interview(store, clock)
    now = clock.now()
    early = store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, now - HOUR, "early"), now)
    late = store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now, "late"), now)
    assert early is not None and late is not None
    store.claim_reminder(early.id, now)
    store.release(early.id, now, now + 2 * HOUR)  # failed: tried again in two hours
    assert [r.id for r in store.due_reminders(now)] == [late.id]
    assert [r.id for r in store.due_reminders(now + 2 * HOUR)] == [late.id, early.id]
    assert [r.id for r in store.due_reminders(now + 2 * HOUR, after=(now, late.id))] == [early.id]
    # The sweep reads pending rows in order from the m011 index, never by a scan and a sort.
    ran: list[str] = []
    store.db.conn.set_trace_callback(ran.append)
    try:
        store.due_reminders(now + 2 * HOUR)
        store.due_reminders(now + 2 * HOUR, after=(now, late.id))
    finally:
        store.db.conn.set_trace_callback(None)
    selects = [s for s in ran if s.startswith("SELECT")]
    assert len(selects) == 2
    for sql in selects:
        plan = " ".join(str(r[-1]) for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "idx_reminders_pending_next_try" in plan and "TEMP B-TREE" not in plan, plan


def test_a_revived_row_starts_afresh(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    now = clock.now()
    start = now + 5 * 24 * HOUR
    first = store.plan_reminders("u:1", iv, plan(iv, start, Kind.DEBRIEF), now)
    (row,) = first
    store.claim_reminder(row.id, now)
    store.release(row.id, now, now + HOUR)
    store.act_on_reminder("u:1", row.id, now)
    store.plan_reminders("u:1", iv, plan(iv, start + HOUR, Kind.DEBRIEF), now)  # moved
    (back,) = store.plan_reminders("u:1", iv, plan(iv, start, Kind.DEBRIEF), now)  # and back
    assert back.id == row.id
    assert (back.next_try_at, back.acted_at, back.attempts) == (None, None, 0)


def test_cancel_user_reminders_cancels_all_pending(store: Store, clock: FrozenClock) -> None:
    first = interview(store, clock, "u:1")
    second = store.add_interview("u:1", "Beta", "Lead", None, clock.now())
    other = interview(store, clock, "u:2")
    now = clock.now()
    for key, iv, user in [("a", first, "u:1"), ("b", second, "u:1"), ("c", other, "u:2")]:
        store.add_reminder(user, iv, Planned(Kind.FOLLOW_UP, now + HOUR, key), now)
    assert store.cancel_user_reminders("u:1", now, "user blocked the bot") == 2
    assert statuses(store) == {
        "a": ("cancelled", "user blocked the bot"),
        "b": ("cancelled", "user blocked the bot"),
        "c": ("pending", None),
    }


def test_a_naive_time_is_refused(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    naive = datetime(2026, 11, 25, 10, 0)  # noqa: DTZ001 - the mistake under test
    with pytest.raises(ValueError):
        store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, naive, "k"), clock.now())


def test_a_reminder_of_the_users_own_keeps_its_words_and_no_interview(
    store: Store, clock: FrozenClock
) -> None:
    store.ensure_user("u:1", clock.now())
    now = clock.now()
    planned = Planned(Kind.CUSTOM, now + HOUR, "custom:1", "Send the <b>portfolio</b>")

    row = store.add_reminder("u:1", None, planned, now)

    assert row is not None
    assert (row.kind, row.interview_id, row.note) == (Kind.CUSTOM, None, planned.note)
    claimed = store.claim_reminder(row.id, now + HOUR)
    assert claimed is not None and claimed.note == planned.note  # as delivery reads it
    store.mark_sent(row.id, now + HOUR)
    copy = store.snooze_reminder("u:1", row.id, now + 2 * HOUR, now + HOUR)
    assert copy is not None and (copy.note, copy.interview_id) == (planned.note, None)


def test_the_planners_rows_have_no_note(store: Store, clock: FrozenClock) -> None:
    iv = interview(store, clock)
    (row,) = store.plan_reminders(
        "u:1", iv, plan(iv, clock.now() + 48 * HOUR, Kind.DEBRIEF), clock.now()
    )
    assert row.note is None


def test_re_planning_and_stopping_an_interview_leave_the_users_own_reminders(
    store: Store, clock: FrozenClock
) -> None:
    iv = interview(store, clock)
    now = clock.now()
    mine = store.add_reminder("u:1", None, Planned(Kind.CUSTOM, now + HOUR, "custom:1", "x"), now)
    assert mine is not None
    store.plan_reminders("u:1", iv, plan(iv, now + 48 * HOUR, Kind.PREP_24H, Kind.DEBRIEF), now)

    store.plan_reminders("u:1", iv, [], now)  # the interview's plan is now empty
    store.cancel_reminders("u:1", now, "stopped by the user", interview_id=iv)

    assert statuses(store)["custom:1"] == ("pending", None)


def test_the_note_column_is_added_to_an_existing_database(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    first = Store.open(path)
    first.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_reminder_note'")
    first.db.execute("ALTER TABLE reminders DROP COLUMN note")
    first.close()

    reopened = Store.open(path)

    assert "note" in reopened.db.table("reminders").columns_dict
    reopened.close()
