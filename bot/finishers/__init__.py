"""What happens when a dialog is complete: each finisher turns answers into rows and a reply."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.core.events import Reply
from bot.finishers.base import FinishCall
from bot.finishers.interviews import finish_interviews
from bot.finishers.signals import finish_signals
from bot.finishers.timezone import finish_timezone

Finisher = Callable[[FinishCall], list[Reply]]

FINISHERS: Mapping[str, Finisher] = {
    "signals": finish_signals,
    "interviews": finish_interviews,
    "timezone": finish_timezone,
}

__all__ = ["FINISHERS", "FinishCall", "Finisher"]
