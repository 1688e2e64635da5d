"""Load dialogs/routes.yaml: which command (and which up-front answers) each intent opens."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.content.intents import INTENT_NAMES
from bot.domain.problems import DialogProblem

ROUTES_FILE = "routes.yaml"


ANSWER_PREFIX = "answer:"
"""The router's name for a straight answer of dialogs/answers.yaml: "answer:start_dates"."""


class Route(BaseModel):
    """Where an intent leads."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    command: str
    answers: dict[str, Any] = {}
    """Answers to the command's first questions, as if their buttons were pressed."""
    text: bool = False
    """The message itself is handed to the command ("remind me tomorrow at 9 to …")."""
    interrupts: bool = False
    """Taken even in the middle of a question that accepts any text (a note, a name): the
    intent is news no note is meant to hold ("I got the offer!")."""


class Routes(BaseModel):
    """The whole routes file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    routes: dict[str, Route]


def load_routes(
    folder: Path, commands: Collection[str]
) -> tuple[dict[str, Route], list[DialogProblem]]:
    """Load and check the routes: known intents, known commands."""
    file = folder / ROUTES_FILE
    try:
        model = Routes.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}, [DialogProblem(file, None, None, "the routes file is missing")]
    except (yaml.YAMLError, ValidationError) as exc:
        return {}, [DialogProblem(file, None, None, f"not a valid routes file: {exc}")]
    problems = [
        DialogProblem(file, None, None, f"unknown intent '{intent}'")
        for intent in model.routes
        if intent not in INTENT_NAMES
    ] + [
        DialogProblem(file, None, None, f"intent '{i}': unknown command '/{r.command}'")
        for i, r in model.routes.items()
        if r.command not in commands
    ]
    return dict(model.routes), problems
