"""The store: schema from migrations, WAL, ownership checks, JSON state, transactions."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.domain.records import AnswerRow
from bot.store import Store
from bot.store.migrations import migrations
from bot.store.rows import select

EXPECTED_COLUMNS = {
    "users": {"id", "timezone", "preferences", "active", "created_at", "updated_at"},
    "dialog_state": {"user_id", "state", "updated_at"},
    "interviews": {
        "id",
        "user_id",
        "company",
        "role",
        "round",
        "status",
        "created_at",
        "starts_at",
        "duration_min",
        "format",
        "interviewers",
        "decision_by",
        "decision_note",
        "discussion_point",
        "promised_materials",
        "materials",
        "thank_you_sent_at",
        "materials_sent_at",
        "closed_at",
        "replied_at",
        "outcome",
        "outcome_at",
    },
    "readings": {"id", "user_id", "interview_id", "score", "band", "created_at"},
    "answers": {"id", "reading_id", "user_id", "question", "answer", "weight"},
    "processed_updates": {"update_id", "seen_at"},
    "reminders": {
        "id",
        "user_id",
        "interview_id",
        "kind",
        "due_at",
        "status",
        "attempts",
        "sent_at",
        "reason",
        "dedupe_key",
        "note",
        "created_at",
        "updated_at",
        "next_try_at",
        "acted_at",
    },
    "prep_items": {"id", "user_id", "interview_id", "item", "done_at"},
    "followups": {"id", "user_id", "interview_id", "sent_at"},
    "reflections": {"id", "user_id", "interview_id", "went_well", "improve", "created_at"},
    "negotiations": {
        "id",
        "user_id",
        "interview_id",
        "minimum",
        "ideal",
        "start",
        "location",
        "evidence",
        "kind",  # "card", or "offer": the figures of an offer, as JSON in `offer`
        "offer",
        "created_at",
    },
    "stories": {
        "id",
        "user_id",
        "interview_id",
        "situation",
        "task",
        "action",
        "result",
        "created_at",
        "title",
        "tag",
        "updated_at",
    },
}

NASTY = "Robert'); DROP TABLE users;--"


def _count(store: Store, table: str) -> int:
    return store.db.table(table).count


# schema and migrations


def test_fresh_db_has_every_table_and_column(fresh_db: Store) -> None:
    for table, columns in EXPECTED_COLUMNS.items():
        assert fresh_db.db.table(table).exists(), table
        assert set(fresh_db.db.table(table).columns_dict) == columns, table


def test_fresh_db_records_the_migration(fresh_db: Store) -> None:
    rows = list(fresh_db.db.query("SELECT migration_set, name FROM _sqlite_migrations"))
    assert rows == [
        {"migration_set": "interview_coach", "name": "m001_core"},
        {"migration_set": "interview_coach", "name": "m002_processed_updates"},
        {"migration_set": "interview_coach", "name": "m003_schedules"},
        {"migration_set": "interview_coach", "name": "m004_outcomes"},
        {"migration_set": "interview_coach", "name": "m005_reminder_lookup"},
        {"migration_set": "interview_coach", "name": "m006_parked_questions"},
        {"migration_set": "interview_coach", "name": "m007_reminder_note"},
        {"migration_set": "interview_coach", "name": "m008_promised_items"},
        {"migration_set": "interview_coach", "name": "m009_story_details"},
        {"migration_set": "interview_coach", "name": "m010_offer_figures"},
        {"migration_set": "interview_coach", "name": "m011_reminder_retries"},
    ]
    assert migrations.pending(fresh_db.db) == []


def test_fresh_db_declares_foreign_keys(fresh_db: Store) -> None:
    fks = {(fk.column, fk.other_table) for fk in fresh_db.db.table("answers").foreign_keys}
    assert fks == {("reading_id", "readings"), ("user_id", "users")}
    fks = {(fk.column, fk.other_table) for fk in fresh_db.db.table("readings").foreign_keys}
    assert fks == {("user_id", "users"), ("interview_id", "interviews")}
    for table in ("followups", "reflections", "negotiations"):
        fks = {(fk.column, fk.other_table) for fk in fresh_db.db.table(table).foreign_keys}
        assert fks == {("user_id", "users"), ("interview_id", "interviews")}, table


def test_file_database_is_in_wal_mode(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data_and_does_not_migrate_again(
    store: Store, db_path: Path, clock: FrozenClock
) -> None:
    store.ensure_user("test:alice", clock.now())
    interview_id = store.add_interview("test:alice", "Acme", "Analyst", None, clock.now())
    store.save_dialog_state("test:alice", {"state": "signals:met_team"}, clock.now())
    applied = list(store.db.query("SELECT * FROM _sqlite_migrations"))
    store.close()

    again = Store.open(db_path)
    try:
        assert list(again.db.query("SELECT * FROM _sqlite_migrations")) == applied
        assert again.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert again.get_user("test:alice") is not None
        found = again.get_interview("test:alice", interview_id)
        assert found is not None and found.company == "Acme"
        assert again.load_dialog_state("test:alice") == {"state": "signals:met_team"}
    finally:
        again.close()


# users


def test_ensure_user_is_idempotent(fresh_db: Store, clock: FrozenClock) -> None:
    first = fresh_db.ensure_user("test:alice", clock.now())
    clock.advance(timedelta(days=1))
    second = fresh_db.ensure_user("test:alice", clock.now())
    assert second == first
    assert first.timezone == "UTC"
    assert first.preferences == {}
    assert first.active is True
    assert first.created_at == clock.now() - timedelta(days=1)
    assert _count(fresh_db, "users") == 1


def test_get_user_unknown_is_none(fresh_db: Store) -> None:
    assert fresh_db.get_user("test:nobody") is None


def test_set_timezone(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    fresh_db.set_timezone("test:alice", "Europe/Berlin", clock.now())
    user = fresh_db.get_user("test:alice")
    assert user is not None and user.timezone == "Europe/Berlin"


# dialog state


def test_dialog_state_round_trips_as_json(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    assert fresh_db.load_dialog_state("test:alice") is None
    state = {
        "v": 1,
        "state": "signals:met_executives",
        "answers": {"company": "Zürich <b>&Co</b>", "score": 3},
        "history": [["signals:pick_interview", True]],
    }
    fresh_db.save_dialog_state("test:alice", state, clock.now())
    assert fresh_db.load_dialog_state("test:alice") == state

    raw = next(fresh_db.db.query("SELECT state FROM dialog_state"))["state"]
    assert isinstance(raw, str) and raw.startswith("{")

    # Saving again replaces the row rather than adding one.
    fresh_db.save_dialog_state("test:alice", {"state": "signals:met_team"}, clock.now())
    assert fresh_db.load_dialog_state("test:alice") == {"state": "signals:met_team"}
    assert _count(fresh_db, "dialog_state") == 1


@pytest.mark.parametrize("raw", ["not json {", "[1, 2]", '"signals:met_team"', "null", "42"])
def test_unreadable_dialog_state_is_reported(fresh_db: Store, clock: FrozenClock, raw: str) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    fresh_db.db.execute(
        "INSERT INTO dialog_state (user_id, state, updated_at) VALUES (?, ?, ?)",
        ["test:alice", raw, clock.now().isoformat()],
    )
    assert fresh_db.load_dialog_state("test:alice") == {"unreadable": True}


def test_clear_dialog_state(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    fresh_db.ensure_user("test:bob", clock.now())
    fresh_db.save_dialog_state("test:alice", {"state": "timezone:ask"}, clock.now())
    fresh_db.save_dialog_state("test:bob", {"state": "timezone:ask"}, clock.now())
    fresh_db.clear_dialog_state("test:alice")
    assert fresh_db.load_dialog_state("test:alice") is None
    assert fresh_db.load_dialog_state("test:bob") == {"state": "timezone:ask"}
    fresh_db.clear_dialog_state("test:alice")  # clearing twice is harmless


# interviews


def test_get_interview_refuses_another_users_interview(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    fresh_db.ensure_user("test:bob", clock.now())
    bobs = fresh_db.add_interview("test:bob", "Initech", "Engineer", "second", clock.now())
    assert fresh_db.get_interview("test:alice", bobs) is None
    found = fresh_db.get_interview("test:bob", bobs)
    assert found is not None
    assert (found.user_id, found.company, found.role, found.round, found.status) == (
        "test:bob",
        "Initech",
        "Engineer",
        "second",
        "open",
    )
    assert found.created_at == clock.now()
    assert fresh_db.get_interview("test:bob", bobs + 1000) is None


def test_interviews_lists_own_newest_first(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    fresh_db.ensure_user("test:bob", clock.now())
    first = fresh_db.add_interview("test:alice", "Acme", "Analyst", None, clock.now())
    fresh_db.add_interview("test:bob", "Initech", "Engineer", None, clock.now())
    clock.advance(timedelta(hours=1))
    second = fresh_db.add_interview("test:alice", "Globex", "Lead", "final", clock.now())

    mine = fresh_db.interviews("test:alice")
    assert [i.id for i in mine] == [second, first]
    assert {i.user_id for i in mine} == {"test:alice"}
    assert fresh_db.interviews("test:nobody") == []


def test_interviews_open_only(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user("test:alice", clock.now())
    closed = fresh_db.add_interview("test:alice", "Acme", "Analyst", None, clock.now())
    still_open = fresh_db.add_interview("test:alice", "Globex", "Lead", None, clock.now())
    fresh_db.db.execute("UPDATE interviews SET status = 'closed' WHERE id = ?", [closed])

    assert [i.id for i in fresh_db.interviews("test:alice")] == [still_open]
    assert [i.id for i in fresh_db.interviews("test:alice", open_only=True)] == [still_open]
    every = fresh_db.interviews("test:alice", open_only=False)
    assert [(i.id, i.status) for i in every] == [(still_open, "open"), (closed, "closed")]


def test_sql_metacharacters_are_stored_verbatim(fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.ensure_user(NASTY, clock.now())
    interview_id = fresh_db.add_interview(NASTY, NASTY, NASTY, NASTY, clock.now())
    fresh_db.save_dialog_state(NASTY, {"answers": {"company": NASTY}}, clock.now())

    found = fresh_db.get_interview(NASTY, interview_id)
    assert found is not None
    assert (found.user_id, found.company, found.role, found.round) == (NASTY,) * 4
    assert fresh_db.load_dialog_state(NASTY) == {"answers": {"company": NASTY}}
    for table in EXPECTED_COLUMNS:
        assert fresh_db.db.table(table).exists(), table
    assert fresh_db.get_user(NASTY) is not None
    assert _count(fresh_db, "users") == 1


# readings


def _alice_with_interview(store: Store, clock: FrozenClock) -> int:
    store.ensure_user("test:alice", clock.now())
    return store.add_interview("test:alice", "Acme", "Analyst", None, clock.now())


def test_save_reading_and_read_it_back(fresh_db: Store, clock: FrozenClock) -> None:
    interview_id = _alice_with_interview(fresh_db, clock)
    answers = [
        AnswerRow("signals:met_executives", "yes", 15.0),
        AnswerRow("signals:met_team", "unsure", 3.0),
    ]
    with fresh_db.atomic():
        reading_id = fresh_db.save_reading(
            "test:alice", interview_id, 72, "Strong", answers, clock.now()
        )

    [reading] = fresh_db.readings("test:alice", interview_id)
    assert (reading.id, reading.score, reading.band) == (reading_id, 72, "Strong")
    assert reading.created_at == clock.now()
    assert fresh_db.readings("test:alice") == [reading]
    assert fresh_db.reading_answers("test:alice", reading_id) == answers
    # Another user asking for the same reading id gets nothing.
    assert fresh_db.reading_answers("test:bob", reading_id) == []
    assert fresh_db.readings("test:bob") == []


def test_failure_midway_leaves_no_half_written_reading(fresh_db: Store, clock: FrozenClock) -> None:
    interview_id = _alice_with_interview(fresh_db, clock)
    answers = [
        AnswerRow("signals:met_executives", "yes", 15.0),
        AnswerRow("signals:met_team", None, 3.0),  # type: ignore[arg-type]  # NOT NULL
    ]
    with pytest.raises(sqlite3.IntegrityError), fresh_db.atomic():
        fresh_db.save_reading("test:alice", interview_id, 50, "Promising", answers, clock.now())

    assert _count(fresh_db, "readings") == 0
    assert _count(fresh_db, "answers") == 0
    assert not fresh_db.db.conn.in_transaction


def test_error_after_save_reading_rolls_it_back(fresh_db: Store, clock: FrozenClock) -> None:
    interview_id = _alice_with_interview(fresh_db, clock)
    answers = [AnswerRow("signals:met_executives", "yes", 15.0)]
    with pytest.raises(RuntimeError, match="finisher broke"), fresh_db.atomic():
        fresh_db.save_reading("test:alice", interview_id, 50, "Promising", answers, clock.now())
        fresh_db.save_dialog_state("test:alice", {"state": "signals:done"}, clock.now())
        raise RuntimeError("finisher broke")

    assert _count(fresh_db, "readings") == 0
    assert _count(fresh_db, "answers") == 0
    assert fresh_db.load_dialog_state("test:alice") is None
    # The store still works after the rollback.
    with fresh_db.atomic():
        fresh_db.save_reading("test:alice", interview_id, 50, "Promising", answers, clock.now())
    assert _count(fresh_db, "readings") == 1


def test_foreign_keys_are_enforced(fresh_db: Store, clock: FrozenClock) -> None:
    interview_id = _alice_with_interview(fresh_db, clock)
    assert fresh_db.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), fresh_db.atomic():
        fresh_db.save_reading("test:nobody", interview_id, 10, "Early days", [], clock.now())
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), fresh_db.atomic():
        fresh_db.save_reading("test:alice", interview_id + 1000, 10, "Early days", [], clock.now())
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        fresh_db.add_interview("test:nobody", "Acme", "Analyst", None, clock.now())
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        fresh_db.save_dialog_state("test:nobody", {"state": "timezone:ask"}, clock.now())
    assert _count(fresh_db, "readings") == 0


def test_foreign_keys_are_enforced_on_a_file_database(store: Store, clock: FrozenClock) -> None:
    interview_id = _alice_with_interview(store, clock)
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"), store.atomic():
        store.save_reading("test:nobody", interview_id, 10, "Early days", [], clock.now())
    assert _count(store, "readings") == 0


# users reachable or not, redelivered updates, backups


def test_a_blocked_user_is_inactive_until_they_write_again(
    store: Store, clock: FrozenClock
) -> None:
    store.ensure_user("tg:1", clock.now())
    store.set_inactive("tg:1", clock.now())
    user = store.get_user("tg:1")
    assert user is not None and not user.active
    again = store.ensure_user("tg:1", clock.now())
    assert again.active


def test_an_update_id_is_first_seen_once(store: Store, clock: FrozenClock) -> None:
    keep = timedelta(days=1)
    assert store.first_time_seen(41, clock.now(), keep)
    assert not store.first_time_seen(41, clock.now(), keep)
    assert store.first_time_seen(42, clock.now(), keep)


def test_old_update_ids_are_pruned(store: Store, clock: FrozenClock) -> None:
    keep = timedelta(days=1)
    store.first_time_seen(7, clock.now(), keep)
    clock.advance(timedelta(days=2))
    store.first_time_seen(1000, clock.now(), keep)  # every thousandth id prunes
    assert _count(store, "processed_updates") == 1


def test_backup_is_a_consistent_copy_while_open(
    store: Store, clock: FrozenClock, tmp_path: Path
) -> None:
    store.ensure_user("tg:1", clock.now())
    store.add_interview("tg:1", "Acme", "Analyst", None, clock.now())
    target = tmp_path / "backups" / "copy.db"
    store.backup(target)
    copy = Store.open(target)
    try:
        assert [i.company for i in copy.interviews("tg:1")] == ["Acme"]
    finally:
        copy.close()


def test_a_users_reminders_are_found_by_index_not_by_scanning(fresh_db: Store) -> None:
    plan = list(
        fresh_db.db.query(
            "EXPLAIN QUERY PLAN SELECT * FROM reminders WHERE user_id = ? AND status = 'pending'"
            " ORDER BY due_at, id",
            ["tg:1"],
        )
    )
    assert "USING INDEX idx_reminders_user_id_status_due_at" in plan[0]["detail"]


def test_a_file_database_syncs_normally_in_wal_mode(store: Store) -> None:
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_a_known_users_turn_reads_without_writing_or_savepoints(
    store: Store, clock: FrozenClock
) -> None:
    # Every turn calls ensure_user and reads; none of that may cost a transaction of its own.
    store.ensure_user("tg:7", clock.now())
    store.add_interview("tg:7", "Acme", "Analyst", None, clock.now())
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    try:
        store.ensure_user("tg:7", clock.now())
        store.interviews("tg:7")
        store.load_dialog_state("tg:7")
    finally:
        store.db.conn.set_trace_callback(None)
    assert statements, "the trace saw nothing"
    assert all(s.lstrip().upper().startswith("SELECT") for s in statements), statements


def test_select_refuses_a_statement_that_returns_no_rows(store: Store) -> None:
    with pytest.raises(ValueError, match="return rows"):
        select(store.db, "CREATE TABLE never_made (id INTEGER)")
    assert "never_made" not in store.db.table_names()
