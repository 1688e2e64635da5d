"""/reminders and the reminders themselves: what a due reminder says, what its buttons do,
the list of coming reminders and cancelling one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import Any

from markupsafe import Markup

from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer, short_when
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview, User
from bot.domain.reminders import (
    CANCELLED_ONE,
    MARKED_SENT,
    STOPPED_REASON,
    Kind,
    QuietHours,
    ReminderRow,
)
from bot.features.common import cancel_kind, closing, kind_labels
from bot.features.prep import PrepView
from bot.flow.engine import Option
from bot.flow.hooks import COMMAND_PREFIX, Hooks, Turn
from bot.rules.downtime import thank_you_by
from bot.rules.reminder_plan import next_morning, snooze_until
from bot.store import Store

hooks = Hooks("reminders")

BUTTON_PREFIX = "rem:"
TOKEN = "reminder"
REMINDER_PREFIX = "r"
"""A reminder offered in the /reminders list: "r<id>"."""
MAX_LISTED_REMINDERS = 20
SNOOZE = timedelta(hours=1)
DEFAULT_NIGHT = QuietHours()
"""Whose end (08:00) is "tomorrow morning" for a user who turned quiet hours off."""


def button(action: str, reminder_id: int, label: str) -> Choice:
    """Return a reminder button: done, snooze, morning or stop."""
    return Choice(f"{BUTTON_PREFIX}{action}:{reminder_id}", label)


@dataclass(frozen=True)
class ReminderComposer:
    """Turns a due reminder into the message the user gets (the dispatcher's Composer)."""

    store: Store
    renderer: Renderer
    plan: PrepPlan

    def __call__(self, row: ReminderRow, late: bool) -> list[Reply]:
        """Return the reminder's messages; [] when it has nothing left to say."""
        user = self.store.get_user(row.user_id)
        if row.kind is Kind.CUSTOM:
            return [] if user is None else [self.own(user, row, late)]
        interview = (
            self.store.get_interview(row.user_id, row.interview_id)
            if row.interview_id is not None
            else None
        )
        if user is None or interview is None:
            return []
        if row.kind is Kind.THANK_YOU and interview.thank_you_sent_at is not None:
            return []
        if row.kind is Kind.MATERIALS and (
            interview.materials_sent_at is not None or not interview.promised_materials
        ):
            return []
        label = self.renderer.label
        context = {
            "user": user,
            "interview": interview,
            "late": late,
            "due": row.due_at,
            "kind": row.kind.value,
            "kind_label": kind_labels(self.renderer)[row.kind.value],
            "thank_you_by": thank_you_by(interview),
        }
        buttons: list[Choice] = []
        if row.kind.before_interview:
            view = PrepView(self.plan, self.renderer, self.store, user, interview)
            template = "reminders/prep.j2"
            context |= {
                "items": view.due_by(row.kind),
                "day_of": Markup(self.renderer.render(self.plan.day_of)),
                "format_tip": view.format_tip,
            }
            buttons.append(Choice(f"{COMMAND_PREFIX}prep i{interview.id}", label("prep_plan")))
        else:
            template = f"reminders/{row.kind.value}.j2"
            if row.kind is Kind.DEBRIEF:
                buttons.append(
                    Choice(f"{COMMAND_PREFIX}debrief i{interview.id}", label("debrief_now"))
                )
            elif row.kind is Kind.THANK_YOU:
                buttons.append(button("done", row.id, label("rem_thank_you_sent")))
            elif row.kind is Kind.MATERIALS:
                buttons.append(button("done", row.id, label("rem_materials_sent")))
            else:
                buttons.append(button("done", row.id, label("rem_done")))
        buttons += [
            button("snooze", row.id, label("rem_snooze")),
            button("morning", row.id, label("rem_morning")),
            button("stop", row.id, label("rem_stop")),
        ]
        text = self.renderer.render(template, **context)
        return [Reply(text, tuple(buttons), token=TOKEN)]

    def own(self, user: User, row: ReminderRow, late: bool) -> Reply:
        """Return a reminder the user asked for in their own words: its text, Done and the
        snoozes (no "Stop for this interview": it belongs to no interview)."""
        label = self.renderer.label
        text = self.renderer.render(
            "reminders/custom.j2", user=user, late=late, due=row.due_at, note=row.note or ""
        )
        buttons = (
            button("done", row.id, label("rem_done")),
            button("snooze", row.id, label("rem_snooze")),
            button("morning", row.id, label("rem_morning")),
        )
        return Reply(text, buttons, token=TOKEN)


def parse(choice: str) -> tuple[str, int] | None:
    """Return (action, reminder id) from a reminder button's choice id."""
    action, _, number = choice.removeprefix(BUTTON_PREFIX).partition(":")
    if action not in ("done", "snooze", "morning", "stop") or not number.isdigit():
        return None
    return action, int(number)


@hooks.button(BUTTON_PREFIX, token=TOKEN)
def press(turn: Turn, choice: str) -> Reply:
    """Carry out a reminder button for its owner; anyone else's or an unknown one is stale."""
    store, user, now = turn.store, turn.user, turn.now
    parsed = parse(choice)
    row = store.get_reminder(user.id, parsed[1]) if parsed else None
    if parsed is None or row is None:
        return Reply(turn.renderer.render("reminders/gone.j2"), stale=True)
    action = parsed[0]
    interview = (
        store.get_interview(user.id, row.interview_id) if row.interview_id is not None else None
    )
    company = interview.company if interview else ""

    def say(what: str, **more: object) -> Reply:
        return turn.said("reminders/done.j2", what=what, user=user, company=company, **more)

    if action in ("snooze", "morning"):
        # Without quiet hours (start == end) their end would be midnight, not a morning.
        night = user.quiet if user.quiet.start != user.quiet.end else DEFAULT_NIGHT
        until = (
            snooze_until(now, SNOOZE, row.kind, user.zone, user.quiet)
            if action == "snooze"
            else next_morning(now, user.zone, night)
        )
        snoozed = store.snooze_reminder(user.id, row.id, until, now)
        if snoozed is None:
            return Reply(turn.renderer.render("reminders/gone.j2"), stale=True)
        turn.reminders_changed([snoozed])
        return say(action, until=until)
    if action == "stop" and row.interview_id is not None:
        store.cancel_reminders(user.id, now, STOPPED_REASON, interview_id=row.interview_id)
        return say("stop")
    if interview is not None and row.kind is Kind.THANK_YOU:
        store.mark_interview(user.id, interview.id, "thank_you_sent_at", now)
        cancel_kind(turn, interview.id, Kind.THANK_YOU, MARKED_SENT)
        return say("thank_you")
    if interview is not None and row.kind is Kind.MATERIALS:
        store.mark_interview(user.id, interview.id, "materials_sent_at", now)
        cancel_kind(turn, interview.id, Kind.MATERIALS, MARKED_SENT)
        return say("materials")
    # Done (or a Stop under a reminder of no interview, which has no such button): this one.
    if row.status == "pending":
        store.cancel_reminders(user.id, now, MARKED_SENT, reminder_id=row.id)
    return say("done")


class Upcoming:
    """A user's coming reminders for templates, read only if a template iterates them."""

    def __init__(self, store: Store, user: User) -> None:
        self.store, self.user = store, user

    @cached_property
    def rows(self) -> list[dict[str, Any]]:
        """Return the coming reminders with their interview's company (or their own words)."""
        companies = {i.id: i.company for i in self.store.interviews(self.user.id, open_only=False)}
        return [
            {
                "due_at": r.due_at,
                "kind": r.kind.value,
                "company": companies.get(r.interview_id or 0),
                "note": r.note,
            }
            for r in self.store.upcoming_reminders(self.user.id)[:MAX_LISTED_REMINDERS]
        ]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


@hooks.context
def context(turn: Turn, interview: Interview | None) -> dict[str, Any]:
    """Give the templates the coming reminders, the kinds' names and the quiet hours."""
    return {
        "upcoming": Upcoming(turn.store, turn.user),
        "kind_labels": kind_labels(turn.renderer),
        "quiet": turn.user.quiet,
    }


@hooks.choices("reminders")
def coming(turn: Turn) -> list[Option]:
    """Offer the coming reminders, each to cancel (one of the user's own by its words)."""
    reminder_label = turn.renderer.label("reminder_option")
    own_label = turn.renderer.label("reminder_option_own")
    kinds = kind_labels(turn.renderer)
    zone = turn.user.zone
    companies = {i.id: i.company for i in turn.store.interviews(turn.user.id, open_only=False)}

    def label(r: ReminderRow) -> str:
        when = short_when(r.due_at, zone)
        if r.kind is Kind.CUSTOM:
            return own_label.format(when=when, what=r.note or kinds[r.kind.value])
        what, company = kinds[r.kind.value], companies.get(r.interview_id or 0, "")
        return reminder_label.format(when=when, what=what, company=company)

    return [
        Option(f"{REMINDER_PREFIX}{r.id}", label(r)[:60])
        for r in turn.store.upcoming_reminders(turn.user.id)[:MAX_LISTED_REMINDERS]
    ]


@hooks.on_answer("reminder_cancel")
def cancel_one(turn: Turn, value: Any) -> list[Reply]:
    """Cancel the reminder picked from the list (only the user's own)."""
    picked = str(value)
    number = picked.removeprefix(REMINDER_PREFIX)
    if not picked.startswith(REMINDER_PREFIX) or not number.isdigit():
        return []
    if turn.store.cancel_reminders(turn.user.id, turn.now, CANCELLED_ONE, reminder_id=int(number)):
        return [turn.said("reminders/cancelled.j2")]
    return []


@hooks.finish("reminders")
def finish(turn: Turn) -> list[Reply]:
    """Close the reminders list."""
    return [closing(turn, "reminders/closed.j2")]
