"""What happens when a dialog is complete: each finisher turns answers into rows and a reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.domain.events import Reply
from bot.finishers.actions import prep_save_story, prep_tick, reminder_cancel
from bot.finishers.advice import (
    finish_delete,
    finish_followup,
    finish_negotiate,
    finish_outcome,
    finish_thankyou,
)
from bot.finishers.advice_actions import followup_step, save_point, thank_you_step
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
    "followup_step": followup_step,
    "thank_you_step": thank_you_step,
    "save_point": save_point,
}

FINISHERS: Mapping[str, Finisher] = {
    "signals": finish_signals,
    "interviews": finish_interviews,
    "timezone": finish_timezone,
    "debrief": finish_debrief,
    "prep": finish_prep,
    "reminders": finish_reminders,
    "followup": finish_followup,
    "thankyou": finish_thankyou,
    "negotiate": finish_negotiate,
    "outcome": finish_outcome,
    "delete": finish_delete,
}

__all__ = ["ACTIONS", "FINISHERS", "Action", "FinishCall", "Finisher", "ReminderListener"]
