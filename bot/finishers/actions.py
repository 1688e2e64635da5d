"""Actions run when a state with `on_answer` is answered, inside the answer's transaction."""

from __future__ import annotations

from typing import Any

from bot.content.prep_plan import ITEM_PREFIX
from bot.domain.events import Reply
from bot.finishers.base import FinishCall, chosen_interview
from bot.reminders.buttons import CANCELLED_ONE

STORY_PARTS = ("situation", "task", "action", "result")
STORIES_GOAL = 3
STORIES_ITEM = "stories"
REMINDER_PREFIX = "r"


def prep_tick(call: FinishCall, value: Any) -> list[Reply]:
    """Tick off the prep item picked on the plan (other choices on the plan do nothing)."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    item = str(value)
    if interview is None or not item.startswith(ITEM_PREFIX):
        return []
    call.store.tick_prep_item(call.user.id, interview.id, item.removeprefix(ITEM_PREFIX), call.now)
    return []


def prep_save_story(call: FinishCall, value: Any) -> list[Reply]:
    """Save the STAR story just written; three stories tick the stories item."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    parts = {part: str(call.answers.get(part, "")) for part in STORY_PARTS}
    call.store.add_story(call.user.id, interview.id if interview else None, parts, call.now)
    count = len(call.store.stories(call.user.id, interview.id)) if interview else 0
    if interview is not None and count >= STORIES_GOAL:
        call.store.tick_prep_item(call.user.id, interview.id, STORIES_ITEM, call.now)
    return [Reply(call.renderer.render("prep/story_saved.j2", count=count))]


def reminder_cancel(call: FinishCall, value: Any) -> list[Reply]:
    """Cancel the reminder picked from the list (only the user's own)."""
    picked = str(value)
    number = picked.removeprefix(REMINDER_PREFIX)
    if not picked.startswith(REMINDER_PREFIX) or not number.isdigit():
        return []
    if call.store.cancel_reminders(call.user.id, call.now, CANCELLED_ONE, reminder_id=int(number)):
        return [Reply(call.renderer.render("reminders/cancelled.j2"))]
    return []
