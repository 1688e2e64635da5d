"""/help: what the coach can do, then back where the user was."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("help")


@hooks.command("help")
def show_help(turn: Turn) -> list[Reply]:
    """List the commands; an open question stays open."""
    return [turn.said("core/help.j2", commands=turn.commands), turn.on_screen.where_they_were()]
