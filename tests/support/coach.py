"""Speaking to the coach as a user: the `Driver`, the main menu it shows, a shortcut into the
signal check, and the moment the test clock starts."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.coach.coach import Coach
from bot.domain.events import Event, Reply

START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
"""Monday 23 November 2026, 15:00 UTC: where the `clock` fixture starts."""

MENU = ["Read my signals", "My interviews", "Prep plan", "Reminders", "My timezone"]
"""The labels of the main menu's buttons, in order."""


class Driver:
    """Speaks to the coach as one user and remembers what it said back."""

    def __init__(self, coach: Coach, user_id: str = "test:alice") -> None:
        self.coach = coach
        self.user_id = user_id
        self.replies: list[Reply] = []

    def _take(self, event: Event) -> list[Reply]:
        self.replies = self.coach.handle(event)
        return self.replies

    def open(self) -> list[Reply]:
        """Open the chat."""
        return self._take(Event.open(self.user_id))

    def send(self, text: str) -> list[Reply]:
        """Type a message."""
        return self._take(Event.message(self.user_id, text))

    def click(self, label: str) -> list[Reply]:
        """Press the button with this label on the last reply that had buttons."""
        prompt = self.prompt
        for choice in prompt.choices:
            if choice.label == label:
                return self._take(Event.press(self.user_id, choice.id, prompt.token))
        labels = [c.label for c in prompt.choices]
        raise AssertionError(f"no button {label!r}; buttons are {labels}")

    def press(self, choice: str, token: str | None) -> list[Reply]:
        """Press a button by its id and token: one under a reminder, or a forged or stale one."""
        return self._take(Event.press(self.user_id, choice, token))

    def answer(self, value: str) -> list[Reply]:
        """Press the button labelled `value` if the current question shows one, else type it."""
        if value in self.labels:
            return self.click(value)
        return self.send(value)

    def expect(self, token: str) -> None:
        """Assert that the coach now waits at the question `token` (e.g. `interviews:when`)."""
        assert self.prompt.token == token, f"at {self.prompt.token}, not {token}:\n{self.text}"

    def set_timezone(
        self,
        zone: str,
        quiet: str = "Keep them",
        holidays: str = "Keep these holidays",
        keep: str = "Keep their local times",
    ) -> list[Reply]:
        """Run /timezone: type `zone` (a city, zone name or offset), answer the holidays
        question (`holidays`: a button or a country typed), then quiet hours, and (asked only
        when interviews to come would move) whether they `keep` their local times."""
        self.send("/timezone")
        self.expect("timezone:ask")
        self.answer(zone)
        asked = self.prompt.token
        assert asked in ("timezone:holidays", "timezone:holidays_needed"), self.text
        self.answer(holidays)
        self.expect("timezone:quiet")
        replies = self.answer(quiet)
        if self.prompt.token == "timezone:keep_local":
            replies = self.click(keep)
        return replies

    def add_interview(
        self,
        company: str = "Acme",
        role: str = "Analyst",
        *,
        round_: str = "Second round",
        when: str = "in 5 days at 10:00",
        duration: str = "1 hour",
        format_: str = "Panel or stakeholders",
        interviewers: str = "I don't know yet",
        timeframe: str = "They didn't say",
    ) -> list[Reply]:
        """Add an interview through /interviews, the whole way; return the coach's last turn.

        `duration`, `interviewers` and `timeframe` are pressed when they name a button and
        typed otherwise.
        """
        self.send("/interviews")
        self.expect("interviews:overview")
        self.click("Add an interview")
        self.expect("interviews:company")
        self.send(company)
        self.expect("interviews:role")
        self.send(role)
        self.expect("interviews:round")
        self.click(round_)
        self.keep_utc_if_asked()
        self.expect("interviews:when")
        self.send(when)
        self.expect("interviews:confirm_when")
        self.click("Yes, that's right")
        self.expect("interviews:duration")
        self.answer(duration)
        self.expect("interviews:format")
        self.click(format_)
        self.expect("interviews:interviewers")
        self.answer(interviewers)
        self.expect("interviews:timeframe")
        replies = self.answer(timeframe)
        assert self.prompt.token == "menu", self.text
        return replies

    def keep_utc_if_asked(self) -> None:
        """Answer the timezone asked before the first date with "Keep UTC" (a test user who
        never set one); nothing when the coach knows the user's timezone."""
        if self.prompt.token == "interviews:zone_ask":
            self.click("Keep UTC")

    @property
    def prompt(self) -> Reply:
        """The last reply with buttons or the last reply."""
        with_buttons = [r for r in self.replies if r.choices]
        return with_buttons[-1] if with_buttons else self.replies[-1]

    @property
    def text(self) -> str:
        """Everything the coach said in its last turn."""
        return "\n".join(r.text for r in self.replies)

    @property
    def labels(self) -> list[str]:
        """The labels of the current buttons."""
        return [c.label for c in self.prompt.choices]


def at_first_signal(driver: Driver) -> None:
    """Start /signals for a new interview at Acme and stop at its first question."""
    driver.send("/signals")
    driver.send("Acme")
    driver.send("Analyst")
    assert driver.prompt.token == "signals:met_executives"
