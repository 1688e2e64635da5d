"""/start: the welcome and the menu; in the middle of a dialog, pick it up instead."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("start")


@hooks.command("start")
def start(turn: Turn) -> list[Reply]:
    """Greet; with a question open, show it again rather than throw the answers away."""
    if turn.in_dialog:
        return turn.on_screen.resume()
    return [turn.said("core/welcome.j2"), turn.on_screen.menu()]
