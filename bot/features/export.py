"""/export: every row the coach keeps about the user, as one JSON file."""

from __future__ import annotations

import json

from bot.domain.events import Attachment, Reply
from bot.flow.hooks import Hooks, Turn

hooks = Hooks("export")

EXPORT_FILE = "interview-coach-data.json"


@hooks.command("export")
def export(turn: Turn) -> list[Reply]:
    """Send the user's data as a file; an open question stays open."""
    data = turn.store.export_user(turn.user.id)
    rows = sum(len(found) for found in data.values())
    text = turn.renderer.render("privacy/export.j2", rows=rows, tables=len(data))
    payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
    sent = Reply(text, file=Attachment(EXPORT_FILE, payload, "application/json"))
    return [sent, turn.on_screen.where_they_were()]
