"""/export: every row of the user as JSON, none of another user's; then /delete leaves nothing."""

from __future__ import annotations

import json

from bot.store import Store
from tests.support.coach import Driver


def test_export_round_trips_and_delete_leaves_nothing(
    alice: Driver, bob: Driver, store: Store
) -> None:
    alice.add_interview()
    bob.add_interview(company="Bob's Co")
    alice.send("/export")
    (attached,) = [r.file for r in alice.replies if r.file is not None]
    data = json.loads(attached.data)
    assert data["users"][0]["id"] == "test:alice"
    assert [i["company"] for i in data["interviews"]] == ["Acme"]
    assert data["reminders"] and all(r["user_id"] == "test:alice" for r in data["reminders"])
    assert "Bob's Co" not in attached.data.decode()

    alice.send("/delete")
    alice.click("Yes, delete everything")
    assert "Everything is deleted" in alice.text
    for table in store.user_tables():
        column = "id" if table == "users" else "user_id"
        count = store.db.execute(
            f"SELECT COUNT(*) FROM [{table}] WHERE [{column}] = ?", ["test:alice"]
        ).fetchone()[0]
        assert count == 0, table
    assert [i.company for i in store.interviews("test:bob")] == ["Bob's Co"]
