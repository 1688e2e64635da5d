"""Finish the interviews dialog: add an interview, change its time, close or delete it."""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.events import Reply
from bot.domain.records import Interview
from bot.finishers.base import FinishCall, chosen_interview, interview_choice_id, interview_for
from bot.reminders.compose import kind_labels
from bot.reminders.scheduling import replan

DELETED = "the interview was deleted"
CLOSED = "the interview was closed"


def finish_interviews(call: FinishCall) -> list[Reply]:
    """Carry out what the user chose in the interviews dialog."""
    picked = call.answers.get("interview")
    if picked == "new":
        return _add(call)
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None:  # "Done", or an interview that is gone meanwhile
        return [_say(call, "interviews/closed.j2")]
    action = call.answers.get("action")
    if action == "retime":
        return _retime(call, interview)
    if action == "close":
        call.store.close_interview(call.user.id, interview.id, call.now)
        call.store.cancel_reminders(call.user.id, call.now, CLOSED, interview_id=interview.id)
        return [_say(call, "interviews/closed_one.j2", interview=interview)]
    if action == "delete" and call.answers.get("confirmed") == "yes":
        call.store.delete_interview(call.user.id, interview.id)
        return [_say(call, "interviews/deleted.j2", interview=interview)]
    return [_say(call, "interviews/closed.j2")]


def _add(call: FinishCall) -> list[Reply]:
    interview = interview_for(call)
    when = call.answers.get("when")
    if isinstance(when, dict):
        call.store.set_schedule(
            call.user.id,
            interview.id,
            datetime.fromisoformat(str(when["utc"])),
            _minutes(call.answers.get("duration")),
        )
    timeframe = call.answers.get("timeframe")
    names = call.answers.get("interviewers")
    call.store.set_interview_details(
        call.user.id,
        interview.id,
        format=_str(call.answers.get("format")),
        interviewers=None if names in (None, "skip") else str(names),
        decision_by=date.fromisoformat(timeframe["by"]) if isinstance(timeframe, dict) else None,
        decision_note=str(timeframe["note"]) if isinstance(timeframe, dict) else None,
    )
    saved = call.store.get_interview(call.user.id, interview.id)
    assert saved is not None
    rows, plan = replan(call.store, call.user, saved, call.now)
    call.reminders_changed(rows)
    hours_left = (saved.starts_at - call.now).total_seconds() / 3600 if saved.starts_at else None
    text = call.renderer.render(
        "interviews/added.j2",
        interview=saved,
        user=call.user,
        reminders=rows,
        kind_labels=kind_labels(call.renderer),
        compressed=bool(plan and plan.compressed),
        hours_left=hours_left,
    )
    return [
        Reply(
            text,
            choices=(
                call.command_choice("prep", "prep_plan", interview_choice_id(saved.id)),
                call.command_choice("signals", "read_signals", interview_choice_id(saved.id)),
                call.command_choice("start", "menu"),
            ),
            token="menu",
        )
    ]


def _retime(call: FinishCall, interview: Interview) -> list[Reply]:
    when = call.answers.get("when")
    if not isinstance(when, dict):
        return [_say(call, "interviews/closed.j2")]
    call.store.set_schedule(call.user.id, interview.id, datetime.fromisoformat(str(when["utc"])))
    moved = call.store.get_interview(call.user.id, interview.id)
    assert moved is not None
    rows, _ = replan(call.store, call.user, moved, call.now)
    call.reminders_changed(rows)
    return [_say(call, "interviews/retimed.j2", interview=moved)]


def _say(call: FinishCall, template: str, **context: object) -> Reply:
    return Reply(
        call.renderer.render(template, user=call.user, **context),
        choices=(
            call.command_choice("interviews", "my_interviews"),
            call.command_choice("start", "menu"),
        ),
        token="menu",
    )


def _minutes(value: object) -> int | None:
    text = str(value or "").removeprefix("m")
    return int(text) if text.isdigit() else None


def _str(value: object) -> str | None:
    return None if value is None else str(value)
