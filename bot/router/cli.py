"""`interview-coach route "TEXT"`: the intent on the first line, then confidence and runner-up."""

from __future__ import annotations

from pathlib import Path

from bot.paths import dialogs_dir
from bot.router.match import Router

INTENTS_FILE = "intents.yaml"


def route_command(text: str, intents_file: Path | None = None) -> list[str]:
    """Return the three lines `interview-coach route` prints for `text`."""
    router = Router.from_file(intents_file or dialogs_dir() / INTENTS_FILE)
    routed = router.route(text)
    runner_up = (
        f"{routed.runner_up} ({routed.runner_up_confidence:.2f})" if routed.runner_up else "none"
    )
    return [routed.intent, f"confidence: {routed.confidence:.2f}", f"runner-up: {runner_up}"]
