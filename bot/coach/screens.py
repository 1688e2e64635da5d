"""What the user sees between answers: the open question, the menu, refusals, stale buttons."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from markupsafe import Markup

from bot.coach.parking import Parking
from bot.coach.parts import Parts
from bot.domain.events import Choice, Reply
from bot.domain.problems import Refusal
from bot.domain.records import Interview, User
from bot.features.common import InterviewDraft, chosen_interview
from bot.flow.engine import Session
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN, Turn

BACK, CANCEL = "nav:back", "nav:cancel"
MAX_SHOWN_RECORDS = 20
"""Records shown as buttons under one question; older ones are picked by typing their name."""


class Screens:
    """Renders the coach's screens from the dialogs, the templates and the features' context."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.parking = Parking(parts)

    def say(self, template: str, /, **context: Any) -> Reply:
        """Return a reply rendered from one template."""
        return Reply(self.parts.renderer.render(template, **context))

    def title(self, session: Session) -> str:
        """Return the title of the session's dialog."""
        return self.parts.engine.dialog(session.dialog).title

    def context(self, user: User, session: Session) -> dict[str, Any]:
        """Return what a dialog's templates may use: the answers and every feature's context."""
        parts = self.parts
        interview = chosen_interview(parts.store, user.id, session.answers)
        turn = parts.services.turn(user, session.answers)
        found: dict[str, Any] = {
            "user": user,
            "answers": session.answers,
            "interview": interview or InterviewDraft.from_answers(session.answers),
            "interviews": parts.store.interviews(user.id),
            "now": turn.now,
        }
        return found | self.feature_context(turn, interview)

    def feature_context(self, turn: Turn, interview: Interview | None) -> dict[str, Any]:
        """Return what the features add to every dialog template's context."""
        found: dict[str, Any] = {}
        for source in self.parts.registry.contexts:
            found |= source(turn, interview)
        return found

    def choices(self, user: User, session: Session, *, every: bool = False) -> list[Choice]:
        """Return the buttons of the open question, with Back (once answered) and Cancel.

        Records offered as choices (interviews, stories) are shown MAX_SHOWN_RECORDS at most,
        newest first; `every` returns them all, for reading a typed name or a pressed id.
        """
        label = self.parts.renderer.label
        engine = self.parts.engine
        options = engine.options(session, user.id)
        records = len(options) - len(engine.state_of(session).choices)
        if not every and records > MAX_SHOWN_RECORDS:
            options = options[:MAX_SHOWN_RECORDS] + options[records:]
        found = [Choice(o.id, o.label, o.means) for o in options]
        if any(not auto for _, auto in session.history):
            found.append(Choice(BACK, label("back")))
        found.append(Choice(CANCEL, label("cancel")))
        return found

    def prompt(self, user: User, session: Session) -> Reply:
        """Return the open question with its buttons."""
        state = self.parts.engine.state_of(session)
        text = self.parts.renderer.text(state.question, **self.context(user, session))
        return Reply(text, tuple(self.choices(user, session)), token=session.qualified_state)

    def menu_choices(self) -> list[Choice]:
        """Return the main menu's buttons."""
        return [
            Choice(COMMAND_PREFIX + name, c.menu)
            for name, c in self.parts.commands.items()
            if c.menu is not None
        ]

    def menu(self, user: User) -> Reply:
        """Return the main menu (led by "Back to …" when a question waits)."""
        resume = self.parking.resume_choice(user)
        return Reply(
            self.parts.renderer.render("core/menu.j2", user=user),
            tuple([resume] if resume else []) + tuple(self.menu_choices()),
            token=MENU_TOKEN,
        )

    def where_they_were(self, user: User, session: Session | None) -> Reply:
        """Return the open question, or the menu when none is open."""
        return self.prompt(user, session) if session else self.menu(user)

    def opened(self, user: User, session: Session | None, has_history: bool) -> list[Reply]:
        """Return what someone opening the chat sees: their open question, or the menu."""
        if session is not None:
            return [
                self.say("core/resume.j2", dialog=self.title(session)),
                self.prompt(user, session),
            ]
        if not has_history:
            return [self.say("core/welcome.j2"), self.menu(user)]
        return [self.menu(user)]

    def refuse(
        self, user: User, session: Session, reason: Refusal, given: str | None = None
    ) -> list[Reply]:
        """Say why an answer was refused (quoting what was typed, when given), and ask again."""
        why = self.parts.renderer.render(f"errors/{reason.key}.j2", **reason.params)
        if given is not None:
            # The reason is rendered HTML already: kept as it is, only the quote is escaped.
            why = self.parts.renderer.render("core/quoted.j2", given=given, why=Markup(why))
        return [Reply(why), self.prompt(user, session)]

    def stale(self, user: User, session: Session | None) -> list[Reply]:
        """Say a button is out of date, and show where the user is now."""
        current = self.title(session) if session else None
        note = replace(self.say("core/stale_button.j2", current=current), stale=True)
        return [note, self.where_they_were(user, session)]

    def for_turn(self, user: User, session: Session | None) -> TurnScreens:
        """Return these screens bound to one user's turn, as command hooks use them."""
        return TurnScreens(self, user, session)


class TurnScreens:
    """The screens of one turn (bot.flow.hooks.Screens), handed to command hooks."""

    def __init__(self, screens: Screens, user: User, session: Session | None) -> None:
        self.screens, self.user, self.session = screens, user, session

    def menu(self) -> Reply:
        """Return the main menu."""
        return self.screens.menu(self.user)

    def where_they_were(self) -> Reply:
        """Return the open question, or the menu when none is open."""
        return self.screens.where_they_were(self.user, self.session)

    def resume(self) -> list[Reply]:
        """Return what someone coming back sees: their open question, or the menu."""
        return self.screens.opened(self.user, self.session, has_history=True)
