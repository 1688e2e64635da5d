"""/followup: "should I follow up yet?" from the interview's own facts, and its steps."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.events import Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import MARKED_SENT, Kind
from bot.features.common import (
    cancel_kind,
    closing,
    no_interview_yet,
    save_decision,
    the_interview,
)
from bot.features.thankyou import thank_you_sent
from bot.flow.engine import Option
from bot.flow.hooks import Hooks, Turn
from bot.reminders.scheduling import follow_up_facts, verdict_for
from bot.rules.follow_up import Verdict, follow_up_verdict, holiday_years
from bot.rules.holidays import user_holidays
from bot.rules.reminder_plan import plan_follow_up
from bot.store import Store

hooks = Hooks("followup")

SUPERSEDED = "replaced by the date of the follow-up advice"


class FollowUpView:
    """The follow-up advice of one interview, as templates read it."""

    def __init__(self, store: Store, user: User, interview: Interview, now: datetime) -> None:
        self.store, self.user, self.interview, self.now = store, user, interview, now

    @cached_property
    def verdict(self) -> Verdict | None:
        """Return the verdict (None when the interview has no time yet).

        Before the interview there is no thank-you to send yet, so the verdict gives the date
        rules alone: when to follow up once the note is out.
        """
        if self.before_interview:
            facts = follow_up_facts(self.store, self.user, self.interview)
            assert facts is not None
            zone = ZoneInfo(self.user.timezone)
            settled = replace(facts, thank_you_sent=True)
            holidays = user_holidays(self.user, holiday_years(settled, self.now, zone))
            return follow_up_verdict(settled, self.now, zone, holidays)
        return verdict_for(self.store, self.user, self.interview, self.now)

    @property
    def before_interview(self) -> bool:
        """Tell whether the interview is still ahead."""
        start = self.interview.starts_at
        return start is not None and start > self.now

    @property
    def missing_time(self) -> bool:
        """Tell whether the interview lacks the time the advice needs."""
        return self.interview.ends_at is None


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the interview's follow-up advice."""
    if interview is None:
        return {"followup": None}
    return {"followup": FollowUpView(turn.store, turn.user, interview, turn.now)}


@hooks.choices("followup_actions")
def actions(turn: Turn) -> list[Option]:
    """Offer what fits the verdict: thank-you sent, remind me then, sent, they replied."""
    interview = the_interview(turn)
    if interview is None:
        return []
    view = FollowUpView(turn.store, turn.user, interview, turn.now)
    verdict = view.verdict
    if verdict is None or view.before_interview:
        return []
    label = turn.renderer.label
    found = []
    if verdict.kind == "thank_you_first":
        found.append(Option("thanks_sent", label("followup_thanks_sent")))
    if verdict.kind == "not_yet" and verdict.on is not None:
        day = f"{verdict.on:%a} {verdict.on.day} {verdict.on:%b}"
        found.append(Option("remind", label("followup_remind").format(day=day)))
    if verdict.kind in ("not_yet", "now"):
        found.append(Option("sent", label("followup_sent")))
    if verdict.kind in ("not_yet", "now", "stop"):
        found.append(Option("replied", label("followup_replied")))
    return found


@hooks.on_answer("followup_step")
def step(turn: Turn, value: Any) -> list[Reply]:
    """Carry out a button of the follow-up advice: remind, sent, replied, thank-you sent."""
    interview = the_interview(turn)
    if interview is None:
        return []
    picked = str(value)
    if picked == "sent":
        turn.store.add_followup(turn.user.id, interview.id, turn.now)
    elif picked == "replied":
        turn.store.mark_replied(turn.user.id, interview.id, turn.now)
        cancel_kind(turn, interview.id, Kind.FOLLOW_UP, MARKED_SENT)
    elif picked == "thanks_sent":
        thank_you_sent(turn, interview.id)
    elif picked == "remind":
        verdict = verdict_for(turn.store, turn.user, interview, turn.now)
        if verdict is None or verdict.on is None or verdict.kind != "not_yet":
            return []
        planned = plan_follow_up(interview.id, verdict.on, turn.user.zone, turn.user.quiet)
        for row in turn.store.interview_reminders(turn.user.id, interview.id):
            if row.kind is Kind.FOLLOW_UP and row.due_at != planned.due_at:
                turn.store.cancel_reminders(turn.user.id, turn.now, SUPERSEDED, reminder_id=row.id)
        added = turn.store.add_reminder(turn.user.id, interview.id, planned, turn.now)
        if added is not None:
            turn.reminders_changed([added])
    else:
        return []
    return [Reply(turn.renderer.render("followup/step.j2", step=picked, user=turn.user))]


@hooks.on_answer("decision_given")
def decision_given(turn: Turn, value: Any) -> list[Reply]:
    """Keep the decision date typed after the interview; the advice shown next uses it."""
    interview = the_interview(turn)
    if interview is None or not isinstance(value, dict):
        return []
    saved = save_decision(turn, interview, value)
    return [turn.said("followup/decision_saved.j2", interview=saved)]


@hooks.finish("followup")
def finish(turn: Turn) -> list[Reply]:
    """Close the follow-up advice."""
    nothing = the_interview(turn) is None
    if nothing and (first := no_interview_yet(turn)):
        return first
    return [closing(turn, "followup/closed.j2", nothing=nothing)]
