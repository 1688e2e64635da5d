"""What adapters hand the core (Event) and what the core hands back (Reply)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    """One thing a user did: typed text, pressed a button, or opened the chat."""

    user_id: str
    text: str | None = None
    choice: str | None = None
    token: str | None = None
    """The state the pressed button belonged to, so stale buttons can be recognised."""
    opened: bool = False
    media: str | None = None
    """Something the coach cannot read (a sticker, photo, voice note, document...)."""
    location: tuple[float, float] | None = None
    """A shared location as (latitude, longitude)."""
    edited: bool = False
    """The user edited a message they had sent earlier."""
    language: str | None = None
    """The language the user's app is set to ("de", "en-GB"), where the transport tells it:
    a hint for guessing their timezone, never taken as an answer."""
    first_name: str | None = None
    """The user's first name, where the transport tells it (Telegram): what their notes are
    signed with until they choose a name themselves."""

    @classmethod
    def message(cls, user_id: str, text: str) -> Event:
        """A typed message (commands included)."""
        return cls(user_id=user_id, text=text)

    @classmethod
    def press(cls, user_id: str, choice: str, token: str | None = None) -> Event:
        """A pressed button."""
        return cls(user_id=user_id, choice=choice, token=token)

    @classmethod
    def sent_media(cls, user_id: str, kind: str) -> Event:
        """Something other than text: a sticker, a photo, a voice note, a document..."""
        return cls(user_id=user_id, media=kind)

    @classmethod
    def shared_location(cls, user_id: str, latitude: float, longitude: float) -> Event:
        """A shared location."""
        return cls(user_id=user_id, location=(latitude, longitude))

    @classmethod
    def edited_message(cls, user_id: str) -> Event:
        """An earlier message was edited; the coach goes by what was first sent."""
        return cls(user_id=user_id, edited=True)

    @classmethod
    def open(cls, user_id: str) -> Event:
        """The chat was opened (the terminal started): greet or pick up where we were."""
        return cls(user_id=user_id, opened=True)


@dataclass(frozen=True)
class Choice:
    """A button: the id the core understands and the label the user sees.

    `means` is what it answers to a yes/no question ("yes", "no", "unsure"), so typed words
    like "yeah" or 👍 can pick it; not part of a button's identity.
    """

    id: str
    label: str
    means: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply (e.g. a calendar)."""

    filename: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class Reply:
    """One message to send: Telegram HTML, with optional buttons."""

    text: str
    choices: tuple[Choice, ...] = ()
    token: str | None = None
    """The state these buttons belong to; adapters send it back with a press."""
    stale: bool = False
    """This reply says a pressed button was out of date; the press changed nothing."""
    file: Attachment | None = None
    edits: bool = False
    """This reply replaces the message whose button was pressed (an updated checklist, a
    snoozed reminder), edited in place where the transport can, instead of a new message."""
    notice: bool = False
    """A short note that stands alone (a press of a reminder's button that already acted):
    a transport may show it briefly instead of as a message (Telegram: the press's pop-up)."""


def short_token(token: str) -> str:
    """Return a compact stand-in for a token, for transports with little room (callback data)."""
    return hashlib.blake2s(token.encode(), digest_size=4).hexdigest()


def token_matches(given: str, current: str) -> bool:
    """Tell whether a token sent back with a press (full or short) names the current state."""
    return given in (current, short_token(current))
