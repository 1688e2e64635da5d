"""Typed text: a /command, a button's label, an answer, or a question the router places."""

from __future__ import annotations

from dataclasses import dataclass

from bot.coach.parts import Parts
from bot.coach.runner import Runner
from bot.coach.screens import BACK, Screens
from bot.content.routes import Route
from bot.domain.events import Choice, Reply
from bot.domain.records import User
from bot.flow.engine import Session
from bot.flow.hooks import COMMAND_PREFIX
from bot.flow.validators import Invalid

MATCH_LIMIT = 80
"""Longer text is never taken for a button's label."""


@dataclass(frozen=True)
class Parsed:
    """A typed command: its name and what follows it."""

    command: str
    args: str


def parse_command(text: str) -> Parsed | None:
    """Split "/name@bot args" into name and args; None when text is not a command."""
    stripped = text.strip()
    if not stripped.startswith("/") or len(stripped) < 2:
        return None
    head, _, args = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].casefold()
    return Parsed(name, args.strip())


def match(text: str, choices: list[Choice]) -> str | None:
    """Return the choice whose label (or id) the text names, ignoring case and spaces."""
    wanted = " ".join(text.split()).casefold()
    if not wanted or len(wanted) > MATCH_LIMIT:
        return None
    for choice in choices:
        if wanted in (choice.label.casefold(), choice.id.casefold()):
            return choice.id
    return None


class FreeText:
    """Answers typed text."""

    def __init__(self, parts: Parts, screens: Screens, runner: Runner) -> None:
        self.parts, self.screens, self.runner = parts, screens, runner

    def read(self, user: User, session: Session | None, text: str) -> list[Reply]:
        """Answer one typed message."""
        screens, runner = self.screens, self.runner
        parsed = parse_command(text)
        if parsed is not None:
            return runner.run_command(user, session, parsed.command, parsed.args)
        if session is None:
            picked = match(text, screens.menu_choices())
            if picked is not None:
                return runner.run_command(user, None, picked.removeprefix(COMMAND_PREFIX), "")
            if not text.strip():
                return [screens.menu(user)]
            return self.route(user, text)
        if not text.strip():
            return screens.refuse(user, session, Invalid("empty"))
        # "back" typed at the first question means Back, even though no Back button is shown.
        choices = screens.choices(user, session)
        if all(c.id != BACK for c in choices):
            choices.append(Choice(BACK, self.parts.renderer.label("back")))
        picked = match(text, choices)
        if picked is not None:
            return runner.answer(user, session, choice=picked)
        if self.parts.engine.state_of(session).input is None:
            # Not one of the choices: if it is a question of its own, say where it's answered.
            route = self.route_of(text)
            if route is not None and route.command in self.parts.commands:
                hint = screens.say("core/route_hint.j2", command=route.command)
                return [hint, screens.prompt(user, session)]
        return runner.answer(user, session, text=text)

    def route_of(self, text: str) -> Route | None:
        """Return where free text leads, or None when the router is not sure enough."""
        if self.parts.router is None or self.parts.routes is None:
            return None
        return self.parts.routes.get(self.parts.router.route(text).intent)

    def route(self, user: User, text: str) -> list[Reply]:
        """Answer free text that answers no question: run what it asks for, or offer the menu."""
        screens = self.screens
        route = self.route_of(text)
        if route is None:
            return [screens.say("core/not_understood.j2"), screens.menu(user)]
        command = self.parts.commands[route.command]
        lead = screens.say("core/routed.j2", command=route.command, description=command.description)
        if command.dialog:
            return [lead, *self.runner.begin(user, command.dialog, "", route.answers)]
        return [lead, *self.runner.run_command(user, None, route.command, "")]
