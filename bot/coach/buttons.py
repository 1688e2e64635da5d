"""Button presses by namespace: commands ("cmd:"), a parked question ("park:"), the features'
own ("rem:"), answers."""

from __future__ import annotations

from bot.coach.parking import PARK_PREFIX, SHOW, USE_TEXT
from bot.coach.parts import Parts
from bot.coach.runner import Runner
from bot.coach.screens import Screens
from bot.domain.events import Reply, token_matches
from bot.domain.records import User
from bot.flow.engine import Session
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN

MAIN_MENU = f"{COMMAND_PREFIX}start"
"""The "Main menu" button under results: it shows the menu, not the whole welcome again."""


class Buttons:
    """Routes a pressed button to what it belongs to; a forged or stale one is told so."""

    def __init__(self, parts: Parts, screens: Screens, runner: Runner) -> None:
        self.parts, self.screens, self.runner = parts, screens, runner
        # Command buttons sit on menus and results, and under the features' own messages
        # (a reminder's "Open the prep plan"): those tokens never make them stale.
        self.command_tokens = (MENU_TOKEN, *(space.token for space in parts.registry.buttons))

    def press(
        self, user: User, session: Session | None, choice: str, token: str | None
    ) -> list[Reply]:
        """Carry out a pressed button."""
        screens = self.screens
        if choice == SHOW:
            return [screens.prompt(user, session)] if session else screens.stale(user, session)
        if choice.startswith(PARK_PREFIX):
            return self.come_back(user, session, use_text=choice == USE_TEXT)
        for space in self.parts.registry.buttons:
            if choice.startswith(space.prefix):
                turn = self.parts.services.turn(user)
                with self.parts.store.atomic():
                    reply = space.press(turn, choice)
                self.parts.report(turn)
                if reply.notice or (reply.edits and session is None):
                    # A notice stands alone (nothing changed); an edit replaces the pressed
                    # message: either way, nothing else to show.
                    return [reply]
                return [reply, screens.where_they_were(user, session)]
        if choice.startswith(COMMAND_PREFIX):
            # One claiming any other question than the current one is forged or stale.
            if (
                token is not None
                and not any(token_matches(token, known) for known in self.command_tokens)
                and (session is None or not token_matches(token, session.qualified_state))
            ):
                return screens.stale(user, session)
            if choice == MAIN_MENU and session is None:
                return [screens.menu(user)]  # the menu itself; the welcome is for /start
            name, _, args = choice.removeprefix(COMMAND_PREFIX).partition(" ")
            return self.runner.run_command(user, session, name, args)
        if session is None or (
            token is not None and not token_matches(token, session.qualified_state)
        ):
            return screens.stale(user, session)
        known = {c.id for c in screens.choices(user, session, every=True)}
        if choice not in known:
            # Forged, from an older version of the bot, or naming someone else's record.
            return screens.stale(user, session)
        return self.runner.answer(user, session, choice=choice)

    def come_back(self, user: User, session: Session | None, *, use_text: bool) -> list[Reply]:
        """Bring the parked question back (the open one, if any, is parked in its place);
        with `use_text`, answer it with the message kept for it."""
        parking = self.screens.parking
        parked = parking.parked(user)
        if parked is None:
            return self.screens.stale(user, session)
        question, text = parked
        parking.forget(user)
        if session is not None:
            parking.park(user, session)
        self.runner.save(user, question)
        if use_text and text:
            return parking.offer(user, self.runner.answer(user, question, text=text))
        return parking.offer(user, [self.screens.prompt(user, question)])
