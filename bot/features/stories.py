"""/stories: the user's STAR stories: the builder that checks them, and list, view, improve,
tag and delete. A story counts once its checks pass (bot/rules/star.py); until then it is a
draft, shown with what is missing and a button to fix each part."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from bot.content.dialog_models import DialogModel
from bot.domain.events import Reply
from bot.domain.records import Interview, Story
from bot.features.common import closing
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.rules.star import PART_OF, Problem, problems
from bot.store import Store

hooks = Hooks("stories")

STORY_PREFIX = "s"
"""A story offered in the list: "s<id>"."""
NEW = "new"
EDIT_PREFIX, FIX_PREFIX = "e_", "f_"
"""An edit of one part ("e_task"), or the fix of a part a check found wanting ("f_result")."""
EDITABLE = ("title", "situation", "task", "action", "result")
PARTS = ("situation", "task", "action", "result")
STORIES_GOAL = 3
"""Ready stories that tick the prep plan's stories item."""
STORIES_ITEM = "stories"
NAME_LENGTH = 40
MAX_LISTED = 30


@dataclass(frozen=True)
class StoryView:
    """A story as templates and buttons show it: its name, its tag and what keeps it a draft."""

    story: Story
    tag_label: str | None

    @property
    def parts(self) -> dict[str, str]:
        """Return the four STAR parts by name."""
        s = self.story
        return {"situation": s.situation, "task": s.task, "action": s.action, "result": s.result}

    @property
    def name(self) -> str:
        """Return its title, or for an older story without one, its situation's first words."""
        if self.story.title:
            return self.story.title
        text = " ".join(self.story.situation.split())
        return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1].rstrip() + "…"

    @property
    def problems(self) -> list[Problem]:
        """Return what keeps it from counting (empty when it is ready)."""
        return problems(self.parts)

    @property
    def ready(self) -> bool:
        """Tell whether it counts: every check passes."""
        return not self.problems

    @property
    def result(self) -> str:
        """Return its result."""
        return self.story.result


class Mine:
    """The user's stories for templates, read only if a template uses them."""

    def __init__(self, store: Store, user_id: str, labels: Mapping[str, str]) -> None:
        self.store, self.user_id, self.labels = store, user_id, labels

    @cached_property
    def views(self) -> list[StoryView]:
        """Return the user's stories, newest first."""
        return views(self.store, self.user_id, self.labels)

    @property
    def ready_count(self) -> int:
        """Return how many of them count."""
        return sum(v.ready for v in self.views)

    def __iter__(self) -> Iterator[StoryView]:
        return iter(self.views)

    def __len__(self) -> int:
        return len(self.views)

    def __bool__(self) -> bool:
        return bool(self.views)


def tag_labels(dialogs: Mapping[str, DialogModel]) -> dict[str, str]:
    """Return the label of each question a story can answer (dialogs/stories.yaml, `tag`)."""
    return {c.id: c.label for c in dialogs["stories"].states["tag"].choices}


def views(store: Store, user_id: str, labels: Mapping[str, str]) -> list[StoryView]:
    """Return the user's stories, newest first, as views."""
    return [
        StoryView(s, labels.get(s.tag) if s.tag else None) for s in reversed(store.stories(user_id))
    ]


def ready_stories(store: Store, user_id: str) -> list[Story]:
    """Return the user's stories that count (every check passes), newest first."""
    return [s for s in reversed(store.stories(user_id)) if StoryView(s, None).ready]


def current(turn: Turn) -> Story | None:
    """Return the story the dialog is about: the one picked, or the newest one for a story
    being written ("new"); only the user's own."""
    picked = str(turn.answers.get("story", ""))
    if picked.startswith(STORY_PREFIX) and picked[1:].isdigit():
        return turn.store.get_story(turn.user.id, int(picked[1:]))
    if picked == NEW:
        mine = turn.store.stories(turn.user.id)
        return mine[-1] if mine else None
    return None


def _tick_when_enough(turn: Turn, before: int) -> None:
    """Tick the prep plan's stories item of the interviews to come once a change brings the
    ready stories to the goal (from fewer); drafts never do."""
    now_ready = len(ready_stories(turn.store, turn.user.id))
    if before >= STORIES_GOAL or now_ready < STORIES_GOAL:
        return
    for interview in turn.store.interviews(turn.user.id):
        if interview.starts_at is None or interview.starts_at > turn.now:
            turn.store.tick_prep_item(turn.user.id, interview.id, STORIES_ITEM, turn.now)


@hooks.choices("stories")
def listed(turn: Turn) -> list[Option]:
    """Offer the user's stories, newest first: ready ones and drafts marked apart."""
    label = turn.renderer.label
    found = views(turn.store, turn.user.id, tag_labels(turn.dialogs))[:MAX_LISTED]
    return [
        Option(
            f"{STORY_PREFIX}{v.story.id}",
            label("story_ready" if v.ready else "story_draft").format(title=v.name)[:60],
        )
        for v in found
    ]


@hooks.choices("story_edits")
def edits(turn: Turn) -> list[Option]:
    """Offer a fix for each part a check found wanting first, then an edit of every other."""
    story = current(turn)
    if story is None:
        return []
    label = turn.renderer.label
    to_fix: dict[str, Problem] = {}
    for problem in StoryView(story, None).problems:
        to_fix.setdefault(PART_OF[problem], problem)
    fixes = [Option(FIX_PREFIX + part, label(f"story_fix_{p.value}")) for part, p in to_fix.items()]
    plain = [
        Option(EDIT_PREFIX + part, label(f"story_edit_{part}"))
        for part in EDITABLE
        if part not in to_fix
    ]
    return fixes + plain


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the user's stories, the one in question and the part being edited."""
    labels = tag_labels(turn.dialogs)
    story = current(turn)
    view = StoryView(story, labels.get(story.tag) if story.tag else None) if story else None
    editing = str(turn.answers.get("edit", ""))
    part = editing[2:] if editing.startswith((EDIT_PREFIX, FIX_PREFIX)) else None
    wanting = [p.value for p in view.problems if PART_OF[p] == part] if view and part else []
    mine = Mine(turn.store, turn.user.id, labels)
    return {
        "stories": mine,
        "goal": STORIES_GOAL,
        "story": view,
        "part": part,
        "wanting": wanting,
    }


@hooks.on_answer("story_save")
def save(turn: Turn, value: Any) -> list[Reply]:
    """Save the story just written (as a draft if a check fails; the next screens say why).
    Answering the result again (after Back) changes the same story rather than adding one."""
    parts = {part: str(turn.answers.get(part, "")) for part in PARTS}
    title = str(turn.answers.get("title", ""))
    before = len(ready_stories(turn.store, turn.user.id))
    last = current(turn) if turn.answers.get("story") == NEW else None
    if last is not None and last.title == title and last.situation == parts["situation"]:
        for part in ("task", "action", "result"):
            turn.store.update_story(turn.user.id, last.id, part, parts[part], turn.now)
    else:
        turn.store.add_story(turn.user.id, None, parts, turn.now, title=title)
    _tick_when_enough(turn, before)
    return []


@hooks.on_answer("story_tag")
def retag(turn: Turn, value: Any) -> list[Reply]:
    """Keep which question the story answers."""
    story = current(turn)
    if story is not None and str(value) in tag_labels(turn.dialogs):
        turn.store.update_story(turn.user.id, story.id, "tag", str(value), turn.now)
    return []


@hooks.on_answer("story_edit")
def edit(turn: Turn, value: Any) -> list[Reply]:
    """Replace the part picked with the words typed ("Keep it as it is" changes nothing)."""
    story = current(turn)
    picked = str(turn.answers.get("edit", ""))
    part = picked[2:]
    if story is None or part not in EDITABLE or not isinstance(value, str) or value == "keep":
        return []
    before = len(ready_stories(turn.store, turn.user.id))
    turn.store.update_story(turn.user.id, story.id, part, value, turn.now)
    _tick_when_enough(turn, before)
    return []


@hooks.on_answer("story_delete")
def delete(turn: Turn, value: Any) -> list[Reply]:
    """Delete the story once the user confirmed it."""
    story = current(turn)
    if value != "yes" or story is None:
        return []
    turn.store.delete_story(turn.user.id, story.id)
    return [turn.said("stories/deleted.j2", name=StoryView(story, None).name)]


@hooks.finish("stories")
def finish(turn: Turn) -> list[Reply]:
    """Close the stories."""
    return [closing(turn, "stories/closed.j2")]
