"""Free-text routing: which intent a message means when it answers no pending question."""

from bot.content.intents import INTENT_NAMES, UNKNOWN, Intents, IntentsError, load_intents
from bot.router.match import Routed, Router, normalise

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
