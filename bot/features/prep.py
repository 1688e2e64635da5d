"""/prep: the 48-72 hour prep plan of an interview as one message with its items as buttons.

Tapping an item ticks it (or unticks a ticked one) and the same message is updated in place
(`Reply.edits`): every item stays listed where it was, ticked ones shown "✓ …", so the buttons
keep their order and the terminal's numbers. The dialog (dialogs/prep.yaml) only picks the
interview; the plan's buttons ("prep:…") carry the interview and work from any copy of it.
The STAR stories live in /stories (bot/features/stories.py); the plan links there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from markupsafe import Markup

from bot.content.prep_plan import PrepItem, PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import PREP_LEAD, Kind
from bot.features.common import no_interview_yet, the_interview
from bot.features.daysheet import day_sheet
from bot.features.stories import STORIES_GOAL, ready_stories
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN, Hooks, Turn
from bot.rules.reminder_plan import prep_due_at
from bot.store import Store

hooks = Hooks("prep")

BUTTON_PREFIX = "prep:"
TOKEN = "prep"
"""The token of the plan's message (its command buttons are never stale)."""
TICK, TIPS, PLAN, CLOSE = "t", "tips", "plan", "close"
"""The plan's own buttons: "prep:t:<interview>:<item>", "prep:tips:<interview>",
"prep:plan:<interview>" (back from the tips) and "prep:close:<interview>"."""


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

    @cached_property
    def stories(self) -> int:
        """Return how many of the user's STAR stories count (drafts do not)."""
        return len(ready_stories(self.store, self.user.id))

    @cached_property
    def drafts(self) -> int:
        """Return how many of the user's STAR stories are drafts still to improve."""
        return len(self.store.stories(self.user.id)) - self.stories

    @property
    def stories_goal(self) -> int:
        """Return how many ready stories the plan asks for."""
        return STORIES_GOAL

    @property
    def format_tip(self) -> Markup | None:
        """Return the tips for this round's format, if the format is known."""
        template = self.plan.formats.get(self.interview.format or "mixed")
        return Markup(self.renderer.render(template)) if template else None

    @property
    def day_of(self) -> Markup:
        """Return the tips for the day itself."""
        return Markup(self.renderer.render(self.plan.day_of))

    @property
    def day_sheet(self) -> Markup:
        """Return the interview-day sheet (bot/features/daysheet.py)."""
        return Markup(day_sheet(self.store, self.renderer, self.plan, self.user, self.interview))

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


def plan_message(turn: Turn, interview: Interview, *, edits: bool = False) -> Reply:
    """Return the plan of an interview: the checklist with one button per item, in the
    plan's order whether ticked or not, then the stories, the tips and the day sheet."""
    view = PrepView(turn.plan, turn.renderer, turn.store, turn.user, interview)
    label = turn.renderer.label
    items = [
        Choice(
            f"{BUTTON_PREFIX}{TICK}:{interview.id}:{line.key}",
            label("prep_item_done" if line.done else "prep_item_option").format(
                label=line.item.label
            ),
        )
        for line in view.lines
    ]
    has_stories = bool(turn.store.stories(turn.user.id))
    stories = Choice(
        f"{COMMAND_PREFIX}stories" + ("" if has_stories else " new"),
        label("prep_my_stories" if has_stories else "prep_build_story"),
    )
    extra = (
        stories,
        Choice(f"{BUTTON_PREFIX}{TIPS}:{interview.id}", label("prep_tips")),
        turn.command_choice("daysheet", "prep_day_sheet", f"i{interview.id}"),
        Choice(f"{BUTTON_PREFIX}{CLOSE}:{interview.id}", label("prep_close")),
    )
    text = turn.renderer.render("prep/plan.j2", user=turn.user, interview=interview, prep=view)
    return Reply(text, (*items, *extra), token=TOKEN, edits=edits)


def tips_message(turn: Turn, interview: Interview) -> Reply:
    """Return the tips for the round, in place of the plan, with the way back to it."""
    view = PrepView(turn.plan, turn.renderer, turn.store, turn.user, interview)
    back = Choice(f"{BUTTON_PREFIX}{PLAN}:{interview.id}", turn.renderer.label("prep_back"))
    text = turn.renderer.render("prep/tips.j2", interview=interview, prep=view)
    return Reply(text, (back,), token=TOKEN, edits=True)


def parse(choice: str) -> tuple[str, int, str] | None:
    """Return (action, interview id, item) from one of the plan's button ids."""
    action, _, rest = choice.removeprefix(BUTTON_PREFIX).partition(":")
    number, _, item = rest.partition(":")
    if (
        action not in (TICK, TIPS, PLAN, CLOSE)
        or not number.isdigit()
        or (action == TICK) != bool(item)
    ):
        return None
    return action, int(number), item


@hooks.button(BUTTON_PREFIX, token=TOKEN)
def press(turn: Turn, choice: str) -> Reply:
    """Tick or untick an item, switch between the plan and the tips, or fold the plan away,
    editing the message the button was under. Someone else's interview, or an item not in the
    plan, is stale."""
    parsed = parse(choice)
    interview = turn.store.get_interview(turn.user.id, parsed[1]) if parsed else None
    if parsed is None or interview is None:
        return Reply(turn.renderer.render("prep/gone.j2"), stale=True)
    action, _, item = parsed
    if action == TIPS:
        return tips_message(turn, interview)
    if action == CLOSE:
        text = turn.renderer.render("prep/closed.j2", nothing=False)
        menu = turn.command_choice("start", "menu")
        return Reply(text, (menu,), token=MENU_TOKEN, edits=True)
    if action == TICK:
        if item not in turn.plan.items:
            return Reply(turn.renderer.render("prep/gone.j2"), stale=True)
        if item in turn.store.done_prep_items(turn.user.id, interview.id):
            turn.store.untick_prep_item(turn.user.id, interview.id, item)
        else:
            turn.store.tick_prep_item(turn.user.id, interview.id, item, turn.now)
    return plan_message(turn, interview, edits=True)


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the interview's plan."""
    if interview is None:
        return {"prep": None}
    return {"prep": PrepView(turn.plan, turn.renderer, turn.store, turn.user, interview)}


@hooks.finish("prep")
def finish(turn: Turn) -> list[Reply]:
    """Show the plan of the interview picked (or point to /interviews when there is none)."""
    interview = the_interview(turn)
    if interview is not None:
        return [plan_message(turn, interview)]
    if first := no_interview_yet(turn):
        return first
    return [
        Reply(
            turn.renderer.render("prep/closed.j2", nothing=True),
            choices=(
                turn.command_choice("interviews", "my_interviews"),
                turn.command_choice("start", "menu"),
            ),
            token=TOKEN,
        )
    ]
