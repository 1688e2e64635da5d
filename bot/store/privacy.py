"""Everything the store holds about one user, across every table: exported as JSON, or deleted.

The one cross-table module: the tables are found from the schema (every table with a user_id
column), so a table added later is exported and deleted without a change here.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from bot.store.rows import select

# Children first, so deleting never trips a foreign key.
DELETE_ORDER = (
    "answers",
    "readings",
    "reminders",
    "prep_items",
    "stories",
    "followups",
    "reflections",
    "negotiations",
    "dialog_state",
    "interviews",
)


class Privacy:
    """`/export` and `/delete`: every table with a user_id column, found from the schema."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def user_tables(self) -> list[str]:
        """Return every table that holds rows of users (a user_id column), plus users."""
        found = [
            name
            for name in self.db.table_names()
            if not name.startswith(("_", "sqlite_"))
            and "user_id" in self.db.table(name).columns_dict
        ]
        return ["users", *sorted(found)]

    def export_user(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """Return all of a user's rows, table by table."""
        exported: dict[str, list[dict[str, Any]]] = {}
        for table in self.user_tables():
            column = "id" if table == "users" else "user_id"
            exported[table] = list(
                select(
                    self.db,
                    f"SELECT * FROM [{table}] WHERE [{column}] = ? ORDER BY rowid",
                    [user_id],
                )
            )
        return exported

    def delete_user(self, user_id: str) -> int:
        """Delete every row of a user, reminders included; return how many rows went."""
        tables = self.user_tables()
        ordered = [t for t in DELETE_ORDER if t in tables]
        ordered += [t for t in tables if t not in ordered and t != "users"]
        removed = 0
        with self.db.atomic():
            for table in ordered:
                removed += self.db.execute(
                    f"DELETE FROM [{table}] WHERE user_id = ?", [user_id]
                ).rowcount
            removed += self.db.execute("DELETE FROM users WHERE id = ?", [user_id]).rowcount
        return removed
