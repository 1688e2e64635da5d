"""One bot per database: an advisory lock on a file beside it, held while the bot runs.

Two bots polling with one token fight over the updates (Telegram answers the second with 409
Conflict), and two dispatchers on one reminders table would each send what is due. The lock
is `flock` on `<database>.lock`: the operating system drops it when the process ends, even
by SIGKILL or a crash, so a stale lock never blocks the next start.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class DatabaseBusy(RuntimeError):
    """Another process holds the database's lock (another bot is running on it)."""


class DatabaseLock:
    """The exclusive lock of one database file, taken at once or refused."""

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock; raise DatabaseBusy when another process holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DatabaseBusy(
                f"another bot is already running on {self.path.with_suffix('')}; "
                "stop it first (one bot per database)"
            ) from None
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (also done by the OS when the process ends)."""
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
