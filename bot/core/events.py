"""What adapters hand the core (Event) and what the core hands back (Reply)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    """One thing a user did: typed text, pressed a button, or opened the chat."""

    user_id: str
    text: str | None = None
    choice: str | None = None
    token: str | None = None
    """The state the pressed button belonged to, so stale buttons can be recognised."""
    opened: bool = False

    @classmethod
    def message(cls, user_id: str, text: str) -> Event:
        """A typed message (commands included)."""
        return cls(user_id=user_id, text=text)

    @classmethod
    def press(cls, user_id: str, choice: str, token: str | None = None) -> Event:
        """A pressed button."""
        return cls(user_id=user_id, choice=choice, token=token)

    @classmethod
    def open(cls, user_id: str) -> Event:
        """The chat was opened (the terminal started): greet or pick up where we were."""
        return cls(user_id=user_id, opened=True)


@dataclass(frozen=True)
class Choice:
    """A button: the id the core understands and the label the user sees."""

    id: str
    label: str


@dataclass(frozen=True)
class Reply:
    """One message to send: Telegram HTML, with optional buttons."""

    text: str
    choices: tuple[Choice, ...] = ()
    token: str | None = None
    """The state these buttons belong to; adapters send it back with a press."""
