"""The coach: takes an Event, answers it with Replies. Knows no transport.

Each kind of event goes to the part that handles it: buttons (bot/coach/buttons.py), typed
text (free_text.py), dialog steps and commands (runner.py); screens.py renders what the user
sees. Every feature's code lives in bot/features/.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.clock import Clock
from bot.coach.buttons import Buttons
from bot.coach.free_text import FreeText
from bot.coach.parts import Parts
from bot.coach.runner import Runner
from bot.coach.screens import Screens
from bot.content.commands import CommandModel
from bot.content.templates import Renderer
from bot.domain.events import Event, Reply
from bot.domain.problems import Refusal
from bot.domain.records import (
    EDIT_NOTED_KEY,
    NAME_CHOSEN_KEY,
    NAME_KEY,
    UNSEEN_KEY,
    ZONE_GUESS_KEY,
    User,
)
from bot.flow.engine import Engine, Session
from bot.parsing import zone_at
from bot.parsing.languages import zone_for_language
from bot.parsing.people import clean_name

ZONE_VALIDATORS = frozenset({"zone", "exact_zone"})
"""The questions a shared location answers."""


class Coach:
    """One coach serves every user; all it remembers lives in the store."""

    def __init__(self, parts: Parts) -> None:
        self.parts = parts
        self.screens = Screens(parts)
        self.runner = Runner(parts, self.screens)
        self.buttons = Buttons(parts, self.screens, self.runner)
        self.free_text = FreeText(parts, self.screens, self.runner)

    @property
    def renderer(self) -> Renderer:
        """Return the template renderer (the adapters' own notes use it)."""
        return self.parts.renderer

    @property
    def clock(self) -> Clock:
        """Return the coach's clock."""
        return self.parts.clock

    @property
    def commands(self) -> Mapping[str, CommandModel]:
        """Return the command list (Telegram publishes it as the bot's menu)."""
        return self.parts.commands

    @property
    def engine(self) -> Engine:
        """Return the dialog engine."""
        return self.parts.engine

    def handle(self, event: Event) -> list[Reply]:
        """Answer one event from one user."""
        parts, screens = self.parts, self.screens
        user = parts.store.ensure_user(event.user_id, parts.clock.now())
        if event.language and not user.zone_known:
            user = self._keep_zone_guess(user, event.language)
        if event.first_name and not user.preferences.get(NAME_CHOSEN_KEY):
            user = self._keep_name(user, event.first_name)
        session, lost = self.runner.load_session(user)
        if lost:
            return [screens.say("core/state_gone.j2"), screens.menu(user)]
        unseen = user.preferences.get(UNSEEN_KEY)
        if unseen is not None and not event.edited:
            parts.store.set_preference(user.id, UNSEEN_KEY, None, parts.clock.now())
            if (
                session is not None
                and session.qualified_state == unseen
                and event.text
                and not self.free_text.is_command(event.text)
            ):
                return self.free_text.unseen(user, session, event.text)
        if event.opened:
            history = session is None and bool(parts.store.interviews(user.id, open_only=False))
            return screens.opened(user, session, history)
        if event.edited:
            # Said once: after that the user knows, and every further edit would be noise.
            if user.preferences.get(EDIT_NOTED_KEY):
                return []
            parts.store.set_preference(user.id, EDIT_NOTED_KEY, True, parts.clock.now())
            return [screens.say("core/edited.j2")]
        if event.media is not None:
            head = screens.say("core/unsupported_input.j2", kind=event.media)
            return [head, screens.where_they_were(user, session)]
        if event.location is not None:
            return self._on_location(user, session, *event.location)
        if event.choice is not None:
            return self.buttons.press(user, session, event.choice, event.token)
        return self.free_text.read(user, session, event.text or "")

    def open_question(self, user_id: str) -> str | None:
        """Return the user's open question (its qualified state), or None: what they see now."""
        saved = self.parts.store.load_dialog_state(user_id)
        return str(saved["state"]) if saved and "state" in saved else None

    def undelivered(self, user_id: str, seen: str | None) -> None:
        """Note that the replies to the user's last event never reached them (the transport
        failed to send them). `seen` is the question open before that event: if another one
        is open now, the user never saw it, and their next typed message is not filed under
        it (it is quoted back with the question instead)."""
        now = self.parts.clock.now()
        asked = self.open_question(user_id)
        if asked is not None and asked != seen and self.parts.store.get_user(user_id):
            self.parts.store.set_preference(user_id, UNSEEN_KEY, asked, now)

    def _keep_zone_guess(self, user: User, language: str) -> User:
        """Keep the timezone the app's language suggests, to offer when the zone is asked."""
        guess = zone_for_language(language)
        if guess is None or user.preferences.get(ZONE_GUESS_KEY) == guess:
            return user
        self.parts.store.set_preference(user.id, ZONE_GUESS_KEY, guess, self.parts.clock.now())
        return self.parts.store.get_user(user.id) or user

    def _keep_name(self, user: User, first_name: str) -> User:
        """Keep the first name the transport gives, to sign the user's notes with (a name the
        user typed themselves is never replaced: the caller checks)."""
        name = clean_name(first_name)
        if name is None or user.name == name:
            return user
        self.parts.store.set_preference(user.id, NAME_KEY, name, self.parts.clock.now())
        return self.parts.store.get_user(user.id) or user

    def _on_location(
        self, user: User, session: Session | None, latitude: float, longitude: float
    ) -> list[Reply]:
        screens = self.screens
        state = self.parts.engine.state_of(session) if session else None
        if (
            session is None
            or state is None
            or state.input is None
            or (state.input.validator not in ZONE_VALIDATORS)
        ):
            return [screens.say("core/location_unused.j2"), screens.where_they_were(user, session)]
        found = zone_at(latitude, longitude)
        if isinstance(found, Refusal):
            return screens.refuse(user, session, found)
        return self.runner.answer(user, session, text=found.name)
