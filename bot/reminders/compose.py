"""Write a reminder's message from its kind, its interview and the user's plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from bot.content.prep_plan import PrepPlan
from bot.content.templates import Renderer
from bot.domain.events import Choice, Reply
from bot.domain.records import Interview
from bot.domain.reminders import Kind, ReminderRow
from bot.prep.view import PrepView
from bot.rules.downtime import THANK_YOU_USEFUL_AFTER_END
from bot.store import Store

BUTTON_PREFIX = "rem:"
TOKEN = "reminder"


def button(action: str, reminder_id: int, label: str) -> Choice:
    """Return a reminder button: done, snooze, morning or stop."""
    return Choice(f"{BUTTON_PREFIX}{action}:{reminder_id}", label)


def thank_you_by(interview: Interview) -> datetime | None:
    """Return when the thank-you note is due: 24 hours after the interview ends (UTC)."""
    ends = interview.ends_at
    return ends + THANK_YOU_USEFUL_AFTER_END if ends is not None else None


def kind_labels(renderer: Renderer) -> dict[str, str]:
    """Return the display name of every reminder kind."""
    return {kind.value: renderer.label(f"kind_{kind.value}") for kind in Kind}


@dataclass(frozen=True)
class ReminderComposer:
    """Turns a due reminder into the message the user gets (the dispatcher's Composer)."""

    store: Store
    renderer: Renderer
    plan: PrepPlan

    def __call__(self, row: ReminderRow, late: bool) -> list[Reply]:
        """Return the reminder's messages; [] when it has nothing left to say."""
        user = self.store.get_user(row.user_id)
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
            buttons.append(Choice(f"cmd:prep i{interview.id}", label("prep_plan")))
        else:
            template = f"reminders/{row.kind.value}.j2"
            if row.kind is Kind.DEBRIEF:
                buttons.append(Choice(f"cmd:debrief i{interview.id}", label("debrief_now")))
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
