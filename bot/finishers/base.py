"""The call a finisher receives, and helpers finishers share."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.content.dialog_models import DialogModel
from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import ReminderRow
from bot.store import Store

INTERVIEW_CHOICE_PREFIX = "i"


ReminderListener = Callable[[Sequence[ReminderRow]], None]


@dataclass(frozen=True)
class FinishCall:
    """Everything a finisher (or an answer's action) may use; it runs in one transaction."""

    user: User
    dialog: DialogModel
    answers: dict[str, Any]
    store: Store
    renderer: Renderer
    now: datetime
    reminders_changed: ReminderListener
    dialogs: Mapping[str, DialogModel] | None = None
    """Every dialog, for finishers that read another dialog's definition (signal labels)."""
    plan: PrepPlan | None = None

    def command_choice(self, command: str, label_key: str, arg: str = "") -> Choice:
        """Return a button that runs /command (with `arg`, which answers its first question)."""
        suffix = f" {arg}" if arg else ""
        return Choice(id=f"cmd:{command}{suffix}", label=self.renderer.label(label_key))


@dataclass(frozen=True)
class InterviewDraft:
    """An interview being described in a dialog, before it is saved."""

    company: str
    role: str | None = None

    @classmethod
    def from_answers(cls, answers: dict[str, Any]) -> InterviewDraft | None:
        """Return the draft the answers describe so far, or None before the company is known."""
        if "company" not in answers:
            return None
        role = answers.get("role")
        return cls(str(answers["company"]), str(role) if role is not None else None)


def interview_choice_id(interview_id: int) -> str:
    """Return the choice id standing for an interview."""
    return f"{INTERVIEW_CHOICE_PREFIX}{interview_id}"


def chosen_interview(store: Store, user_id: str, answers: dict[str, Any]) -> Interview | None:
    """Return the stored interview the answers point at, only if it belongs to the user."""
    value = str(answers.get("interview", ""))
    if not value.startswith(INTERVIEW_CHOICE_PREFIX) or not value[1:].isdigit():
        return None
    return store.get_interview(user_id, int(value[1:]))


def interview_for(call: FinishCall) -> Interview:
    """Return the interview the dialog was about, recording it first when it is new."""
    found = chosen_interview(call.store, call.user.id, call.answers)
    if found is not None:
        return found
    interview_id = call.store.add_interview(
        call.user.id,
        str(call.answers["company"]),
        str(call.answers["role"]),
        call.answers.get("round"),
        call.now,
    )
    created = call.store.get_interview(call.user.id, interview_id)
    assert created is not None
    return created


def no_interview_yet(call: FinishCall) -> list[Reply] | None:
    """Return the "add an interview first" reply when the user has none open, else None."""
    if call.store.interviews(call.user.id):
        return None
    return [
        Reply(
            call.renderer.render("core/no_interview.j2"),
            choices=(
                call.command_choice("interviews", "add_interview", "new"),
                call.command_choice("start", "menu"),
            ),
            token="menu",
        )
    ]
