"""The core's conversation rules: commands, bad input, Back, Cancel, stale buttons, resuming."""

from __future__ import annotations

import json

import pytest

from bot.app import Content, build_coach
from bot.clock import FrozenClock
from bot.core.events import Event
from bot.store import Store
from tests.conftest import Driver

PLANNED = (
    "prep",
    "followup",
    "thankyou",
    "negotiate",
    "outcome",
    "reminders",
    "calendar",
    "export",
    "delete",
)


def at_first_signal(driver: Driver) -> None:
    driver.send("/signals")
    driver.send("Acme")
    driver.send("Analyst")
    assert driver.prompt.token == "signals:met_executives"


def test_start_greets_and_offers_the_menu(alice: Driver) -> None:
    alice.send("/start")
    assert "interview coach" in alice.text
    assert alice.labels == ["Read my signals", "My interviews", "My timezone"]


def test_help_lists_every_command(alice: Driver, content: Content) -> None:
    alice.send("/help")
    for name in content.commands:
        assert f"/{name}" in alice.text


@pytest.mark.parametrize("name", PLANNED)
def test_commands_not_built_yet_say_so(alice: Driver, name: str) -> None:
    alice.send(f"/{name}")
    assert "isn't built yet" in alice.text
    assert alice.labels == ["Read my signals", "My interviews", "My timezone"]


def test_menu_label_typed_in_any_case_starts_it(alice: Driver) -> None:
    alice.send("read MY signals")
    assert alice.prompt.token == "signals:company"


BAD_INPUTS = ["", "   ", "x" * 5000, "🙂🙂🙂", "/frobnicate", "/" + "z" * 300]


@pytest.mark.parametrize(
    "bad", BAD_INPUTS, ids=["empty", "blank", "5000", "emoji", "cmd", "longcmd"]
)
def test_bad_input_at_a_choice_question_asks_again(alice: Driver, store: Store, bad: str) -> None:
    at_first_signal(alice)
    before = store.load_dialog_state("test:alice")
    alice.send(bad)
    assert len(alice.replies) == 2
    assert alice.prompt.token == "signals:met_executives"
    assert alice.labels[:3] == ["Yes", "No", "Not sure"]
    assert store.load_dialog_state("test:alice") == before
    assert store.readings("test:alice") == []
    assert len(alice.replies[0].text) < 300  # a clear, short reason; never an echo of 5,000 chars


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("", "empty"),
        ("x" * 5000, "under 80"),
        ("🙂🙂🙂", "letters or digits"),
        ("/frobnicate", "don't know the command"),
    ],
)
def test_bad_input_at_a_text_question_asks_again(
    alice: Driver, store: Store, bad: str, reason: str
) -> None:
    alice.send("/signals")
    assert alice.prompt.token == "signals:company"
    alice.send(bad)
    assert reason in alice.replies[0].text
    assert alice.prompt.token == "signals:company"
    state = store.load_dialog_state("test:alice")
    assert state is not None and "company" not in state["answers"]
    assert store.interviews("test:alice") == []


def test_typed_label_answers_a_choice(alice: Driver) -> None:
    at_first_signal(alice)
    alice.send("  NOT sure ")
    assert alice.prompt.token == "signals:leaders_in_succession"


def test_back_returns_to_the_previous_question_and_forgets_its_answer(
    alice: Driver, store: Store
) -> None:
    at_first_signal(alice)
    alice.click("Yes")
    alice.click("Back")
    assert alice.prompt.token == "signals:met_executives"
    state = store.load_dialog_state("test:alice")
    assert state is not None and "met_executives" not in state["answers"]
    alice.send("back")
    assert alice.prompt.token == "signals:role"


def test_back_at_the_first_question_says_so(alice: Driver) -> None:
    alice.send("/signals")
    assert "Back" not in alice.labels
    alice.send("back")
    assert "first question" in alice.replies[0].text
    assert alice.prompt.token == "signals:company"


def test_cancel_goes_to_the_menu_and_saves_nothing(alice: Driver, store: Store) -> None:
    at_first_signal(alice)
    alice.click("Cancel")
    assert "Nothing from that conversation was saved" in alice.text
    assert alice.prompt.token == "menu"
    assert store.load_dialog_state("test:alice") is None
    assert store.interviews("test:alice") == []
    alice.send("/cancel")
    assert "nothing to cancel" in alice.text


def test_help_in_the_middle_keeps_the_question(alice: Driver) -> None:
    at_first_signal(alice)
    alice.send("/help")
    assert "What I can do" in alice.replies[0].text
    assert alice.prompt.token == "signals:met_executives"


def test_start_in_the_middle_picks_the_dialog_up(alice: Driver) -> None:
    at_first_signal(alice)
    alice.send("/start")
    assert "Welcome back" in alice.text
    assert alice.prompt.token == "signals:met_executives"


def test_a_stale_button_gets_the_current_question(alice: Driver) -> None:
    at_first_signal(alice)
    old = alice.prompt
    alice.click("Yes")
    yes = next(c for c in old.choices if c.label == "Yes")
    alice.coach.handle(Event.press("test:alice", yes.id, old.token))
    replies = alice.coach.handle(Event.press("test:alice", yes.id, old.token))
    assert "earlier question" in replies[0].text
    assert replies[-1].token == "signals:leaders_in_succession"


def test_a_button_from_a_finished_dialog_is_explained(alice: Driver) -> None:
    replies = alice.coach.handle(Event.press("test:alice", "yes", "signals:met_executives"))
    assert "already ended" in replies[0].text
    assert replies[-1].token == "menu"


def test_another_users_interview_cannot_be_picked(alice: Driver, bob: Driver, store: Store) -> None:
    bob.send("/interviews")
    bob.click("Add an interview")
    bob.send("Bob's Secret Co")
    bob.send("CTO")
    bob.click("Final round")
    (bobs,) = store.interviews("test:bob")
    alice.send(f"/signals i{bobs.id}")
    assert alice.prompt.token == "signals:company"
    replies = alice.coach.handle(Event.press("test:alice", f"i{bobs.id}", "signals:company"))
    assert "Bob's Secret Co" not in "".join(r.text for r in replies)
    assert store.interviews("test:alice") == []


def test_interviews_dialog_adds_and_lists(alice: Driver, store: Store) -> None:
    alice.send("/interviews")
    assert "aren't tracking any interviews" in alice.text
    alice.click("Add an interview")
    alice.send("<b>Acme & Co</b>")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in alice.text
    alice.send("Analyst")
    alice.click("Second round")
    assert "Saved" in alice.text
    (saved,) = store.interviews("test:alice")
    assert (saved.company, saved.role, saved.round) == ("<b>Acme & Co</b>", "Analyst", "second")
    alice.click("Read the signals for it")
    assert alice.prompt.token == "signals:met_executives"
    alice.send("/interviews")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in alice.text


def test_timezone_is_saved_and_confirmed(alice: Driver, store: Store) -> None:
    alice.send("/timezone")
    assert "UTC" in alice.text
    alice.send("Mars/Olympus")
    assert "don't recognise" in alice.text
    alice.send("europe/berlin")
    assert "Europe/Berlin" in alice.text
    assert "Monday 23 November, 16:00" in alice.text  # 15:00 UTC on the test clock
    user = store.get_user("test:alice")
    assert user is not None and user.timezone == "Europe/Berlin"


def test_a_new_coach_on_the_same_file_resumes_the_question(
    store: Store, clock: FrozenClock, content: Content, db_path
) -> None:
    first = Driver(build_coach(store, clock, content))
    at_first_signal(first)
    first.click("Yes")
    store.close()
    reopened = Store.open(db_path)
    try:
        second = Driver(build_coach(reopened, clock, content))
        second.open()
        assert "Welcome back" in second.text
        assert second.prompt.token == "signals:leaders_in_succession"
        second.click("Back")
        assert second.prompt.token == "signals:met_executives"
    finally:
        reopened.close()


@pytest.mark.parametrize(
    "saved",
    [
        {"v": 1, "state": "signals:question_removed_in_v2", "answers": {}, "history": []},
        {"v": 1, "state": "retired_dialog:start", "answers": {}, "history": []},
        {"nonsense": True},
    ],
)
def test_a_state_that_no_longer_exists_resets_to_the_menu(
    alice: Driver, store: Store, clock: FrozenClock, saved: dict[str, object]
) -> None:
    store.ensure_user("test:alice", clock.now())
    store.save_dialog_state("test:alice", saved, clock.now())
    alice.open()
    assert "no longer exists" in alice.text
    assert alice.prompt.token == "menu"
    assert store.load_dialog_state("test:alice") is None


def test_unreadable_state_resets_to_the_menu(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    store.ensure_user("test:alice", clock.now())
    store.db.execute(
        "INSERT INTO dialog_state (user_id, state, updated_at) VALUES (?, ?, ?)",
        ["test:alice", "{not json", clock.now().isoformat()],
    )
    alice.send("hello")
    assert "no longer exists" in alice.text
    assert json.dumps(store.load_dialog_state("test:alice")) == "null"


def test_idle_free_text_offers_the_menu(alice: Driver) -> None:
    alice.send("should I follow up yet?")
    assert "can't answer free-form questions yet" in alice.text
    assert alice.prompt.token == "menu"
