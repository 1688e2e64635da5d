"""Composition: load the content, open the store, and build the coach. Nothing runs here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.core.coach import Coach
from bot.core.commands import CommandModel, load_commands
from bot.finishers import FINISHERS
from bot.finishers.base import interview_choice_id
from bot.flow.engine import Engine, Option, Provider
from bot.flow.loader import DialogError, DialogProblem, LoadedDialog, Registry, load_dialogs
from bot.flow.validators import VALIDATORS
from bot.paths import dialogs_dir, templates_dir
from bot.render import Renderer
from bot.store import Store

PROVIDER_NAMES = frozenset({"interviews"})
REGISTRY = Registry(
    finishers=frozenset(FINISHERS),
    validators=frozenset(VALIDATORS),
    providers=PROVIDER_NAMES,
)


@dataclass(frozen=True)
class Content:
    """The dialogs, commands and templates, loaded and checked."""

    dialogs: dict[str, LoadedDialog]
    commands: dict[str, CommandModel]
    renderer: Renderer
    problems: list[DialogProblem]


def load_content(dialogs: Path | None = None, templates: Path | None = None) -> Content:
    """Load dialogs/, dialogs/commands.yaml and templates/; problems are collected, not raised."""
    folder = dialogs or dialogs_dir()
    renderer = Renderer(templates or templates_dir())
    loaded, problems = load_dialogs(folder, REGISTRY)
    commands, command_problems = load_commands(folder, set(loaded))
    return Content(loaded, commands, renderer, problems + command_problems)


def providers(store: Store, renderer: Renderer) -> dict[str, Provider]:
    """Return the dynamic choice sources dialogs may name in `choices_from`."""
    label = renderer.label("interview_option")

    def interviews(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
        return [
            Option(interview_choice_id(i.id), label.format(company=i.company, role=i.role)[:60])
            for i in store.interviews(user_id)
        ]

    return {"interviews": interviews}


def build_coach(store: Store, clock: Clock, content: Content | None = None) -> Coach:
    """Return a coach over `store`; raises DialogError when the content has problems."""
    content = content or load_content()
    if content.problems:
        raise DialogError(content.problems)
    engine = Engine(content.dialogs, VALIDATORS, providers(store, content.renderer))
    return Coach(store, engine, content.renderer, content.commands, FINISHERS, clock)
