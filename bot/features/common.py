"""What several features share: the interview a dialog is about, and the closing screens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.content.templates import Renderer
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview
from bot.domain.reminders import Kind
from bot.flow.hooks import MENU_TOKEN, Turn
from bot.reminders.scheduling import replan
from bot.store import Store

INTERVIEW_CHOICE_PREFIX = "i"
DEFAULT_LENGTH_MINUTES = 60
"""An interview's length when the user has not said (the store's default too)."""
SKIPPED = ("skip", "none")
"""Answers that mean "nothing to note"."""


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


def the_interview(turn: Turn) -> Interview | None:
    """Return the stored interview this turn's answers point at (only the user's own)."""
    return chosen_interview(turn.store, turn.user.id, turn.answers)


def answered_minutes(value: object) -> int | None:
    """Return the length answered to "How long should it take?" ("m75"), or None."""
    text = str(value or "").removeprefix("m")
    return int(text) if text.isdigit() else None


def interview_end(store: Store, user_id: str, answers: dict[str, Any]) -> datetime | None:
    """Return when the interview a dialog is about ends: the stored one's end, or the one
    being described once its time is answered (its length too, else the usual hour)."""
    stored = chosen_interview(store, user_id, answers)
    if stored is not None:
        return stored.ends_at
    when = answers.get("when")
    if not isinstance(when, dict):
        return None
    minutes = answered_minutes(answers.get("duration")) or DEFAULT_LENGTH_MINUTES
    return datetime.fromisoformat(str(when["utc"])) + timedelta(minutes=minutes)


def interview_for(turn: Turn) -> Interview:
    """Return the interview the dialog was about, recording it first when it is new."""
    found = the_interview(turn)
    if found is not None:
        return found
    interview_id = turn.store.add_interview(
        turn.user.id,
        str(turn.answers["company"]),
        str(turn.answers["role"]),
        turn.answers.get("round"),
        turn.now,
    )
    created = turn.store.get_interview(turn.user.id, interview_id)
    assert created is not None
    return created


def no_interview_yet(turn: Turn) -> list[Reply] | None:
    """Return the "add an interview first" reply when the user has none open, else None."""
    if turn.store.interviews(turn.user.id):
        return None
    return [
        Reply(
            turn.renderer.render("core/no_interview.j2"),
            choices=(
                turn.command_choice("interviews", "add_interview", "new"),
                turn.command_choice("start", "menu"),
            ),
            token=MENU_TOKEN,
        )
    ]


def closing(turn: Turn, template: str, **context: object) -> Reply:
    """Return a dialog's closing message with the Menu button."""
    return Reply(
        turn.renderer.render(template, user=turn.user, **context),
        choices=(turn.command_choice("start", "menu"),),
        token=MENU_TOKEN,
    )


def with_button_first(reply: Reply, *first: Choice) -> Reply:
    """Return the reply with more buttons before its own."""
    return Reply(reply.text, (*first, *reply.choices), token=MENU_TOKEN)


def save_decision(turn: Turn, interview: Interview, timeframe: object) -> Interview:
    """Keep the decision timeframe typed for an interview (as read by the `timeframe`
    validator: its local date and the words) and move its follow-up reminder to match."""
    if not isinstance(timeframe, dict):
        return interview
    by = date.fromisoformat(str(timeframe["by"]))
    turn.store.set_decision(turn.user.id, interview.id, by, str(timeframe["note"]))
    saved = turn.store.get_interview(turn.user.id, interview.id)
    assert saved is not None
    rows, _ = replan(turn.store, turn.user, saved, turn.now)
    turn.reminders_changed(rows)
    return saved


def kind_labels(renderer: Renderer) -> dict[str, str]:
    """Return the display name of every reminder kind."""
    return {kind.value: renderer.label(f"kind_{kind.value}") for kind in Kind}


def cancel_kind(turn: Turn, interview_id: int, kind: Kind, reason: str) -> None:
    """Cancel an interview's pending reminders of one kind (snoozed copies included)."""
    for row in turn.store.interview_reminders(turn.user.id, interview_id):
        if row.kind is kind:
            turn.store.cancel_reminders(turn.user.id, turn.now, reason, reminder_id=row.id)
