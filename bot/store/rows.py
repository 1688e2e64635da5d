"""Read rows as dicts with one statement each.

sqlite-utils' `Database.query()` wraps every statement in a savepoint, so it can roll back a
statement that turns out to write: outside a transaction that is a transaction begun and
committed around each read, three statements for one. The store's reads are plain SELECTs
it writes itself, so they go straight to the connection; writes still go through
sqlite-utils (`execute`, `atomic`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database


def select(
    db: Database, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
) -> list[dict[str, Any]]:
    """Run one SELECT and return its rows as dicts keyed by column name."""
    if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
        # Refused before it runs: nothing here could undo a write.
        raise ValueError(f"select() is for statements that return rows, not {sql!r}")
    cursor = db.conn.execute(sql, params)
    keys = [column[0] for column in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]
