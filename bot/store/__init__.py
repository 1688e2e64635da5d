"""All persistence: one SQLite file through sqlite-utils; nothing else touches SQL."""

from bot.store.lock import DatabaseBusy
from bot.store.opening import DatabaseUnusable
from bot.store.store import Store

__all__ = ["DatabaseBusy", "DatabaseUnusable", "Store"]
