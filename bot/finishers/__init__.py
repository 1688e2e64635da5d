"""What happens when a dialog is complete: each finisher turns answers into rows and a reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.core.events import Reply
from bot.finishers.actions import prep_save_story, prep_tick, reminder_cancel
from bot.finishers.base import FinishCall, ReminderListener
from bot.finishers.debrief import finish_debrief
from bot.finishers.interviews import finish_interviews
from bot.finishers.prep import finish_prep, finish_reminders
from bot.finishers.signals import finish_signals
from bot.finishers.timezone import finish_timezone

Finisher = Callable[[FinishCall], list[Reply]]
Action = Callable[[FinishCall, Any], list[Reply]]
"""Runs when a state with `on_answer` is answered, with the value given."""

ACTIONS: Mapping[str, Action] = {
    "prep_tick": prep_tick,
    "prep_save_story": prep_save_story,
    "reminder_cancel": reminder_cancel,
}

FINISHERS: Mapping[str, Finisher] = {
    "signals": finish_signals,
    "interviews": finish_interviews,
    "timezone": finish_timezone,
    "debrief": finish_debrief,
    "prep": finish_prep,
    "reminders": finish_reminders,
}

__all__ = ["ACTIONS", "FINISHERS", "Action", "FinishCall", "Finisher", "ReminderListener"]
