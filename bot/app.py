"""Composition: load the content, build the coach from the features. Nothing runs here.

The terminal chat (bot/cli.py) and Telegram (bot/telegram/run.py) both build through here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.clock import Clock
from bot.coach.coach import Coach
from bot.coach.parts import Parts
from bot.content.answers import Answer, load_answers
from bot.content.commands import CommandModel, load_commands
from bot.content.dialogs import KnownNames, LoadedDialog, load_dialogs
from bot.content.paths import dialogs_dir, templates_dir
from bot.content.prep_plan import PLAN_FILE, PrepPlan, load_plan
from bot.content.routes import Route, load_routes
from bot.content.synonyms import load_synonyms
from bot.content.templates import Renderer
from bot.domain.problems import DialogError, DialogProblem
from bot.domain.reminders import ReminderRow
from bot.features import REGISTRY
from bot.flow.engine import Engine
from bot.flow.hooks import ReminderListener, Services
from bot.flow.validators import VALIDATORS
from bot.router import IntentsError, Router
from bot.router.match import answer_classes
from bot.store import Store

INTENTS_FILE = "intents.yaml"
EMPTY_PLAN = PrepPlan(items={}, formats={}, day_of="")

KNOWN = KnownNames(
    finishers=frozenset(REGISTRY.finishers),
    validators=frozenset(VALIDATORS),
    providers=frozenset(REGISTRY.choice_sources),
    actions=frozenset(REGISTRY.actions),
)


@dataclass(frozen=True)
class Content:
    """The dialogs, commands and templates, loaded and checked."""

    dialogs: dict[str, LoadedDialog]
    commands: dict[str, CommandModel]
    renderer: Renderer
    plan: PrepPlan
    problems: list[DialogProblem]
    router: Router | None = None
    routes: dict[str, Route] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)


def load_content(dialogs: Path | None = None, templates: Path | None = None) -> Content:
    """Load dialogs/, dialogs/commands.yaml and templates/; problems are collected, not raised."""
    folder = dialogs or dialogs_dir()
    renderer = Renderer(templates or templates_dir())
    loaded, problems = load_dialogs(folder, KNOWN)
    commands, command_problems = load_commands(folder, set(loaded), frozenset(REGISTRY.commands))
    plan, plan_problems = load_plan(folder)
    problems += command_problems + plan_problems
    if plan is not None:
        problems += [
            DialogProblem(folder / PLAN_FILE, None, None, f"missing template '{name}'")
            for name in plan.templates()
            if not renderer.exists(name)
        ]
    answers, answer_problems = load_answers(
        folder, set(commands), renderer.label_keys(), templates=templates or templates_dir()
    )
    problems += answer_problems
    router: Router | None = None
    try:
        # The answers were just loaded (and checked): the router learns their phrasings.
        router = Router.from_file(folder / INTENTS_FILE, answer_classes(answers.values()))
    except (OSError, IntentsError) as exc:
        problems.append(DialogProblem(folder / INTENTS_FILE, None, None, str(exc)))
    routes, route_problems = load_routes(folder, set(commands))
    problems += route_problems
    problems += load_synonyms(folder)[1]  # yes / no / not sure words: checked, read on use
    return Content(
        loaded, commands, renderer, plan or EMPTY_PLAN, problems, router, routes, answers
    )


def _ignore(rows: Sequence[ReminderRow]) -> None:
    """The listener of a coach with no delivery: the next sweep finds the rows."""


def build_coach(
    store: Store,
    clock: Clock,
    content: Content | None = None,
    listener: ReminderListener = _ignore,
) -> Coach:
    """Return a coach over `store`; raises DialogError when the content has problems.

    `listener` is told about reminders a turn added or moved (the delivery's `arm`).
    """
    content = content or load_content()
    if content.problems:
        raise DialogError(content.problems)
    services = Services(
        store=store,
        renderer=content.renderer,
        clock=clock,
        plan=content.plan,
        dialogs={name: loaded.model for name, loaded in content.dialogs.items()},
        commands=content.commands,
    )
    providers = {
        name: services.provider(source) for name, source in REGISTRY.choice_sources.items()
    }
    engine = Engine(content.dialogs, VALIDATORS, providers)
    parts = Parts(
        services, engine, REGISTRY, listener, content.router, content.routes, content.answers
    )
    return Coach(parts)
