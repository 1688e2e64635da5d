"""The terminal chat: the same coach, with choices numbered. One input line is one message."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.coach.coach import Coach
from bot.content.plain_text import plain
from bot.domain.events import Choice, Event, Reply

logger = logging.getLogger(__name__)

UPDATED = "↻ "
"""Marks a reply printed again in place of one above (a snoozed reminder, a ticked plan)."""


class ConsoleScreen:
    """The terminal: prints replies and remembers the last buttons, which numbers pick."""

    def __init__(self, out: TextIO, files: Path | None = None) -> None:
        self.out = out
        self.files = files or Path.cwd()
        """Where files the coach sends (a calendar) are saved."""
        self.choices: tuple[Choice, ...] = ()
        self.token: str | None = None

    async def deliver(self, user_id: str, replies: list[Reply]) -> None:
        """Print a reminder as it falls due (the reminder dispatcher's sender)."""
        self.out.write("\n⏰ ")
        self.show(replies)

    def show(self, replies: list[Reply]) -> None:
        """Print replies, their files and their numbered buttons. A reply that replaces the
        message whose button was pressed (`edits`) cannot change what the terminal printed:
        it is printed again, marked as an update, its buttons numbered from 1 as always."""
        for reply in replies:
            self.out.write((UPDATED if reply.edits else "") + plain(reply.text) + "\n")
            if reply.file is not None:
                saved = self.files / reply.file.filename
                saved.write_bytes(reply.file.data)
                self.out.write(f"[saved {saved}]\n")
            for number, choice in enumerate(reply.choices, start=1):
                self.out.write(f"  {number}. {choice.label}\n")
            self.out.write("\n")
            if reply.choices:
                self.choices, self.token = reply.choices, reply.token
        self.out.flush()


class ConsoleChat:
    """Speaks for one terminal user: prints replies, turns typed numbers into choices."""

    def __init__(
        self,
        coach: Coach,
        user_id: str,
        out: TextIO,
        files: Path | None = None,
        screen: ConsoleScreen | None = None,
    ) -> None:
        self.coach = coach
        self.user_id = user_id
        self.out = out
        self.screen = screen or ConsoleScreen(out, files)

    def open(self) -> None:
        """Greet the user, or pick up the dialog they left."""
        self._show(self.coach.handle(Event.open(self.user_id)))

    def send(self, line: str) -> None:
        """Send one typed line as a message (a number picks the choice shown with it)."""
        text = line.rstrip("\r\n")
        stripped = text.strip()
        shown = self.screen.choices
        if stripped.isdigit() and shown and 1 <= int(stripped) <= len(shown):
            choice = shown[int(stripped) - 1]
            event = Event.press(self.user_id, choice.id, self.screen.token)
        else:
            event = Event.message(self.user_id, text)
        try:
            replies = self.coach.handle(event)
        except Exception:
            # Never end the chat over one message: log it and say so, as the bot does.
            logger.exception("error while handling a terminal message")
            replies = [Reply(self.coach.renderer.render("core/something_went_wrong.j2"))]
        self._show(replies)

    async def deliver(self, user_id: str, replies: list[Reply]) -> None:
        """Print a reminder as it falls due (the reminder dispatcher's sender)."""
        await self.screen.deliver(user_id, replies)

    async def run(self, lines: asyncio.Queue[str | None], *, echo: bool) -> None:
        """Handle messages until the input ends; echo them when they come from a pipe.

        Lines arrive through a queue filled by a reader thread, so reminders (scheduler jobs
        on this event loop) print while the user is thinking.
        """
        self.open()
        while (line := await lines.get()) is not None:
            if echo:
                self.out.write(f"> {line.rstrip()}\n")
            self.send(line)
        self.out.flush()

    def _show(self, replies: list[Reply]) -> None:
        self.screen.show(replies)


def read_lines(loop: asyncio.AbstractEventLoop, interactive: bool) -> asyncio.Queue[str | None]:
    """Start a reader thread that feeds typed (or piped) lines into a queue; None ends it."""
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def pump() -> None:
        while True:
            try:
                line = input("> ") if interactive else sys.stdin.readline()
            except EOFError:  # Ctrl-D at the prompt
                break
            if not interactive and line == "":  # the end of piped input
                break
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    # A daemon thread: a prompt still waiting for input never keeps the process alive.
    threading.Thread(target=pump, name="console-input", daemon=True).start()
    return lines
