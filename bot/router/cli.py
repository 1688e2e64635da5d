"""`interview-coach route "TEXT"`: show where a free-text message would be routed."""

from __future__ import annotations

from pathlib import Path

from bot.content.paths import dialogs_dir
from bot.router.match import Router


def route_command(text: str, intents_file: Path | None = None) -> list[str]:
    """Return the lines to print: the intent alone, its confidence, then the runner-up.

    The router is the coach's (intents and straight answers), or one of `intents_file` alone.
    """
    router = Router.from_file(intents_file) if intents_file else Router.from_folder(dialogs_dir())
    routed = router.route(text)
    runner_up = (
        f"runner-up: {routed.runner_up} ({routed.runner_up_confidence:.2f})"
        if routed.runner_up
        else "runner-up: none"
    )
    return [routed.intent, f"confidence: {routed.confidence:.2f}", runner_up]
