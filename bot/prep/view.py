"""The prep plan of one interview as the user sees it: items, progress, due times, tips."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from markupsafe import Markup

from bot.content.prep_plan import PrepItem, PrepPlan
from bot.content.templates import Renderer
from bot.domain.records import Interview, User
from bot.domain.reminders import Kind
from bot.rules.reminder_plan import wall_clock_to_utc
from bot.store import Store

# When each prep milestone falls, counted back from the start (days keep the wall-clock time).
DAYS_BEFORE = {Kind.PREP_72H: 3, Kind.PREP_48H: 2, Kind.PREP_24H: 1}
HOURS_BEFORE = {Kind.PREP_2H: 2}


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
        order = list(DAYS_BEFORE) + list(HOURS_BEFORE)
        upto = order[: order.index(kind) + 1] if kind in order else []
        return [line for line in self.lines if not line.done and line.item.due in upto]

    def _due(self, kind: Kind) -> datetime | None:
        start = self.interview.starts_at
        if start is None:
            return None
        if kind in DAYS_BEFORE:
            local = start.astimezone(self.user.zone).replace(tzinfo=None)
            return wall_clock_to_utc(local - timedelta(days=DAYS_BEFORE[kind]), self.user.zone)
        return start - timedelta(hours=HOURS_BEFORE.get(kind, 0))
