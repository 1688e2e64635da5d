"""/prep: the prep plan of an interview as one message: ticks and unticks edit it in place,
the items keep their places (and the terminal its numbers), the tips, the links to /stories
and the interview-day sheet."""

from __future__ import annotations

import io

import pytest

from bot.coach.coach import Coach
from bot.console import ConsoleChat
from bot.domain.events import Reply
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BOB, only_interview

ITEMS = [
    "Review the first round",
    "Research what's new",
    "Three STAR stories",
    "A 30/60/90-day plan",
    "Answers on pay, moving, start",
    "Your questions for them",
    "Follow-up materials",
]
EXTRAS = ["Build a STAR story", "Tips for this round", "The interview-day sheet", "Close the plan"]


def item_labels(reply: Reply) -> list[str]:
    """The labels of the plan's item buttons, in order."""
    return [c.label for c in reply.choices[: len(ITEMS)]]


def test_the_plan_lists_every_item_in_order_with_its_due_time(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst", format_="Presentation or case")
    berliner.click("Open the prep plan")
    berliner.expect("prep")
    assert "<b>Prep plan: Acme</b>, Sat 28 Nov, 10:00" in berliner.text
    assert "0 of 7 done." in berliner.text
    assert "Research what&#39;s new</b> · by Wed 25 Nov, 10:00" in berliner.text
    assert berliner.labels == [f"◻️ {item}" for item in ITEMS] + EXTRAS
    assert store.load_dialog_state(ALICE) is None  # the plan is a message, not a question


def test_a_tick_edits_the_plan_in_place_and_a_second_tap_unticks(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    berliner.click("Open the prep plan")
    before = berliner.prompt

    replies = berliner.click("◻️ Review the first round")
    assert len(replies) == 1, [r.text for r in replies]  # one message: the plan, edited
    (plan,) = replies
    assert plan.edits and plan.token == before.token
    assert "1 of 7 done." in plan.text
    assert store.done_prep_items(ALICE, interview.id) == {"review_first"}
    # Every item is still listed where it was; the ticked one shows ✓.
    assert item_labels(plan) == ["✓ Review the first round"] + [f"◻️ {i}" for i in ITEMS[1:]]
    assert [c.id for c in plan.choices] == [c.id for c in before.choices]

    berliner.click("◻️ Your questions for them")
    assert "2 of 7 done." in berliner.text
    assert store.done_prep_items(ALICE, interview.id) == {"review_first", "questions"}

    (plan,) = berliner.click("✓ Review the first round")  # tapped again: not done after all
    assert plan.edits
    assert "1 of 7 done." in plan.text
    assert store.done_prep_items(ALICE, interview.id) == {"questions"}
    assert item_labels(plan)[0] == "◻️ Review the first round"


def test_the_tips_replace_the_plan_and_lead_back_to_it(berliner: Driver) -> None:
    berliner.add_interview("Acme", "Analyst", format_="Presentation or case")
    berliner.click("Open the prep plan")
    (tips,) = berliner.click("Tips for this round")
    assert tips.edits
    assert "<b>A presentation or case.</b>" in tips.text
    assert "<b>A panel.</b>" not in tips.text
    assert "<b>On the day</b>" in tips.text
    (plan,) = berliner.click("Back to the plan")
    assert plan.edits and "0 of 7 done." in plan.text


def test_closing_folds_the_plan_into_one_line_and_prep_opens_it_again(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.click("Open the prep plan")
    berliner.click("◻️ Research what's new")
    (closed,) = berliner.click("Close the plan")
    assert closed.edits
    assert closed.text == "Plan saved. /prep opens it again."
    assert berliner.labels == ["Main menu"]
    berliner.send("/prep")  # the only interview: its plan opens at once, as it was left
    assert "1 of 7 done." in berliner.text


@pytest.mark.parametrize(
    ("button", "tip"),
    [
        ("Panel or stakeholders", "<b>A panel.</b>"),
        ("Culture or peer chat", "<b>A culture or peer conversation.</b>"),
        ("Pay and logistics", "<b>Pay and logistics.</b>"),
        ("A mix or not sure", "<b>A mixed round.</b>"),
    ],
)
def test_the_tips_follow_the_interviews_format(alice: Driver, button: str, tip: str) -> None:
    alice.add_interview(format_=button)
    alice.click("Open the prep plan")
    alice.click("Tips for this round")
    assert tip in alice.text
    others = {"<b>A panel.</b>", "<b>A presentation or case.</b>", "<b>A mixed round.</b>"}
    assert all(other not in alice.text for other in others - {tip})


def test_the_plan_links_to_the_story_builder_and_the_day_sheet(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.click("Open the prep plan")
    berliner.click("Build a STAR story")
    berliner.expect("stories:title")
    berliner.send("/prep")
    assert "My STAR stories" not in berliner.labels  # nothing saved yet
    berliner.click("The interview-day sheet")
    assert "<b>Interview-day sheet: Acme</b>" in berliner.text


def test_someone_elses_or_an_unknown_plan_button_is_stale(
    alice: Driver, bob: Driver, store: Store
) -> None:
    alice.add_interview("Acme")
    acme = only_interview(store, ALICE)
    bob.add_interview("Bobco")
    for forged in (f"prep:t:{acme.id}:research", f"prep:tips:{acme.id}", "prep:t:x:y", "prep:zz"):
        replies = bob.press(forged, "prep:plan")
        assert replies[0].stale, forged
        assert "Acme" not in bob.text
    bobs = only_interview(store, BOB)
    assert bob.press(f"prep:t:{bobs.id}:nonsense", "prep:plan")[0].stale
    assert store.done_prep_items(ALICE, acme.id) == set()
    assert store.done_prep_items(BOB, bobs.id) == set()


def test_the_terminal_keeps_the_numbers_of_the_items_after_ticks(
    coach: Coach, store: Store, alice: Driver
) -> None:
    alice.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    out = io.StringIO()
    chat = ConsoleChat(coach, ALICE, out)

    def shown_items() -> list[str]:
        return [c.label for c in chat.screen.choices[: len(ITEMS)]]

    chat.send("/prep")
    assert shown_items() == [f"◻️ {item}" for item in ITEMS]
    assert "  2. ◻️ Research what's new" in out.getvalue()
    chat.send("2")  # Research what's new
    chat.send("2")  # the same number, the same item: unticked again
    assert store.done_prep_items(ALICE, interview.id) == set()
    chat.send("1")
    chat.send("6")
    assert store.done_prep_items(ALICE, interview.id) == {"review_first", "questions"}
    assert shown_items()[0] == "✓ Review the first round"
    assert shown_items()[5] == "✓ Your questions for them"
    assert shown_items()[1] == "◻️ Research what's new"
    assert "2 of 7 done." in out.getvalue().rsplit("Prep plan: Acme", 1)[-1]


def test_with_no_interview_the_plan_says_where_to_add_one(alice: Driver) -> None:
    alice.send("/prep")
    assert "I don't know of an interview yet" in alice.text
    assert alice.labels == ["Add an interview", "Main menu"]
