"""/delete: remove every row of the user, reminders included, after a yes."""

from __future__ import annotations

from bot.domain.events import Reply
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("delete")


@hooks.finish("delete")
def finish(turn: Turn) -> list[Reply]:
    """Delete every row of the user after a yes; the reply itself stores nothing."""
    deleted = turn.answers.get("confirmed") == "yes"
    if deleted:
        turn.store.delete_user(turn.user.id)
        turn.erased = True
    return [turn.said("privacy/deleted.j2", deleted=deleted)]
