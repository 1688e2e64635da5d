"""What happens when a dialog is complete: each finisher turns answers into rows and a reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.core.events import Reply
from bot.finishers.base import FinishCall, ReminderListener
from bot.finishers.interviews import finish_interviews
from bot.finishers.signals import finish_signals
from bot.finishers.timezone import finish_timezone

Finisher = Callable[[FinishCall], list[Reply]]
Action = Callable[[FinishCall, Any], list[Reply]]
"""Runs when a state with `on_answer` is answered, with the value given."""

FINISHERS: Mapping[str, Finisher] = {
    "signals": finish_signals,
    "interviews": finish_interviews,
    "timezone": finish_timezone,
}

__all__ = ["FINISHERS", "Action", "FinishCall", "Finisher", "ReminderListener"]
