"""Composition: load the content, open the store, and build the coach. Nothing runs here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from bot.clock import Clock
from bot.content.commands import CommandModel, load_commands
from bot.content.dialogs import LoadedDialog, Registry, load_dialogs
from bot.content.paths import dialogs_dir, templates_dir
from bot.content.prep_plan import ITEM_PREFIX, PLAN_FILE, PrepPlan, load_plan
from bot.content.routes import Route, load_routes
from bot.content.templates import Renderer, short_when
from bot.core.coach import Coach, ContextViews
from bot.domain.problems import DialogError, DialogProblem
from bot.domain.records import Interview, User
from bot.finishers import ACTIONS, FINISHERS
from bot.finishers.actions import REMINDER_PREFIX
from bot.finishers.base import chosen_interview, interview_choice_id
from bot.flow.engine import Engine, Option, Provider
from bot.flow.validators import VALIDATORS
from bot.prep.view import PrepView
from bot.reminders.compose import kind_labels
from bot.router import IntentsError, Router
from bot.store import Store
from bot.views import Drafts, FollowUpView

MAX_LISTED_REMINDERS = 20
MAX_LISTED_INTERVIEWS = 20
"""Open interviews offered as buttons, newest first: Telegram allows 100 buttons a message."""
INTENTS_FILE = "intents.yaml"
EMPTY_PLAN = PrepPlan(items={}, formats={}, day_of="")

PROVIDER_NAMES = frozenset({"interviews", "prep_items", "reminders", "followup_actions"})
REGISTRY = Registry(
    finishers=frozenset(FINISHERS),
    validators=frozenset(VALIDATORS),
    providers=PROVIDER_NAMES,
    actions=frozenset(ACTIONS),
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


def load_content(dialogs: Path | None = None, templates: Path | None = None) -> Content:
    """Load dialogs/, dialogs/commands.yaml and templates/; problems are collected, not raised."""
    folder = dialogs or dialogs_dir()
    renderer = Renderer(templates or templates_dir())
    loaded, problems = load_dialogs(folder, REGISTRY)
    commands, command_problems = load_commands(folder, set(loaded))
    plan, plan_problems = load_plan(folder)
    problems += command_problems + plan_problems
    if plan is not None:
        problems += [
            DialogProblem(folder / PLAN_FILE, None, None, f"missing template '{name}'")
            for name in plan.templates()
            if not renderer.exists(name)
        ]
    router: Router | None = None
    try:
        router = Router.from_file(folder / INTENTS_FILE)
    except (OSError, IntentsError) as exc:
        problems.append(DialogProblem(folder / INTENTS_FILE, None, None, str(exc)))
    routes, route_problems = load_routes(folder, set(commands))
    problems += route_problems
    return Content(loaded, commands, renderer, plan or EMPTY_PLAN, problems, router, routes)


def providers(
    store: Store, renderer: Renderer, plan: PrepPlan, clock: Clock
) -> dict[str, Provider]:
    """Return the dynamic choice sources dialogs may name in `choices_from`."""
    label = renderer.label("interview_option")
    item_label = renderer.label("prep_item_option")
    reminder_label = renderer.label("reminder_option")
    kinds = kind_labels(renderer)

    def interviews(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
        return [
            Option(interview_choice_id(i.id), label.format(company=i.company, role=i.role)[:60])
            for i in store.interviews(user_id)[:MAX_LISTED_INTERVIEWS]
        ]

    def prep_items(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
        interview = chosen_interview(store, user_id, dict(answers))
        if interview is None:
            return []
        done = store.done_prep_items(user_id, interview.id)
        return [
            Option(ITEM_PREFIX + key, item_label.format(label=item.label))
            for key, item in plan.items.items()
            if key not in done
        ]

    def reminders(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
        user = store.get_user(user_id)
        if user is None:
            return []
        companies = {i.id: i.company for i in store.interviews(user_id, open_only=False)}
        return [
            Option(
                f"{REMINDER_PREFIX}{r.id}",
                reminder_label.format(
                    when=short_when(r.due_at, user.zone),
                    what=kinds[r.kind.value],
                    company=companies.get(r.interview_id or 0, ""),
                )[:60],
            )
            for r in store.upcoming_reminders(user_id)[:MAX_LISTED_REMINDERS]
        ]

    def followup_actions(user_id: str, answers: Mapping[str, Any]) -> list[Option]:
        user = store.get_user(user_id)
        interview = chosen_interview(store, user_id, dict(answers))
        if user is None or interview is None:
            return []
        view = FollowUpView(store, user, interview, clock.now())
        verdict = view.verdict
        if verdict is None or view.before_interview:
            return []
        found = []
        if verdict.kind == "thank_you_first":
            found.append(Option("thanks_sent", renderer.label("followup_thanks_sent")))
        if verdict.kind == "not_yet" and verdict.on is not None:
            day = f"{verdict.on:%a} {verdict.on.day} {verdict.on:%b}"
            found.append(Option("remind", renderer.label("followup_remind").format(day=day)))
        if verdict.kind in ("not_yet", "now"):
            found.append(Option("sent", renderer.label("followup_sent")))
        if verdict.kind in ("not_yet", "now", "stop"):
            found.append(Option("replied", renderer.label("followup_replied")))
        return found

    return {
        "interviews": interviews,
        "prep_items": prep_items,
        "reminders": reminders,
        "followup_actions": followup_actions,
    }


class Upcoming:
    """A user's coming reminders for templates, read only if a template iterates them."""

    def __init__(self, store: Store, user: User) -> None:
        self.store, self.user = store, user

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """Return the coming reminders with their interview's company."""
        companies = {i.id: i.company for i in self.store.interviews(self.user.id, open_only=False)}
        return [
            {
                "due_at": r.due_at,
                "kind": r.kind.value,
                "company": companies.get(r.interview_id or 0),
            }
            for r in self.store.upcoming_reminders(self.user.id)[:MAX_LISTED_REMINDERS]
        ]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def views(store: Store, renderer: Renderer, plan: PrepPlan, clock: Clock) -> ContextViews:
    """Return what dialog templates may read beyond the answers: the plan, the reminders."""
    kinds = kind_labels(renderer)

    def extra(user: User, answers: Mapping[str, Any], interview: object) -> dict[str, Any]:
        upcoming = Upcoming(store, user)
        known = interview if isinstance(interview, Interview) else None
        return {
            "prep": PrepView(plan, renderer, store, user, known) if known else None,
            "followup": FollowUpView(store, user, known, clock.now()) if known else None,
            "drafts": Drafts(renderer, user, known) if known else None,
            "upcoming": upcoming,
            "kind_labels": kinds,
            "quiet": user.quiet,
            "listed_interviews": MAX_LISTED_INTERVIEWS,
        }

    return extra


def build_coach(store: Store, clock: Clock, content: Content | None = None) -> Coach:
    """Return a coach over `store`; raises DialogError when the content has problems."""
    content = content or load_content()
    if content.problems:
        raise DialogError(content.problems)
    engine = Engine(
        content.dialogs, VALIDATORS, providers(store, content.renderer, content.plan, clock)
    )
    return Coach(
        store,
        engine,
        content.renderer,
        content.commands,
        FINISHERS,
        clock,
        actions=ACTIONS,
        views=views(store, content.renderer, content.plan, clock),
        plan=content.plan,
        router=content.router,
        routes=content.routes,
    )
