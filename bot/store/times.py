"""How the store writes times: UTC ISO 8601 to the second, so they also compare as text."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(when: datetime) -> str:
    """Return an aware datetime as stored text; a naive one is refused, never guessed."""
    if when.tzinfo is None:
        raise ValueError("stored times must be aware datetimes")
    return when.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    """Return stored text as an aware UTC datetime."""
    return datetime.fromisoformat(text).astimezone(UTC)
