"""Why a database file cannot be used, said in one line that names it.

Opening can fail for reasons the person running the bot can fix: the folder cannot be
created or written (SQLite's WAL mode and the bot's lock put files beside the database), the
file cannot be read or written, it is not a SQLite database, or it was written by a newer
version of the coach (it records migrations this version does not know: running on it could
corrupt what the newer version wrote).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


class DatabaseUnusable(RuntimeError):
    """The database cannot be used; the message names the file and says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"cannot use the database {path}: {reason}")
        self.path = path


def folder_problem(path: Path, error: OSError) -> DatabaseUnusable:
    """The database's folder cannot be created, or a file beside the database not made."""
    return DatabaseUnusable(path, f"{path.parent} is not writable ({error.strerror})")


def sqlite_problem(path: Path, error: sqlite3.Error) -> DatabaseUnusable:
    """Translate what SQLite said on opening `path` into a reason a person can act on."""
    message = str(error)
    if path.is_dir():
        return DatabaseUnusable(path, "it is a folder, not a file")
    if "file is not a database" in message:
        return DatabaseUnusable(path, "the file is not a SQLite database")
    if "locked" in message or "busy" in message:
        return DatabaseUnusable(path, "another process keeps it locked")
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return DatabaseUnusable(
            path, f"{folder} is not writable (the database needs files beside it)"
        )
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return DatabaseUnusable(path, "this user cannot read and write the file")
    if "readonly" in message:
        return DatabaseUnusable(path, "the file is read-only")
    return DatabaseUnusable(path, message)


def check_schema(db: Database, migrations: Migrations, path: Path) -> None:
    """Refuse a database that records migrations `migrations` does not know (a newer one)."""
    known = {migration.name for migration in migrations.pending(Database(memory=True))}
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        raise DatabaseUnusable(
            path,
            f"a newer version of Interview Coach wrote it (it has {', '.join(unknown)}); "
            "run that version, or this one on a backup made before the upgrade",
        )
