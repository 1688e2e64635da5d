"""The coach: takes an Event, moves the user's dialog, returns Replies. Knows no transport."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.clock import Clock
from bot.content.commands import CommandModel
from bot.content.prep_plan import PrepPlan
from bot.content.routes import Route
from bot.content.templates import Renderer
from bot.domain.events import Attachment, Choice, Event, Reply, token_matches
from bot.domain.problems import Refusal
from bot.domain.records import User
from bot.domain.reminders import ReminderRow
from bot.finishers import Action, FinishCall, Finisher, ReminderListener
from bot.finishers.base import InterviewDraft, chosen_interview
from bot.flow.engine import Engine, Finished, Moved, Refused, Session
from bot.flow.validators import InputContext, Invalid
from bot.parsing import zone_at
from bot.reminders.buttons import press as press_reminder
from bot.reminders.compose import BUTTON_PREFIX as REMINDER_BUTTON
from bot.reminders.compose import TOKEN as REMINDER_TOKEN
from bot.reminders.compose import kind_labels
from bot.router import Router
from bot.rules.ics import interview_calendar
from bot.store import Store

logger = logging.getLogger(__name__)

COMMAND_PREFIX = "cmd:"
BACK, CANCEL = "nav:back", "nav:cancel"
MENU_TOKEN = "menu"
CALENDAR_FILE = "interview-coach.ics"
EXPORT_FILE = "interview-coach-data.json"
# Longest command name echoed back in an "unknown command" reply.
ECHO_LIMIT = 32


@dataclass(frozen=True)
class _Parsed:
    command: str
    args: str


def parse_command(text: str) -> _Parsed | None:
    """Split "/name@bot args" into name and args; None when text is not a command."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].casefold()
    return _Parsed(name, args.strip())


ContextViews = Callable[[User, Mapping[str, Any], object], dict[str, Any]]
"""Extra, lazily computed things dialog templates may read (the prep plan, reminders)."""


def _ignore(rows: Sequence[ReminderRow]) -> None:
    """Default reminder listener: the sweep will find them."""


class Coach:
    """One coach serves every user; all it remembers lives in the store."""

    def __init__(
        self,
        store: Store,
        engine: Engine,
        renderer: Renderer,
        commands: Mapping[str, CommandModel],
        finishers: Mapping[str, Finisher],
        clock: Clock,
        actions: Mapping[str, Action] | None = None,
        views: ContextViews | None = None,
        plan: PrepPlan | None = None,
        router: Router | None = None,
        routes: Mapping[str, Route] | None = None,
    ) -> None:
        self.store = store
        self.engine = engine
        self.renderer = renderer
        self.commands = commands
        self.finishers = finishers
        self.clock = clock
        self.actions = actions or {}
        self.views = views
        self.plan = plan
        self.router = router
        self.routes = routes or {}
        self.reminders_changed: ReminderListener = _ignore
        """Told about reminders a dialog created or moved, so one due soon is armed at once."""

    # entry point

    def handle(self, event: Event) -> list[Reply]:
        """Answer one event from one user."""
        user = self.store.ensure_user(event.user_id, self.clock.now())
        session, lost = self._load_session(user)
        if lost:
            return [self._say("core/state_gone.j2"), self._menu(user)]
        if event.opened:
            return self._on_open(user, session)
        if event.edited:
            return [self._say("core/edited.j2")]
        if event.media is not None:
            head = self._say("core/unsupported_input.j2", kind=event.media)
            return [head, self._prompt(user, session) if session else self._menu(user)]
        if event.location is not None:
            return self._on_location(user, session, *event.location)
        if event.choice is not None:
            return self._on_press(user, session, event.choice, event.token)
        return self._on_text(user, session, event.text or "")

    # kinds of event

    def _on_open(self, user: User, session: Session | None) -> list[Reply]:
        if session is not None:
            return [
                self._say("core/resume.j2", dialog=self._title(session)),
                self._prompt(user, session),
            ]
        if not self._has_history(user):
            return [self._say("core/welcome.j2"), self._menu(user)]
        return [self._menu(user)]

    def _on_press(
        self, user: User, session: Session | None, choice: str, token: str | None
    ) -> list[Reply]:
        if choice.startswith(REMINDER_BUTTON):
            with self.store.atomic():
                reply = press_reminder(
                    self.store,
                    self.renderer,
                    user,
                    choice,
                    self.clock.now(),
                    self.reminders_changed,
                )
            return [reply, self._prompt(user, session) if session else self._menu(user)]
        if choice.startswith(COMMAND_PREFIX):
            # Command buttons live on menus and results (token "menu") and under reminders
            # ("Open the prep plan", "Debrief now"); one claiming any other question than the
            # current one is forged or stale, like any other button.
            if (
                token is not None
                and not token_matches(token, MENU_TOKEN)
                and not token_matches(token, REMINDER_TOKEN)
                and (session is None or not token_matches(token, session.qualified_state))
            ):
                return self._stale(user, session)
            name, _, args = choice.removeprefix(COMMAND_PREFIX).partition(" ")
            return self._run_command(user, session, name, args)
        if session is None or (
            token is not None and not token_matches(token, session.qualified_state)
        ):
            return self._stale(user, session)
        known = {c.id for c in self._choices(user, session)}
        if choice not in known:
            # Forged, from an older version of the bot, or naming someone else's record.
            return self._stale(user, session)
        return self._answer(user, session, choice=choice)

    def _on_location(
        self, user: User, session: Session | None, latitude: float, longitude: float
    ) -> list[Reply]:
        state = self.engine.state_of(session) if session else None
        if (
            session is None
            or state is None
            or state.input is None
            or (state.input.validator != "zone")
        ):
            head = self._say("core/location_unused.j2")
            return [head, self._prompt(user, session) if session else self._menu(user)]
        found = zone_at(latitude, longitude)
        if isinstance(found, Refusal):
            return self._refuse(user, session, found)
        zone = found.name
        return self._answer(user, session, text=zone)

    def _on_text(self, user: User, session: Session | None, text: str) -> list[Reply]:
        parsed = parse_command(text)
        if parsed is not None:
            return self._run_command(user, session, parsed.command, parsed.args)
        if session is None:
            picked = self._match(text, self._menu_choices())
            if picked is not None:
                return self._run_command(user, None, picked.removeprefix(COMMAND_PREFIX), "")
            if not text.strip():
                return [self._menu(user)]
            return self._route(user, text)
        if not text.strip():
            return self._refuse(user, session, Invalid("empty"))
        # "back" typed at the first question means Back, even though no Back button is shown.
        choices = self._choices(user, session)
        if all(c.id != BACK for c in choices):
            choices.append(Choice(BACK, self.renderer.label("back")))
        picked = self._match(text, choices)
        if picked is not None:
            return self._answer(user, session, choice=picked)
        if self.engine.state_of(session).input is None:
            # Not one of the choices: if it is a question of its own, say where it's answered.
            route = self._route_of(text)
            if route is not None and route.command in self.commands:
                hint = self._say("core/route_hint.j2", command=route.command)
                return [hint, self._prompt(user, session)]
        return self._answer(user, session, text=text)

    def _route_of(self, text: str) -> Route | None:
        """Return where free text leads, or None when the router is not sure enough."""
        if self.router is None:
            return None
        return self.routes.get(self.router.route(text).intent)

    def _route(self, user: User, text: str) -> list[Reply]:
        """Answer free text that answers no question: run what it asks for, or offer the menu."""
        route = self._route_of(text)
        if route is None:
            return [self._say("core/not_understood.j2"), self._menu(user)]
        command = self.commands[route.command]
        lead = self._say("core/routed.j2", command=route.command, description=command.description)
        if command.dialog:
            return [lead, *self._begin(user, command.dialog, "", route.answers)]
        return [lead, *self._run_command(user, None, route.command, "")]

    # commands

    def _run_command(
        self, user: User, session: Session | None, name: str, args: str
    ) -> list[Reply]:
        command = self.commands.get(name)
        if command is None:
            shown = name[:ECHO_LIMIT] + ("…" if len(name) > ECHO_LIMIT else "")
            head = self._say("core/unknown_command.j2", name=shown, commands=self.commands)
            return [head, self._prompt(user, session) if session else self._menu(user)]
        if command.planned:
            head = self._say("core/not_built.j2", name=name, command=command)
            return [head, self._prompt(user, session) if session else self._menu(user)]
        if command.dialog:
            return self._begin(user, command.dialog, args)
        if command.action == "cancel":
            self.store.clear_dialog_state(user.id)
            key = "core/cancelled.j2" if session else "core/nothing_to_cancel.j2"
            return [self._say(key), self._menu(user)]
        if command.action == "export":
            head = self._export(user)
            return [head, self._prompt(user, session) if session else self._menu(user)]
        if command.action == "calendar":
            head = self._calendar(user)
            return [head, self._prompt(user, session) if session else self._menu(user)]
        if command.action == "help":
            help_reply = self._say("core/help.j2", commands=self.commands)
            return [help_reply, self._prompt(user, session) if session else self._menu(user)]
        # /start: greet; in the middle of a dialog, pick it up rather than throw answers away.
        if session is not None:
            return self._on_open(user, session)
        return [self._say("core/welcome.j2"), self._menu(user)]

    # dialogs

    def _begin(
        self, user: User, dialog: str, args: str, answers: Mapping[str, Any] | None = None
    ) -> list[Reply]:
        step: Moved | Finished | Refused = self.engine.begin(dialog, user.id, answers)
        if args and isinstance(step, Moved):
            # An argument answers the first question when it names one of its choices
            # ("/signals i12" from a "Take the check again" button); otherwise it is ignored.
            chosen = self.engine.choose(step.session, user.id, args)
            if not isinstance(chosen, Refused):
                chosen = replace(chosen, answered=step.answered + chosen.answered)
                step = chosen
        return self._take(user, step)

    def _answer(
        self, user: User, session: Session, *, choice: str | None = None, text: str | None = None
    ) -> list[Reply]:
        if choice == CANCEL:
            return self._run_command(user, session, "cancel", "")
        if choice == BACK:
            previous = self.engine.back(session)
            if previous is None:
                return [self._say("core/at_first_question.j2"), self._prompt(user, session)]
            self._save(user, previous)
            return [self._prompt(user, previous)]
        if choice is not None:
            step = self.engine.choose(session, user.id, choice)
        else:
            step = self.engine.type_text(session, user.id, text or "", self._input_context(user))
        if isinstance(step, Refused):
            return self._refuse(user, session, step.reason)
        return self._take(user, step)

    def _take(self, user: User, step: Moved | Finished | Refused) -> list[Reply]:
        """Write what an answer did (actions, the new state or the result) in one transaction."""
        assert not isinstance(step, Refused)
        dialog = self.engine.dialog(step.session.dialog)
        call = FinishCall(
            user=user,
            dialog=dialog,
            answers=dict(step.session.answers),
            store=self.store,
            renderer=self.renderer,
            now=self.clock.now(),
            reminders_changed=self.reminders_changed,
            dialogs={name: loaded.model for name, loaded in self.engine.dialogs.items()},
            plan=self.plan,
        )
        replies: list[Reply] = []
        with self.store.atomic():
            for answered in step.answered:
                action = dialog.states[answered.state].on_answer
                if action is not None:
                    replies += self.actions[action](call, answered.value)
            if isinstance(step, Finished):
                replies += self.finishers[dialog.finish](call)
                self.store.clear_dialog_state(user.id)
            else:
                self._save(user, step.session)
        if isinstance(step, Moved):
            replies.append(self._prompt(user, step.session))
        return replies

    def _input_context(self, user: User) -> InputContext:
        return InputContext(now=self.clock.now(), zone=user.zone)

    def _refuse(self, user: User, session: Session, reason: Invalid) -> list[Reply]:
        return [self._say(f"errors/{reason.key}.j2", **reason.params), self._prompt(user, session)]

    def _stale(self, user: User, session: Session | None) -> list[Reply]:
        current = self._title(session) if session else None
        note = replace(self._say("core/stale_button.j2", current=current), stale=True)
        return [note, self._prompt(user, session) if session else self._menu(user)]

    def _export(self, user: User) -> Reply:
        data = self.store.export_user(user.id)
        rows = sum(len(found) for found in data.values())
        text = self.renderer.render("privacy/export.j2", rows=rows, tables=len(data))
        payload = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()
        return Reply(text, file=Attachment(EXPORT_FILE, payload, "application/json"))

    def _calendar(self, user: User) -> Reply:
        interviews = [i for i in self.store.interviews(user.id) if i.starts_at is not None]
        if not interviews:
            return self._say("core/calendar_empty.j2")
        data = interview_calendar(
            [(i, self.store.interview_reminders(user.id, i.id)) for i in interviews],
            user.zone,
            self.clock.now(),
            kind_labels(self.renderer),
        )
        text = self.renderer.render("core/calendar.j2", count=len(interviews), user=user)
        return Reply(text, file=Attachment(CALENDAR_FILE, data, "text/calendar"))

    # state

    def _load_session(self, user: User) -> tuple[Session | None, bool]:
        """Return the saved session; `lost` is True when it no longer fits the dialogs."""
        data = self.store.load_dialog_state(user.id)
        if data is None:
            return None, False
        try:
            session = Session.from_json(data)
        except ValueError:
            session = None
        if session is None or not self.engine.knows(session):
            logger.info("user %s had a dialog state that no longer exists; reset", user.id)
            self.store.clear_dialog_state(user.id)
            return None, True
        return session, False

    def _save(self, user: User, session: Session) -> None:
        self.store.save_dialog_state(user.id, session.to_json(), self.clock.now())

    def _has_history(self, user: User) -> bool:
        return bool(self.store.interviews(user.id, open_only=False))

    # rendering

    def _say(self, template: str, /, **context: Any) -> Reply:
        return Reply(self.renderer.render(template, **context))

    def _title(self, session: Session) -> str:
        return self.engine.dialog(session.dialog).title

    def context(self, user: User, session: Session) -> dict[str, Any]:
        """Return what a dialog's templates may use."""
        interview = chosen_interview(
            self.store, user.id, session.answers
        ) or InterviewDraft.from_answers(session.answers)
        base = {
            "user": user,
            "answers": session.answers,
            "interview": interview,
            "interviews": self.store.interviews(user.id),
            "now": self.clock.now(),
        }
        return base | (self.views(user, session.answers, interview) if self.views else {})

    def _choices(self, user: User, session: Session) -> list[Choice]:
        found = [Choice(o.id, o.label) for o in self.engine.options(session, user.id)]
        if any(not auto for _, auto in session.history):
            found.append(Choice(BACK, self.renderer.label("back")))
        found.append(Choice(CANCEL, self.renderer.label("cancel")))
        return found

    def _prompt(self, user: User, session: Session) -> Reply:
        state = self.engine.state_of(session)
        text = self.renderer.text(state.question, **self.context(user, session))
        return Reply(text, tuple(self._choices(user, session)), token=session.qualified_state)

    def _menu_choices(self) -> list[Choice]:
        return [
            Choice(COMMAND_PREFIX + name, c.menu)
            for name, c in self.commands.items()
            if c.menu is not None
        ]

    def _menu(self, user: User) -> Reply:
        return Reply(
            self.renderer.render("core/menu.j2", user=user),
            tuple(self._menu_choices()),
            token=MENU_TOKEN,
        )

    @staticmethod
    def _match(text: str, choices: list[Choice]) -> str | None:
        """Return the choice whose label (or id) the text names, ignoring case and spaces."""
        wanted = " ".join(text.split()).casefold()
        if not wanted or len(wanted) > 80:
            return None
        for choice in choices:
            if wanted in (choice.label.casefold(), choice.id.casefold()):
                return choice.id
        return None
