"""/daysheet: the interview-day sheet, one message to read before walking in: when and where,
who, the user's three stories, their questions, the round's format tips and what they promised
last time. Also sent with the 2-hours-before reminder (through PrepView) and on the prep plan."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Reply
from bot.domain.records import Interview, Promise, User
from bot.features.common import no_interview_yet, the_interview
from bot.features.stories import STORIES_GOAL, StoryView, ready_stories
from bot.flow.hooks import MENU_TOKEN, Hooks, Turn
from bot.store import Store

hooks = Hooks("daysheet")

QUESTIONS_ITEM = "questions"
"""The prep plan's item whose advice stands in for questions the user has not written down."""
SEPARATOR = re.compile(r"\s*[,;]\s*|\s+(?:and|&)\s+")
"""Between two interviewers: a comma, a semicolon, "and" or "&" (not inside brackets)."""


@dataclass(frozen=True)
class LastTime:
    """The round before this one at the same company: what was discussed and promised."""

    interview: Interview
    promised: tuple[Promise, ...]

    @property
    def sent(self) -> bool:
        """Tell whether the user marked the promised materials sent."""
        return self.interview.materials_sent_at is not None


def interviewers(interview: Interview) -> list[str]:
    """Return the interviewers as the user gave them, one per entry, roles kept as typed
    ("Rui Costa (VP Eng)"); a separator inside brackets ("(R and D)") splits nothing."""
    text = interview.interviewers or ""
    found: list[str] = []
    start = 0
    for match in SEPARATOR.finditer(text):
        before = text[: match.start()]
        if before.count("(") > before.count(")"):
            continue
        found.append(text[start : match.start()])
        start = match.end()
    found.append(text[start:])
    return [" ".join(name.split()) for name in found if name.strip()]


def promised(interview: Interview) -> tuple[Promise, ...]:
    """Return what was promised at an interview: its items, else the words as typed."""
    if interview.materials:
        return interview.materials
    text = (interview.promised_materials or "").strip()
    return (Promise(text),) if text else ()


def last_time(store: Store, user: User, interview: Interview) -> LastTime | None:
    """Return the latest earlier round at the same company with a debrief to recall."""
    company = interview.company.casefold().strip()
    starts = interview.starts_at
    earlier = [
        other
        for other in store.interviews(user.id, open_only=False)
        if other.id != interview.id
        and other.company.casefold().strip() == company
        and other.starts_at is not None
        and (starts is None or other.starts_at < starts)
        and (promised(other) or other.discussion_point)
    ]
    if not earlier:
        return None
    latest = max(earlier, key=lambda other: other.starts_at or other.created_at)
    return LastTime(latest, promised(latest))


def day_sheet(
    store: Store, renderer: Renderer, plan: PrepPlan, user: User, interview: Interview
) -> str:
    """Return the interview-day sheet of one interview (Telegram HTML); a fact the coach does
    not know is left out rather than shown as a blank."""
    stories = [StoryView(s, None) for s in ready_stories(store, user.id)[:STORIES_GOAL]]
    drafts = len(store.stories(user.id)) - len(ready_stories(store, user.id))
    format_template = plan.formats.get(interview.format or "mixed")
    questions = plan.items.get(QUESTIONS_ITEM)
    return renderer.render(
        "daysheet/sheet.j2",
        user=user,
        interview=interview,
        interviewers=interviewers(interview),
        stories=stories,
        goal=STORIES_GOAL,
        drafts=drafts,
        questions=Markup(renderer.render(questions.detail)) if questions else None,
        format_tip=Markup(renderer.render(format_template)) if format_template else None,
        last=last_time(store, user, interview),
    )


@hooks.finish("daysheet")
def finish(turn: Turn) -> list[Reply]:
    """Show the sheet of the interview picked (or point to /interviews when there is none)."""
    interview = the_interview(turn)
    if interview is None:
        first = no_interview_yet(turn)
        if first:
            return first
        return [turn.said("daysheet/nothing.j2")]
    sheet = day_sheet(turn.store, turn.renderer, turn.plan, turn.user, interview)
    return [
        Reply(
            sheet,
            choices=(
                turn.command_choice("prep", "prep_plan", f"i{interview.id}"),
                turn.command_choice("start", "menu"),
            ),
            token=MENU_TOKEN,
        )
    ]
