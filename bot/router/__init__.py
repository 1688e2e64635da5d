"""Free-text routing: which intent a message means when it answers no pending question."""

from bot.router.match import Routed, Router, normalise
from bot.router.model import INTENT_NAMES, UNKNOWN, Intents, IntentsError, load_intents

__all__ = [
    "INTENT_NAMES",
    "UNKNOWN",
    "Intents",
    "IntentsError",
    "Routed",
    "Router",
    "load_intents",
    "normalise",
]
