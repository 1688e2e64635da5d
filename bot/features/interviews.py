"""/interviews: add an interview, change its time, close or delete it; the interview picker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from bot.domain.events import Reply
from bot.domain.records import Interview
from bot.domain.reminders import Kind
from bot.features import timezone
from bot.features.common import (
    answered_minutes,
    interview_choice_id,
    interview_for,
    kind_labels,
    save_decision,
    the_interview,
)
from bot.flow.engine import Option
from bot.flow.hooks import MENU_TOKEN, Hooks, Turn
from bot.reminders.scheduling import replan
from bot.rules.downtime import thank_you_by

hooks = Hooks("interviews")

DELETED = "the interview was deleted"
CLOSED = "the interview was closed"
MAX_LISTED_INTERVIEWS = 20
"""Open interviews the overview lists, newest first (as many as get buttons: the coach shows
20 records as buttons, and older ones are picked by typing the company's name)."""


hooks.on_answer("zone_given")(timezone.save_first_zone)


def _edit_field(column: str) -> Callable[[Turn, Any], list[Reply]]:
    """Return the action that saves one detail typed or picked on the edit screen."""

    def save(turn: Turn, value: Any) -> list[Reply]:
        interview = the_interview(turn)
        if interview is None:
            return []
        text = str(value) if value not in (None, "skip") else None
        turn.store.set_interview_field(turn.user.id, interview.id, column, text)
        return [turn.said("interviews/edited.j2", field=column, value=text)]

    save.__doc__ = f"Save the interview's {column} typed on the edit screen."
    return save


# dialogs/interviews.yaml: on_answer edit_company, edit_role, ... (edited.j2 names each)
hooks.on_answer("edit_company")(_edit_field("company"))
hooks.on_answer("edit_role")(_edit_field("role"))
hooks.on_answer("edit_interviewers")(_edit_field("interviewers"))
hooks.on_answer("edit_format")(_edit_field("format"))


@hooks.on_answer("edit_duration")
def edit_duration(turn: Turn, value: Any) -> list[Reply]:
    """Save the interview's length; its debrief and thank-you reminders move with its end."""
    interview = the_interview(turn)
    minutes = answered_minutes(value)
    if interview is None or minutes is None:
        return []
    turn.store.set_interview_field(turn.user.id, interview.id, "duration_min", minutes)
    saved = turn.store.get_interview(turn.user.id, interview.id)
    assert saved is not None
    rows, _ = replan(turn.store, turn.user, saved, turn.now)
    turn.reminders_changed(rows)
    return [turn.said("interviews/edited.j2", field="length", value=minutes, moved=bool(rows))]


@hooks.on_answer("edit_timeframe")
def edit_timeframe(turn: Turn, value: Any) -> list[Reply]:
    """Save the decision date typed on the edit screen; the follow-up moves with it."""
    interview = the_interview(turn)
    if interview is None or not isinstance(value, dict):
        return []
    saved = save_decision(turn, interview, value)
    return [turn.said("interviews/edited.j2", field="timeframe", interview=saved, moved=True)]


@hooks.choices("interviews")
def open_interviews(turn: Turn) -> list[Option]:
    """Offer every open interview of the user, newest first (the coach shows the newest as
    buttons; any of them can be picked by typing its name)."""
    label = turn.renderer.label("interview_option")
    return [
        Option(interview_choice_id(i.id), label.format(company=i.company, role=i.role)[:60])
        for i in turn.store.interviews(turn.user.id)
    ]


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Tell the templates how many interviews the picker lists, and whether the interview
    being described or edited has already happened (its questions then ask in the past tense)."""
    when = turn.answers.get("when")
    if isinstance(when, dict):
        start: datetime | None = datetime.fromisoformat(str(when["utc"]))
    else:
        start = interview.starts_at if interview is not None else None
    happened = start is not None and start <= turn.now
    return {"listed_interviews": MAX_LISTED_INTERVIEWS, "happened": happened}


@hooks.finish("interviews")
def finish(turn: Turn) -> list[Reply]:
    """Carry out what the user chose in the interviews dialog."""
    picked = turn.answers.get("interview")
    if picked == "new":
        return add_interview(turn)
    interview = the_interview(turn)
    if interview is None:  # "Done", or an interview that is gone meanwhile
        return [_say(turn, "interviews/closed.j2")]
    action = turn.answers.get("action")
    if action == "retime":
        return _retime(turn, interview)
    if action == "close":
        turn.store.close_interview(turn.user.id, interview.id, turn.now)
        turn.store.cancel_reminders(turn.user.id, turn.now, CLOSED, interview_id=interview.id)
        return [_say(turn, "interviews/closed_one.j2", interview=interview)]
    if action == "delete" and turn.answers.get("confirmed") == "yes":
        turn.store.delete_interview(turn.user.id, interview.id)
        return [_say(turn, "interviews/deleted.j2", interview=interview)]
    return [_say(turn, "interviews/closed.j2")]


def add_interview(turn: Turn) -> list[Reply]:
    """Record the interview the answers describe (company, role, round, `when`, duration,
    format, interviewers, timeframe, as the /interviews questions save them), plan its
    reminders and return its card; the pasted invitation saves through this too."""
    interview = interview_for(turn)
    when = turn.answers.get("when")
    if isinstance(when, dict):
        turn.store.set_schedule(
            turn.user.id,
            interview.id,
            datetime.fromisoformat(str(when["utc"])),
            answered_minutes(turn.answers.get("duration")),
        )
    timeframe = turn.answers.get("timeframe")
    names = turn.answers.get("interviewers")
    turn.store.set_interview_details(
        turn.user.id,
        interview.id,
        format=_str(turn.answers.get("format")),
        interviewers=None if names in (None, "skip") else str(names),
        decision_by=date.fromisoformat(timeframe["by"]) if isinstance(timeframe, dict) else None,
        decision_note=str(timeframe["note"]) if isinstance(timeframe, dict) else None,
    )
    saved = turn.store.get_interview(turn.user.id, interview.id)
    assert saved is not None
    rows, plan = replan(turn.store, turn.user, saved, turn.now)
    turn.reminders_changed(rows)
    hours_left = (saved.starts_at - turn.now).total_seconds() / 3600 if saved.starts_at else None
    past = hours_left is not None and hours_left <= 0
    text = turn.renderer.render(
        "interviews/added.j2",
        interview=saved,
        user=turn.user,
        reminders=rows,
        kind_labels=kind_labels(turn.renderer),
        compressed=bool(plan and plan.compressed) and not past,
        hours_left=hours_left,
        past=past,
        thank_you_by=thank_you_by(saved),
        now=turn.now,
    )
    picked = interview_choice_id(saved.id)
    if past:  # no prep left to do: what helps now is the debrief and the follow-up advice
        first = (
            turn.command_choice("debrief", "debrief_now", picked),
            turn.command_choice("followup", "followup_advice", picked),
        )
    else:
        first = (
            turn.command_choice("prep", "prep_plan", picked),
            turn.command_choice("signals", "read_signals", picked),
        )
    return [Reply(text, choices=(*first, turn.command_choice("start", "menu")), token=MENU_TOKEN)]


def _retime(turn: Turn, interview: Interview) -> list[Reply]:
    when = turn.answers.get("when")
    if not isinstance(when, dict):
        return [_say(turn, "interviews/closed.j2")]
    store, user = turn.store, turn.user
    before = {(r.kind, r.due_at) for r in store.interview_reminders(user.id, interview.id)}
    store.set_schedule(user.id, interview.id, datetime.fromisoformat(str(when["utc"])))
    moved = store.get_interview(user.id, interview.id)
    assert moved is not None
    rows, plan = replan(store, user, moved, turn.now)
    turn.reminders_changed(rows)
    planned = {p.kind for p in plan.reminders} if plan else set()
    sent = store.delivered_kinds(user.id, interview.id)
    labels = kind_labels(turn.renderer)
    return [
        _say(
            turn,
            "interviews/retimed.j2",
            interview=moved,
            moved=[r for r in rows if (r.kind, r.due_at) not in before],
            kept_sent=[labels[kind.value] for kind in Kind if kind in sent and kind in planned],
            kind_labels=labels,
        )
    ]


def _say(turn: Turn, template: str, **context: object) -> Reply:
    return Reply(
        turn.renderer.render(template, user=turn.user, **context),
        choices=(
            turn.command_choice("interviews", "my_interviews"),
            turn.command_choice("start", "menu"),
        ),
        token=MENU_TOKEN,
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
