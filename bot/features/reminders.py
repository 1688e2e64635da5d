"""/reminders and the reminders themselves: what a due reminder says, what its buttons do,
the list of coming reminders and cancelling one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
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
    PREP_KINDS,
    PREP_LEAD,
    STOPPED_KIND_REASON,
    STOPPED_REASON,
    Kind,
    QuietHours,
    ReminderRow,
)
from bot.features.common import cancel_kind, closing, kind_labels
from bot.features.prep import PrepView
from bot.flow.engine import Option
from bot.flow.hooks import COMMAND_PREFIX, Hooks, Turn
from bot.parsing.discussion import topic_of
from bot.parsing.people import read_people
from bot.rules.downtime import thank_you_by
from bot.rules.reminder_plan import Comeback, before_interview, next_morning, snooze_until
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
"""After "Stop" → only these: the reminders of that kind (all prep ones under a prep one)."""
ACTIONS = ("done", "snooze", "morning", "stop", "stop_kind", "stop_all", "keep")
"""What a reminder's buttons do; "stop" only asks which reminders to stop, "keep" puts the
reminder back as it was: neither changes anything, so only the others count as its one effect.
A reminder's buttons act once (`Store.act_on_reminder`): a later press is a stale button."""


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
            "lead_minutes": moved_lead(row, interview),
            # The interviewers by first name and the topic they discussed, never as typed.
            "first_names": [
                p.first_name for p in read_people(interview.interviewers) if p.first_name
            ],
            "topic": topic_of(interview.discussion_point, to_them=False),
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
            buttons.append(button("done", row.id, label("rem_done")))
        else:
            template = f"reminders/{row.kind.value}.j2"
            if row.kind is Kind.DEBRIEF:
                buttons.append(
                    Choice(f"{COMMAND_PREFIX}debrief i{interview.id}", label("debrief_now"))
                )
                buttons.append(button("done", row.id, label("rem_done")))
            elif row.kind is Kind.THANK_YOU:
                buttons.append(button("done", row.id, label("rem_thank_you_sent")))
            elif row.kind is Kind.MATERIALS:
                buttons.append(button("done", row.id, label("rem_materials_sent")))
            else:
                buttons.append(button("done", row.id, label("rem_done")))
        buttons += self.moves(user, interview, row)
        buttons.append(button("stop", row.id, label("rem_stop")))
        text = self.renderer.render(template, **context)
        if row.kind is Kind.PREP_2H:  # the interview-day sheet comes with the last reminder
            sheet = PrepView(self.plan, self.renderer, self.store, user, interview).day_sheet
            text = f"{text}\n\n{sheet}"
        return [Reply(text, tuple(buttons), token=TOKEN)]

    def moves(self, user: User, interview: Interview, row: ReminderRow) -> list[Choice]:
        """Return the snooze buttons that make sense: a pre-interview reminder offers only the
        ones that bring it back before the interview (as of its due time)."""
        label = self.renderer.label
        offered = [
            button("snooze", row.id, label("rem_snooze")),
            button("morning", row.id, label("rem_morning")),
        ]
        if not row.kind.before_interview or interview.starts_at is None:
            return offered
        starts_at = interview.starts_at
        return [
            choice
            for choice, action in zip(offered, ("snooze", "morning"), strict=True)
            if comeback(action, row.due_at, row.kind, user, starts_at)
            == Comeback(moved_to(action, row.due_at, row.kind, user))
        ]

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


def moved_lead(row: ReminderRow, interview: Interview) -> int | None:
    """Return how many minutes before the interview a prep reminder comes, when quiet hours
    moved it off its usual lead on the interview day (the 2-hour one at 08:00 for a 09:00
    interview is "1 hour before"); None otherwise."""
    if row.kind not in PREP_KINDS or interview.starts_at is None:
        return None
    lead = interview.starts_at - row.due_at
    if lead == PREP_LEAD[row.kind] or not timedelta(0) < lead < timedelta(days=1):
        return None
    return int(lead.total_seconds() // 60)


def moved_to(action: str, now: datetime, kind: Kind, user: User) -> datetime:
    """Return when a reminder snoozed ("snooze") or put off to the morning comes back."""
    if action == "snooze":
        return snooze_until(now, SNOOZE, kind, user.zone, user.quiet)
    # Without quiet hours (start == end) their end would be midnight, not a morning.
    night = user.quiet if user.quiet.start != user.quiet.end else DEFAULT_NIGHT
    return next_morning(now, user.zone, night)


def comeback(
    action: str, now: datetime, kind: Kind, user: User, starts_at: datetime | None
) -> Comeback:
    """Return when a moved reminder comes back: a pre-interview one never after the
    interview (clamped before it, or not moved when no time is left)."""
    wanted = moved_to(action, now, kind, user)
    if not kind.before_interview or starts_at is None:
        return Comeback(wanted)
    return before_interview(wanted, now, starts_at, user.zone, user.quiet)


def parse(choice: str) -> tuple[str, int] | None:
    """Return (action, reminder id) from a reminder button's choice id."""
    action, _, number = choice.removeprefix(BUTTON_PREFIX).partition(":")
    if action not in ACTIONS or not number.isdigit():
        return None
    return action, int(number)


def group_of(kind: Kind) -> tuple[str, tuple[Kind, ...]]:
    """Return the name and kinds of the reminders "Stop" means by default: all the prep
    reminders under a prep one, else the reminders of its own kind."""
    return ("prep", PREP_KINDS) if kind in PREP_KINDS else (kind.value, (kind,))


@hooks.button(BUTTON_PREFIX, token=TOKEN)
def press(turn: Turn, choice: str) -> Reply:
    """Carry out a reminder button for its owner; anyone else's or an unknown one is stale,
    and so is any button of a reminder whose buttons already took effect (they act once: four
    quick presses of "Snooze 1 hour" snooze it once).

    The answer replaces the reminder message (edited in place where the transport can): the
    reminder as it reads now and what happened to it, with the buttons still useful.
    """
    store, user, now = turn.store, turn.user, turn.now
    parsed = parse(choice)
    row = store.get_reminder(user.id, parsed[1]) if parsed else None

    def gone() -> Reply:
        return Reply(turn.renderer.render("reminders/gone.j2"), stale=True, notice=True)

    if parsed is None or row is None or row.acted_at is not None:
        return gone()
    action, reminder_id = parsed

    def acted() -> bool:
        """Take the reminder's one effect (atomic in the store); False if a press beat us."""
        return store.act_on_reminder(user.id, reminder_id, now)

    interview = (
        store.get_interview(user.id, row.interview_id) if row.interview_id is not None else None
    )
    company = interview.company if interview else ""
    composed = ReminderComposer(store, turn.renderer, turn.plan)(row, late=False)
    original = composed[0] if composed else None
    group, kinds = group_of(row.kind)

    def say(what: str, choices: tuple[Choice, ...] = (), **more: object) -> Reply:
        status = turn.renderer.render(
            "reminders/done.j2", what=what, user=user, company=company, group=group, **more
        )
        text = turn.renderer.render(
            "reminders/pressed.j2",
            original=Markup(original.text if original else ""),
            status=Markup(status),
        )
        return Reply(text, choices, token=TOKEN, edits=True)

    if action in ("snooze", "morning"):
        starts_at = interview.starts_at if interview else None
        back = comeback(action, now, row.kind, user, starts_at)
        if back.at is None:
            return say("too_close", starts_at=starts_at)
        snoozed = store.snooze_reminder(user.id, row.id, back.at, now)  # acts, or None
        if snoozed is None:
            return gone()
        turn.reminders_changed([snoozed])
        lead = int((starts_at - back.at).total_seconds() // 60) if starts_at else None
        return say(action, until=back.at, clamped=back.clamped, lead_minutes=lead)
    label = turn.renderer.label
    if action == "stop" and row.interview_id is not None:
        asked = (
            button("stop_kind", row.id, label(f"rem_stop_{group}")),
            button("stop_all", row.id, label("rem_stop_all")),
            button("keep", row.id, label("rem_keep")),
        )
        return say("stop_ask", asked)
    if action == "keep":
        if original is None:
            return say("kept")
        return replace(original, edits=True)
    if not acted():
        return gone()
    if action == "stop_kind" and interview is not None:
        for kind in kinds:
            cancel_kind(turn, interview.id, kind, STOPPED_KIND_REASON)
        return say("stopped_kind")
    if action == "stop_all" and row.interview_id is not None:
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
    # Done (a prep reminder's means "seen"), or a stop under a reminder of no interview:
    # this reminder and any snoozed copy of it.
    if interview is not None:
        cancel_kind(turn, interview.id, row.kind, MARKED_SENT)
    elif row.status == "pending":
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
