"""When the replies to a turn cannot be sent, the coach is told, so the user's next message
is not filed under a question they never saw (the error handler then says what broke)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from telegram.error import Forbidden, TelegramError

from bot.coach.coach import Coach


@contextmanager
def noted_if_lost(coach: Coach, user: str, seen: str | None) -> Iterator[None]:
    """Run the sending of a turn's replies; if Telegram fails it, note that the user did not
    see them (`seen`: the question open before the turn) and let the error go on. A blocked
    user (403) will read nothing anyway: the error handler marks them inactive."""
    try:
        yield
    except Forbidden:
        raise
    except TelegramError:
        coach.undelivered(user, seen)
        raise
