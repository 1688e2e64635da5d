"""The coach's conversation rules: commands and the menu, bad input, Back, stale and foreign
buttons, resuming on the same file, and free text routed when no question is open.

What each command does is tested in tests/features/."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.app import Content, build_coach
from bot.clock import FrozenClock
from bot.content.commands import CommandModel
from bot.domain.events import Event
from bot.store import Store
from tests.support.coach import MENU, Driver, at_first_signal


def test_a_command_not_built_yet_says_so(
    store: Store, clock: FrozenClock, content: Content
) -> None:
    # Every shipped command is built now; one announced as planned must still say so plainly.
    planned = CommandModel(description="Compare two offers side by side", planned=True)
    commands = {**content.commands, "compare": planned}
    driver = Driver(build_coach(store, clock, replace(content, commands=commands)))
    driver.send("/compare")
    assert "<b>/compare</b> (compare two offers side by side) isn't built yet" in driver.text
    assert driver.labels == MENU
    assert store.load_dialog_state("test:alice") is None
    driver.send("/help")
    assert "/compare – Compare two offers side by side <i>(coming soon)</i>" in driver.text


def test_every_menu_button_starts_its_dialog(alice: Driver) -> None:
    starts = {
        "Read my signals": "signals:company",
        "My interviews": "interviews:overview",
        "Reminders": "reminders:list",
        "My timezone": "timezone:ask",
    }
    for label, token in starts.items():
        alice.send("/start")
        alice.click(label)
        alice.expect(token)
        alice.send("/cancel")
    # With no interview on file the prep plan has nothing to show and says where to add one.
    alice.send("/start")
    alice.click("Prep plan")
    assert "I don't know of an interview yet" in alice.text
    assert alice.labels == ["Add an interview", "Main menu"]
    # With one interview its plan opens at once; with two, the coach asks which.
    alice.add_interview()
    alice.send("/start")
    alice.click("Prep plan")
    alice.expect("prep")  # the plan: a message, not a question
    assert "<b>Prep plan: Acme</b>" in alice.text
    alice.send("/cancel")
    alice.add_interview("Globex", "Lead")
    alice.send("/start")
    alice.click("Prep plan")
    alice.expect("prep:pick_interview")
    assert alice.labels[:3] == ["Globex – Lead", "Acme – Analyst", "Add an interview first"]
    alice.click("Acme – Analyst")
    alice.expect("prep")  # the plan: a message, not a question
    assert "<b>Prep plan: Acme</b>" in alice.text


def test_no_shipped_command_says_not_built(alice: Driver, content: Content) -> None:
    assert not any(c.planned for c in content.commands.values())
    for name in content.commands:
        alice.send(f"/{name}")
        assert "isn't built yet" not in alice.text, name
        alice.send("/cancel")


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
    bob.add_interview("Bob's Secret Co", "CTO", round_="Final round")
    (bobs,) = store.interviews("test:bob")
    alice.send(f"/signals i{bobs.id}")
    assert alice.prompt.token == "signals:company"
    replies = alice.coach.handle(Event.press("test:alice", f"i{bobs.id}", "signals:company"))
    assert "Bob's Secret Co" not in "".join(r.text for r in replies)
    assert store.interviews("test:alice") == []


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


def test_idle_free_text_is_routed_to_what_it_asks(alice: Driver) -> None:
    alice.send("it's been a week, should I chase them?")
    assert "(/followup)" in alice.replies[0].text
    assert "I don't know of an interview yet" in alice.text


def test_text_the_router_is_unsure_of_offers_the_menu(alice: Driver) -> None:
    alice.send("what's the weather in Lisbon")
    assert "I'd rather not guess" in alice.text
    assert alice.prompt.token == "menu"


def test_i_got_the_offer_opens_the_outcome_at_the_offer(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("I got the offer!!! 🎉")
    assert "Congratulations" in alice.text
    assert list(store.outcomes("test:alice").values()) == ["offer"]


def test_a_question_typed_at_a_choice_is_answered_with_a_way_back(alice: Driver) -> None:
    alice.add_interview()
    alice.send("/signals")
    alice.click("Acme – Analyst")
    alice.expect("signals:met_executives")
    alice.send("should I follow up with them yet?")
    assert "/followup" in alice.replies[0].text
    alice.expect("followup:verdict")
    alice.click("↩ Back to Signal check")
    alice.expect("signals:met_executives")
