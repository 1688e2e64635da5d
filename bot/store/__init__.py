"""All persistence: one SQLite file through sqlite-utils; nothing else touches SQL."""

from bot.store.store import Interview, Reading, Store, User

__all__ = ["Interview", "Reading", "Store", "User"]
