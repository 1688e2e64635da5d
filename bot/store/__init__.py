"""All persistence: one SQLite file through sqlite-utils; nothing else touches SQL."""

from bot.reminders.model import ReminderRow
from bot.store.details import Story
from bot.store.store import QUIET_HOURS_KEY, Interview, Reading, Store, User

__all__ = ["QUIET_HOURS_KEY", "Interview", "Reading", "ReminderRow", "Store", "Story", "User"]
