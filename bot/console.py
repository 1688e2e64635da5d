"""The terminal chat: the same coach, with choices numbered. One input line is one message."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TextIO

from bot.core.coach import Coach
from bot.core.events import Choice, Event, Reply

_BREAK_TAGS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def plain(text: str) -> str:
    """Turn the coach's Telegram HTML into terminal text."""
    text = _BREAK_TAGS.sub("\n", text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))


class ConsoleChat:
    """Speaks for one terminal user: prints replies, turns typed numbers into choices."""

    def __init__(self, coach: Coach, user_id: str, out: TextIO) -> None:
        self.coach = coach
        self.user_id = user_id
        self.out = out
        self._choices: tuple[Choice, ...] = ()
        self._token: str | None = None

    def open(self) -> None:
        """Greet the user, or pick up the dialog they left."""
        self._show(self.coach.handle(Event.open(self.user_id)))

    def send(self, line: str) -> None:
        """Send one typed line as a message (a number picks the choice shown with it)."""
        text = line.rstrip("\r\n")
        stripped = text.strip()
        if stripped.isdigit() and self._choices and 1 <= int(stripped) <= len(self._choices):
            choice = self._choices[int(stripped) - 1]
            event = Event.press(self.user_id, choice.id, self._token)
        else:
            event = Event.message(self.user_id, text)
        self._show(self.coach.handle(event))

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        """Read messages until the input ends; echo them when they come from a pipe."""
        self.open()
        for line in lines:
            if echo:
                self.out.write(f"> {line.rstrip()}\n")
            self.send(line)
        self.out.flush()

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.out.write(plain(reply.text) + "\n")
            for number, choice in enumerate(reply.choices, start=1):
                self.out.write(f"  {number}. {choice.label}\n")
            self.out.write("\n")
            if reply.choices:
                self._choices, self._token = reply.choices, reply.token
        self.out.flush()


def prompt_lines(prompt: str = "> ") -> Iterable[str]:
    """Yield lines typed at an interactive prompt until EOF (Ctrl-D) or Ctrl-C."""
    while True:
        try:
            yield input(prompt)
        except (EOFError, KeyboardInterrupt):
            print()
            return
