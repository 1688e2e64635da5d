"""/delete: called off, it deletes nothing.

That a yes leaves no row of the user is checked after an /export, in test_export.py; that it
leaves none of their words in the database file or its log, here.
"""

from __future__ import annotations

from pathlib import Path

from bot.store import Store
from tests.support.coach import Driver


def test_delete_can_be_called_off(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/delete")
    alice.click("No, keep it")
    assert "Nothing was deleted" in alice.text
    assert store.interviews("test:alice")


def test_a_deleted_users_words_leave_the_database_file_and_its_log(
    alice: Driver, bob: Driver, store: Store, db_path: Path
) -> None:
    secret = "Quillfeather Dynamics"
    alice.add_interview(secret, "Zeppelin Wrangler", interviewers="Ottoline Marchbanks")
    alice.send("/debrief")
    alice.send("their plan to migrate the Brimblecombe ledger")
    bob.add_interview("Acme", "Analyst")  # someone else's words stay
    words = [secret, "Zeppelin Wrangler", "Ottoline Marchbanks", "Brimblecombe"]
    on_disk = _bytes(db_path)
    assert all(word.encode() in on_disk for word in words), "the words were written at all"

    alice.send("/delete")
    alice.click("Yes, delete everything")

    on_disk = _bytes(db_path)
    assert [word for word in words if word.encode() in on_disk] == []
    assert b"Acme" in on_disk
    assert store.interviews("test:bob")


def _bytes(db_path: Path) -> bytes:
    """The database file and its write-ahead log, as stored on disk right now."""
    wal = db_path.with_name(db_path.name + "-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
