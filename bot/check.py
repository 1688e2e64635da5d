"""`interview-coach check`: validate every dialog and template before anything runs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError

from bot.app import build_coach, load_content
from bot.clock import FrozenClock
from bot.core.coach import BACK, CANCEL
from bot.core.events import Event, Reply
from bot.flow.engine import Session
from bot.flow.loader import DialogProblem, LoadedDialog
from bot.flow.validators import VALIDATORS
from bot.render import Renderer, is_template_name
from bot.store import Interview, Store, User

SAMPLE_TIME = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ERROR_TEMPLATES = (
    "empty",
    "too_long",
    "no_words",
    "unknown_timezone",
    "unknown_place",
    "pick_one",
    "type_answer",
)
REQUIRED_LABELS = (
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
    started = {c.dialog for c in content.commands.values()}
    for name, loaded in content.dialogs.items():
        problems += [str(p) for p in _dialog_templates(loaded, renderer)]
        if content.commands and name not in started:
            # Only a command starts a dialog: without one it can never run (nor be walked).
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
        for pick in (0, -1):
            failure = _walk(content, name, pick)
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


def _sample_context(loaded: LoadedDialog) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for state in loaded.model.states.values():
        if not state.save_as:
            continue
        if state.input is not None and state.input.validator in VALIDATORS:
            answers[state.save_as] = VALIDATORS[state.input.validator].sample
        elif state.choices:
            answers[state.save_as] = state.choices[0].id
    user = User("sample", "Europe/Berlin", {}, True, SAMPLE_TIME)
    interview = Interview(1, "sample", "<b>Acme & Co</b>", "Analyst", "second", "open", SAMPLE_TIME)
    return {"user": user, "answers": answers, "interview": interview, "interviews": [interview]}


def _texts(loaded: LoadedDialog) -> Iterator[tuple[str | None, tuple[str | int, ...], str]]:
    model = loaded.model
    for i, band in enumerate(model.bands):
        yield None, ("bands", i, "summary"), band.summary
    for name, state in model.states.items():
        yield name, ("states", name, "question"), state.question
        for i, choice in enumerate(state.choices):
            if choice.note:
                yield name, ("states", name, "choices", i, "note"), choice.note


def _dialog_templates(loaded: LoadedDialog, renderer: Renderer) -> list[DialogProblem]:
    """Check that every text a dialog names exists and renders with the dialog's context."""
    found = []
    context = _sample_context(loaded)
    for state, path, text in _texts(loaded):
        qualified = loaded.model.qualified(state) if state else None
        line = loaded.line_of(*path)
        if is_template_name(text) and not renderer.exists(text):
            found.append(DialogProblem(loaded.file, line, qualified, f"missing template '{text}'"))
            continue
        try:
            renderer.text(text, **context)
        except TemplateError as exc:
            found.append(
                DialogProblem(
                    loaded.file,
                    line,
                    qualified,
                    f"template '{text[:60]}' fails to render with the dialog's context: {exc}",
                )
            )
    return found


def _walk(content: Any, dialog: str, pick: int) -> str | None:
    """Run a dialog end to end through the coach, always taking choice `pick`.

    A failure names the dialog's file and the state the user was at when it happened.
    """
    loaded: LoadedDialog = content.dialogs[dialog]
    how = f"walking the dialog taking the {'first' if pick == 0 else 'last'} choice"
    store = Store.open(":memory:")
    try:
        coach = build_coach(store, FrozenClock(SAMPLE_TIME), replace(content, problems=[]))
        user = "check"

        def failed(message: str) -> str:
            state = _current_state(store, user, dialog)
            qualified = loaded.model.qualified(state) if state else None
            line = loaded.line_of("states", state) if state else None
            return str(DialogProblem(loaded.file, line, qualified, f"{how}: {message}"))

        replies = _safe(coach.handle, Event.message(user, "/" + dialog))
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
                event = Event.press(user, options[pick].id, prompt.token)
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
