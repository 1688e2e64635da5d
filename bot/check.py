"""`interview-coach check`: validate every dialog and template before anything runs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import TemplateError, TemplateSyntaxError

from bot.app import Content, build_coach, load_content
from bot.clock import FrozenClock
from bot.coach.free_text import STARTED_BY_COACH
from bot.coach.screens import BACK, CANCEL
from bot.content.dialogs import LoadedDialog
from bot.content.templates import Renderer, is_template_name
from bot.domain.events import Event, Reply
from bot.domain.problems import DialogProblem
from bot.flow.engine import Session
from bot.flow.validators import VALIDATORS, InputContext
from bot.store import Store

SAMPLE_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
SAMPLE_ZONE = "Europe/Berlin"
ERROR_TEMPLATES = (
    "empty",
    "too_long",
    "no_words",
    "unknown_timezone",
    "unknown_place",
    "pick_one",
    "type_answer",
    "impossible_date",
    "unreadable",
    "need_time",
    "in_past",
    "too_far",
    "duration_range",
    "duration_unreadable",
    "duration_negative",
    "quiet_unreadable",
    "quiet_too_long",
    "before_interview",
    "ambiguous_zone",
    "unknown_region",
    "ambiguous_region",
    "no_holiday_calendar",
    "timeframe_unreadable",
    "timeframe_past",
    "timeframe_too_far",
    "reminder_past",
    "reminder_time",
    "reminder_what",
    "reminder_when",
)
REQUIRED_LABELS = (
    "prep_plan",
    "reminders",
    "debrief_now",
    "rem_done",
    "rem_snooze",
    "rem_morning",
    "rem_stop",
    "prep_item_option",
    "reminder_option",
    "back",
    "cancel",
    "menu",
    "retake_signals",
    "read_signals",
    "my_interviews",
    "interview_option",
)
WALK_LIMIT = 200


def check(dialogs: Path | None = None, templates: Path | None = None) -> list[str]:
    """Return every problem found in the dialogs and templates (empty when all is well)."""
    content = load_content(dialogs, templates)
    renderer = content.renderer
    problems: list[str] = [str(p) for p in content.problems]
    problems += _template_syntax(renderer)
    problems += _swallowed_line_breaks(renderer)
    problems += [
        f"{renderer.root / 'labels.yaml'}: missing label '{key}'"
        for key in REQUIRED_LABELS
        if key not in renderer.label_keys()
    ]
    problems += [
        f"{renderer.root}: missing template 'errors/{key}.j2'"
        for key in ERROR_TEMPLATES
        if not renderer.exists(f"errors/{key}.j2")
    ]
    started = {c.dialog for c in content.commands.values()} | STARTED_BY_COACH
    for name, loaded in content.dialogs.items():
        problems += [str(p) for p in _dialog_templates(loaded, content)]
        if content.commands and name not in started:
            # Only a command (or the coach, for a pasted invitation) starts a dialog: without
            # one it can never run.
            problems.append(
                str(
                    DialogProblem(
                        loaded.file,
                        loaded.line_of("name"),
                        None,
                        f"no command in commands.yaml starts dialog '{name}'",
                    )
                )
            )
    if problems:
        return problems
    # Everything is in place: walk each dialog through the real coach on a throwaway database.
    for name in content.dialogs:
        for seeded in (False, True):
            for pick in (0, -1):
                failure = _walk(content, name, pick, seeded)
                if failure:
                    problems.append(failure)
    return problems


def _template_syntax(renderer: Renderer) -> list[str]:
    found = []
    for name in renderer.list_templates():
        try:
            renderer.env.get_template(name)
        except TemplateSyntaxError as exc:
            found.append(
                f"{renderer.root / name}:{exc.lineno}: template syntax error: {exc.message}"
            )
    return found


_TAG = re.compile(r"\{%.*?%\}")


def _swallowed_line_breaks(renderer: Renderer) -> list[str]:
    """Name text lines that end in a block tag: trim_blocks eats the line break after it.

    "Title{% endif %}" followed by a blank line renders with no blank line, and followed by
    text runs into that text. "{% endif +%}" keeps the break. Lines of tags only, the last
    line, and a line before "{%-" (which strips the break anyway) are fine.
    """
    found = []
    for name in renderer.list_templates():
        path = renderer.root / name
        lines = path.read_text(encoding="utf-8").split("\n")
        for number, line in enumerate(lines, 1):
            text = line.strip()
            if not text.endswith("%}") or text.endswith(("+%}", "-%}")):
                continue
            following = [rest.strip() for rest in lines[number:] if rest.strip()]
            if not _TAG.sub("", text).strip() or not following or following[0].startswith("{%-"):
                continue
            found.append(
                f"{path}:{number}: the tag ending this line also removes its line break;"
                " end it with '+%}' to keep the break"
            )
    return found


def _sample_context(loaded: LoadedDialog, content: Content, store: Store) -> dict[str, Any]:
    """Build the context a dialog's templates get, from a sample user with one interview."""
    zone = ZoneInfo(SAMPLE_ZONE)
    typed = InputContext(now=SAMPLE_TIME, zone=zone)
    answers: dict[str, Any] = {}
    for state in loaded.model.states.values():
        if not state.save_as:
            continue
        if state.input is not None and state.input.validator in VALIDATORS:
            validator = VALIDATORS[state.input.validator]
            answers[state.save_as] = validator.check(validator.sample, typed)
        elif state.choices:
            answers[state.save_as] = state.choices[0].id
    user = store.ensure_user("sample", SAMPLE_TIME)
    store.set_timezone(user.id, SAMPLE_ZONE, SAMPLE_TIME)
    user = store.get_user(user.id) or user
    if not store.interviews(user.id):
        new = store.add_interview(user.id, "<b>Acme & Co</b>", "Analyst", "second", SAMPLE_TIME)
        store.set_schedule(user.id, new, SAMPLE_TIME + timedelta(days=4), 60)
    interview = store.interviews(user.id)[0]
    base = {
        "user": user,
        "answers": answers,
        "interview": interview,
        "interviews": [interview],
        "now": SAMPLE_TIME,
    }
    coach = build_coach(store, FrozenClock(SAMPLE_TIME), replace(content, problems=[]))
    return base | coach.screens.feature_context(coach.parts.services.turn(user, answers), interview)


def _texts(loaded: LoadedDialog) -> Iterator[tuple[str | None, tuple[str | int, ...], str]]:
    model = loaded.model
    for i, band in enumerate(model.bands):
        yield None, ("bands", i, "summary"), band.summary
    for name, state in model.states.items():
        yield name, ("states", name, "question"), state.question
        for i, choice in enumerate(state.choices):
            if choice.note:
                yield name, ("states", name, "choices", i, "note"), choice.note


def _dialog_templates(loaded: LoadedDialog, content: Content) -> list[DialogProblem]:
    """Check that every text a dialog names exists and renders with the dialog's context."""
    store = Store.open(":memory:")
    try:
        return _render_texts(loaded, content.renderer, _sample_context(loaded, content, store))
    finally:
        store.close()


def _render_texts(
    loaded: LoadedDialog, renderer: Renderer, context: dict[str, Any]
) -> list[DialogProblem]:
    found = []
    for state, path, text in _texts(loaded):
        qualified = loaded.model.qualified(state) if state else None
        line = loaded.line_of(*path)
        if is_template_name(text) and not renderer.exists(text):
            found.append(DialogProblem(loaded.file, line, qualified, f"missing template '{text}'"))
            continue
        try:
            renderer.text(text, **context)
        except Exception as exc:  # a template may fail in any way; report them all
            found.append(
                DialogProblem(
                    loaded.file,
                    line,
                    qualified,
                    f"template '{text[:60]}' fails to render with the dialog's context: "
                    f"{type(exc).__name__ + ': ' if not isinstance(exc, TemplateError) else ''}"
                    f"{exc}",
                )
            )
    return found


INVITATION_SAMPLE = """Hi Sam,
Thanks for your time last week. We'd like to invite you to a second interview at Acme & Co
for the Senior Analyst role on Thursday 10 December at 14:00 (60 minutes).
You'll meet Dana Kim (Head of Data) and Luis Ortega.
Best, Priya"""
"""What a pasted invitation looks like, to open the dialogs the coach starts on its own."""


def _walk(content: Content, dialog: str, pick: int, seeded: bool) -> str | None:
    """Run a dialog end to end through the coach, taking choice `pick` (first or last).

    At a state seen before, a choice not yet taken there is preferred, so loops (a plan that
    returns to itself) are explored and then left. `seeded` gives the user an interview first.
    A failure names the dialog's file and the state the user was at when it happened.
    """
    loaded: LoadedDialog = content.dialogs[dialog]
    how = (
        f"walking the dialog taking the {'first' if pick == 0 else 'last'} choice"
        f"{' with an interview on file' if seeded else ''}"
    )
    store = Store.open(":memory:")
    taken: dict[str, set[str]] = {}
    try:
        coach = build_coach(store, FrozenClock(SAMPLE_TIME), replace(content, problems=[]))
        user = "check"
        if seeded:
            store.ensure_user(user, SAMPLE_TIME)
            new = store.add_interview(user, "<b>Acme & Co</b>", "Analyst", "second", SAMPLE_TIME)
            store.set_schedule(user, new, SAMPLE_TIME + timedelta(days=4), 60)

        def failed(message: str) -> str:
            state = _current_state(store, user, dialog)
            qualified = loaded.model.qualified(state) if state else None
            line = loaded.line_of("states", state) if state else None
            return str(DialogProblem(loaded.file, line, qualified, f"{how}: {message}"))

        opening = INVITATION_SAMPLE if dialog in STARTED_BY_COACH else "/" + dialog
        replies = _safe(coach.handle, Event.message(user, opening))
        for _ in range(WALK_LIMIT):
            if isinstance(replies, str):
                return failed(replies)
            prompt = replies[-1]
            if prompt.token is None or not prompt.token.startswith(dialog + ":"):
                return None
            state_name = prompt.token.split(":", 1)[1]
            state = coach.engine.dialog(dialog).states[state_name]
            if state.input is not None:
                event = Event.message(user, VALIDATORS[state.input.validator].sample)
            else:
                options = [c for c in prompt.choices if c.id not in (BACK, CANCEL)]
                done = taken.setdefault(state_name, set())
                fresh = [c for c in options if c.id not in done] or options
                choice = fresh[pick]
                done.add(choice.id)
                event = Event.press(user, choice.id, prompt.token)
            replies = _safe(coach.handle, event)
        return failed(f"did not finish within {WALK_LIMIT} answers")
    finally:
        store.close()


def _current_state(store: Store, user: str, dialog: str) -> str | None:
    """Return the state of `dialog` the user is at (saved before its question is shown)."""
    data = store.load_dialog_state(user)
    if data is None:
        return None
    try:
        session = Session.from_json(data)
    except ValueError:
        return None
    return session.state if session.dialog == dialog else None


def _safe(handle: Any, event: Event) -> list[Reply] | str:
    try:
        result: list[Reply] = handle(event)
    except Exception as exc:  # the check reports whatever breaks
        return f"{type(exc).__name__}: {exc}"
    return result
