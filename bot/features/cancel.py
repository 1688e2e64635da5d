"""/cancel: drop the open question and go back to the menu."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("cancel")


@hooks.command("cancel")
def cancel(turn: Turn) -> list[Reply]:
    """Forget the open dialog (its answers were not saved) and show the menu."""
    turn.store.clear_dialog_state(turn.user.id)
    key = "core/cancelled.j2" if turn.in_dialog else "core/nothing_to_cancel.j2"
    return [turn.said(key), turn.on_screen.menu()]
