"""`interview-coach route "TEXT"`: show where a free-text message would be routed."""

from __future__ import annotations

from pathlib import Path

from bot.content.intents import INTENTS_FILE
from bot.content.paths import dialogs_dir
from bot.router.match import Router


def route_command(text: str, intents_file: Path | None = None) -> list[str]:
    """Return the lines to print: the intent alone, its confidence, then the runner-up."""
    router = Router.from_file(intents_file or dialogs_dir() / INTENTS_FILE)
    routed = router.route(text)
    runner_up = (
        f"runner-up: {routed.runner_up} ({routed.runner_up_confidence:.2f})"
        if routed.runner_up
        else "runner-up: none"
    )
    return [routed.intent, f"confidence: {routed.confidence:.2f}", runner_up]
