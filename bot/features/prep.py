"""/prep: the 48-72 hour prep plan of an interview, its ticks, and STAR stories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from bot.content.prep_plan import ITEM_PREFIX, PrepItem, PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import PREP_LEAD, Kind
from bot.features.common import no_interview_yet, the_interview
from bot.flow.engine import Option
from bot.flow.hooks import MENU_TOKEN, Hooks, Turn
from bot.rules.reminder_plan import prep_due_at
from bot.store import Store

hooks = Hooks("prep")

STORY_PARTS = ("situation", "task", "action", "result")
STORIES_GOAL = 3
STORIES_ITEM = "stories"


@dataclass(frozen=True)
class Line:
    """One item of the plan for one interview."""

    key: str
    item: PrepItem
    done: bool
    due_at: datetime | None
    detail: Markup


class PrepView:
    """Read-only view of an interview's plan; templates read its properties lazily."""

    def __init__(
        self, plan: PrepPlan, renderer: Renderer, store: Store, user: User, interview: Interview
    ) -> None:
        self.plan, self.renderer, self.store = plan, renderer, store
        self.user, self.interview = user, interview

    @cached_property
    def lines(self) -> list[Line]:
        """Return every item with whether it is done and when it is due."""
        done = self.store.done_prep_items(self.user.id, self.interview.id)
        return [
            Line(
                key=key,
                item=item,
                done=key in done,
                due_at=self._due(item.due),
                detail=Markup(self.renderer.render(item.detail)),
            )
            for key, item in self.plan.items.items()
        ]

    @property
    def done_count(self) -> int:
        """Return how many items are ticked."""
        return sum(line.done for line in self.lines)

    @property
    def total(self) -> int:
        """Return how many items the plan has."""
        return len(self.lines)

    @property
    def stories(self) -> int:
        """Return how many STAR stories the user wrote for this interview."""
        return len(self.store.stories(self.user.id, self.interview.id))

    @property
    def format_tip(self) -> Markup | None:
        """Return the tips for this round's format, if the format is known."""
        template = self.plan.formats.get(self.interview.format or "mixed")
        return Markup(self.renderer.render(template)) if template else None

    @property
    def day_of(self) -> Markup:
        """Return the tips for the day itself."""
        return Markup(self.renderer.render(self.plan.day_of))

    def due_by(self, kind: Kind) -> list[Line]:
        """Return the undone items due by the milestone `kind` (earlier ones included)."""
        order = list(PREP_LEAD)
        upto = order[: order.index(kind) + 1] if kind in order else []
        return [line for line in self.lines if not line.done and line.item.due in upto]

    def _due(self, kind: Kind) -> datetime | None:
        start = self.interview.starts_at
        if start is None:
            return None
        return prep_due_at(kind, start, self.user.zone) if kind in PREP_LEAD else start


@hooks.choices("prep_items")
def open_items(turn: Turn) -> list[Option]:
    """Offer the plan's items not ticked yet for the interview picked."""
    interview = the_interview(turn)
    if interview is None:
        return []
    item_label = turn.renderer.label("prep_item_option")
    done = turn.store.done_prep_items(turn.user.id, interview.id)
    return [
        Option(ITEM_PREFIX + key, item_label.format(label=item.label))
        for key, item in turn.plan.items.items()
        if key not in done
    ]


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the interview's plan."""
    if interview is None:
        return {"prep": None}
    return {"prep": PrepView(turn.plan, turn.renderer, turn.store, turn.user, interview)}


@hooks.on_answer("prep_tick")
def tick(turn: Turn, value: Any) -> list[Reply]:
    """Tick off the prep item picked on the plan (other choices on the plan do nothing)."""
    interview = the_interview(turn)
    item = str(value)
    if interview is None or not item.startswith(ITEM_PREFIX):
        return []
    turn.store.tick_prep_item(turn.user.id, interview.id, item.removeprefix(ITEM_PREFIX), turn.now)
    return []


@hooks.on_answer("prep_save_story")
def save_story(turn: Turn, value: Any) -> list[Reply]:
    """Save the STAR story just written; three stories tick the stories item."""
    interview = the_interview(turn)
    parts = {part: str(turn.answers.get(part, "")) for part in STORY_PARTS}
    turn.store.add_story(turn.user.id, interview.id if interview else None, parts, turn.now)
    count = len(turn.store.stories(turn.user.id, interview.id)) if interview else 0
    if interview is not None and count >= STORIES_GOAL:
        turn.store.tick_prep_item(turn.user.id, interview.id, STORIES_ITEM, turn.now)
    return [Reply(turn.renderer.render("prep/story_saved.j2", count=count))]


@hooks.finish("prep")
def finish(turn: Turn) -> list[Reply]:
    """Close the plan (or point to /interviews when there is none)."""
    nothing = turn.answers.get("interview") == "none"
    if nothing and (first := no_interview_yet(turn)):
        return first
    choices = (turn.command_choice("interviews", "my_interviews"),) if nothing else ()
    return [
        Reply(
            turn.renderer.render("prep/closed.j2", nothing=nothing),
            choices=(*choices, turn.command_choice("start", "menu")),
            token=MENU_TOKEN,
        )
    ]
