"""Actions of the advice dialogs: follow-ups sent, replies, thank-you notes, reminders."""

from __future__ import annotations

from typing import Any

from bot.domain.events import Reply
from bot.domain.reminders import Kind
from bot.finishers.base import FinishCall, chosen_interview
from bot.reminders.buttons import MARKED_SENT
from bot.rules.reminder_plan import plan_follow_up
from bot.views import verdict_for

SUPERSEDED = "replaced by the date of the follow-up advice"


def followup_step(call: FinishCall, value: Any) -> list[Reply]:
    """Carry out a button of the follow-up advice: remind, sent, replied, thank-you sent."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is None:
        return []
    step = str(value)
    if step == "sent":
        call.store.add_followup(call.user.id, interview.id, call.now)
    elif step == "replied":
        call.store.mark_replied(call.user.id, interview.id, call.now)
        _cancel(call, interview.id, Kind.FOLLOW_UP, MARKED_SENT)
    elif step == "thanks_sent":
        thank_you_sent(call, interview.id)
    elif step == "remind":
        verdict = verdict_for(call.store, call.user, interview, call.now)
        if verdict is None or verdict.on is None or verdict.kind != "not_yet":
            return []
        planned = plan_follow_up(interview.id, verdict.on, call.user.zone, call.user.quiet)
        for row in call.store.interview_reminders(call.user.id, interview.id):
            if row.kind is Kind.FOLLOW_UP and row.due_at != planned.due_at:
                call.store.cancel_reminders(call.user.id, call.now, SUPERSEDED, reminder_id=row.id)
        added = call.store.add_reminder(call.user.id, interview.id, planned, call.now)
        if added is not None:
            call.reminders_changed([added])
    else:
        return []
    return [Reply(call.renderer.render("followup/step.j2", step=step, user=call.user))]


def thank_you_step(call: FinishCall, value: Any) -> list[Reply]:
    """Mark the thank-you note sent when the user says so."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is not None and value == "sent":
        thank_you_sent(call, interview.id)
    return []


def save_point(call: FinishCall, value: Any) -> list[Reply]:
    """Keep the discussion point the thank-you note refers to."""
    interview = chosen_interview(call.store, call.user.id, call.answers)
    if interview is not None:
        call.store.set_debrief(call.user.id, interview.id, str(value), interview.promised_materials)
    return []


def thank_you_sent(call: FinishCall, interview_id: int) -> None:
    """Record the thank-you note as sent and stop its nudges."""
    call.store.mark_interview(call.user.id, interview_id, "thank_you_sent_at", call.now)
    _cancel(call, interview_id, Kind.THANK_YOU, MARKED_SENT)


def _cancel(call: FinishCall, interview_id: int, kind: Kind, reason: str) -> None:
    for row in call.store.interview_reminders(call.user.id, interview_id):
        if row.kind is kind:
            call.store.cancel_reminders(call.user.id, call.now, reason, reminder_id=row.id)
