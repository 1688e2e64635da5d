"""Button callback data: which choice, on which question; never more than Telegram's 64 bytes."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.events import short_token

MAX_BYTES = 64
VERSION = "c1"
NO_TOKEN = "-"


class CallbackDataTooLong(ValueError):
    """A button would carry more than Telegram allows."""


@dataclass(frozen=True)
class Pressed:
    """What a pressed button means: the choice, and the question it belonged to (short form)."""

    choice: str
    token: str | None


def encode(choice: str, token: str | None) -> str:
    """Return the callback data for a button; raises CallbackDataTooLong past 64 bytes."""
    data = f"{VERSION}|{short_token(token) if token else NO_TOKEN}|{choice}"
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackDataTooLong(f"callback data over {MAX_BYTES} bytes for choice {choice!r}")
    return data


def decode(data: str | None) -> Pressed | None:
    """Return what a button means, or None for data this version did not make."""
    if not data:
        return None
    version, _, rest = data.partition("|")
    token, _, choice = rest.partition("|")
    if version != VERSION or not token or not choice:
        return None
    return Pressed(choice=choice, token=None if token == NO_TOKEN else token)
