"""Two users of one coach never see each other's records or advice, whatever command they run
or button they forge."""

from __future__ import annotations

from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BOB, pending, table


def test_two_users_never_see_each_others_records(
    alice: Driver, bob: Driver, store: Store, clock: FrozenClock, coach: Coach
) -> None:
    alice.set_timezone("Europe/Berlin")
    alice.add_interview("Zeta Secret Labs", "Analyst")
    (alices,) = store.interviews(ALICE)
    alice.click("Open the prep plan")
    alice.click("◻️ Review the first round")
    alice.send("/cancel")
    bob.add_interview("Bobco", "Engineer", when="in 6 days at 9:00")
    (bobs,) = store.interviews(BOB)
    before = {name: table(store, name) for name in ("interviews", "reminders", "prep_items")}

    def bob_sees(text: str) -> None:
        shown = bob.text + " ".join(bob.labels)
        assert "Zeta" not in shown, text
        assert "Bobco" in shown or bob.prompt.token == "menu", text

    for command in ("/interviews", "/prep", "/reminders", "/debrief", "/signals"):
        bob.send(command)
        bob_sees(command)
        bob.send("/cancel")
    bob.send("/calendar")
    (bobs_file,) = [r.file for r in bob.replies if r.file is not None]
    assert b"Zeta" not in bobs_file.data and b"Bobco" in bobs_file.data

    # Bob's plan shows none of Alice's progress.
    bob.send(f"/prep i{bobs.id}")
    assert "0 of 7 done." in bob.text

    # Naming Alice's interview or reminder gets Bob nowhere.
    alice_reminder = pending(store, ALICE)[0]
    for command in (f"/prep i{alices.id}", f"/debrief i{alices.id}", f"/signals i{alices.id}"):
        bob.send(command)
        bob_sees(command)
        bob.send("/cancel")
    bob.send("/interviews")
    bob.press(f"i{alices.id}", "interviews:overview")
    assert bob.replies[0].stale
    bob_sees("forged interview")
    bob.send("/reminders")
    bob.press(f"r{alice_reminder.id}", "reminders:list")
    assert bob.replies[0].stale
    bob_sees("forged reminder")
    bob.send(f"/prep i{bobs.id}")
    bob.press(f"prep:t:{bobs.id}:review_first", "prep")
    assert store.done_prep_items(BOB, bobs.id) == {"review_first"}

    after = {name: table(store, name) for name in ("interviews", "reminders", "prep_items")}
    assert after["interviews"] == before["interviews"]
    assert [r for r in after["reminders"] if r["user_id"] == ALICE] == [
        r for r in before["reminders"] if r["user_id"] == ALICE
    ]
    assert store.done_prep_items(ALICE, alices.id) == {"review_first"}
    assert store.done_prep_items(BOB, alices.id) == set()
    assert store.get_interview(BOB, alices.id) is None
    assert store.get_reminder(BOB, alice_reminder.id) is None

    # And Alice's screens still show only her own.
    for command in ("/interviews", "/reminders"):
        alice.send(command)
        assert "Bobco" not in alice.text + " ".join(alice.labels)
        assert "Zeta Secret Labs" in alice.text
        alice.send("/cancel")


def test_users_never_see_each_others_advice(alice: Driver, bob: Driver) -> None:
    alice.add_interview(company="Alice Secret Inc", interviewers="Zed")
    bob.add_interview(company="Bob Co")
    for command in ("/followup", "/thankyou", "/outcome", "/interviews", "/reminders", "/prep"):
        bob.send(command)
        assert "Alice Secret" not in bob.text and "Zed" not in bob.text, command
        assert all("Alice Secret" not in label for label in bob.labels), command
        bob.send("/cancel")
