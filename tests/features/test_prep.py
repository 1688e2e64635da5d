"""/prep: the prep plan of an interview, its ticks, STAR stories and the tips for its format."""

from __future__ import annotations

import pytest

from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, only_interview


def test_prep_ticks_items_builds_stories_and_shows_the_formats_tip(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst", format_="Presentation or case")
    interview = only_interview(store, ALICE)

    berliner.click("Open the prep plan")
    berliner.expect("prep:plan")
    assert "<b>Prep plan: Acme</b>, Sat 28 Nov, 10:00" in berliner.text
    assert "0 of 7 done." in berliner.text
    assert "Research what&#39;s new</b> · by Wed 25 Nov, 10:00" in berliner.text

    berliner.click("✓ Review the first round")
    berliner.expect("prep:plan")
    assert "1 of 7 done." in berliner.text
    assert "✓ Review the first round" not in berliner.labels
    berliner.click("✓ Your questions for them")
    assert "2 of 7 done." in berliner.text
    assert store.done_prep_items(ALICE, interview.id) == {"review_first", "questions"}

    stories = [
        ("Churn was rising", "Find out why", "I interviewed 20 customers", "Churn fell 12%"),
        ("A release slipped", "Ship on time", "I cut the scope with the PM", "Shipped in 3 weeks"),
        ("Costs doubled", "Halve them", "I moved jobs to spot instances", "Saved $40k a year"),
    ]
    for count, parts in enumerate(stories, start=1):
        berliner.click("Build a STAR story")
        for state, part in zip(("situation", "task", "action", "result"), parts, strict=True):
            berliner.expect(f"prep:star_{state}")
            berliner.send(part)
        berliner.expect("prep:plan")
        assert f"Story saved: that's {count} for this round." in berliner.replies[0].text
        saved = store.stories(ALICE, interview.id)
        assert len(saved) == count
        last = saved[-1]
        assert (last.situation, last.task, last.action, last.result) == parts
        if count < 3:
            assert "stories" not in store.done_prep_items(ALICE, interview.id)
            assert "✓ Three new STAR stories" in berliner.labels
    assert "Three is the goal, so the item is ticked." in berliner.replies[0].text
    assert "stories" in store.done_prep_items(ALICE, interview.id)
    assert "3 of 7 done." in berliner.text
    assert "You've written 3 STAR stories for this round." in berliner.text
    assert "✓ Three new STAR stories" not in berliner.labels

    berliner.click("Tips for this round")
    berliner.expect("prep:tips")
    assert "<b>A presentation or case.</b>" in berliner.text
    assert "<b>A panel.</b>" not in berliner.text
    assert "<b>On the day</b>" in berliner.text
    berliner.click("Back to the plan")
    berliner.expect("prep:plan")
    berliner.click("Close the plan")
    assert "Plan saved. /prep opens it again." in berliner.text
    assert store.load_dialog_state(ALICE) is None
    berliner.send("/prep")  # the only interview: its plan opens at once
    berliner.expect("prep:plan")
    assert "3 of 7 done." in berliner.text


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
