"""/stories: the STAR builder checks each story before it counts; stories are listed, read,
improved part by part, linked to the question they answer, and deleted after a yes."""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BOB, only_interview

GOOD = [
    (
        "Churn study",
        "Churn was rising",
        "Find out why",
        "I interviewed 20 customers",
        "Churn fell 12%",
    ),
    (
        "Release on time",
        "A release slipped",
        "Ship on time",
        "I cut the scope with the PM",
        "Shipped in 3 weeks",
    ),
    (
        "Cloud costs",
        "Costs doubled",
        "Halve them",
        "I moved jobs to spot instances",
        "Saved $40k a year",
    ),
]
STATES = ("title", "situation", "task", "action", "result")


def write(driver: Driver, parts: tuple[str, ...], tag: str = "Results you delivered") -> None:
    """Write a story through the builder, from the list, and answer which question it fits."""
    driver.send("/stories")
    driver.click("Write a new story")
    for state, part in zip(STATES, parts, strict=True):
        driver.expect(f"stories:{state}")
        driver.send(part)
    driver.expect("stories:tag")
    driver.click(tag)
    driver.expect("stories:view")


def test_a_story_with_only_we_and_no_number_is_a_draft_until_improved(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    write(berliner, ("Launch", "New product", "we planned it", "we did it", "it went ok"))
    assert len(store.stories(ALICE)) == 1  # kept, as a draft
    assert "Saved as a draft" in berliner.text
    assert 'says "we" but never "I"' in berliner.text
    assert "has no number" in berliner.text
    assert berliner.labels[:2] == ['Say what you did, with "I"', "Add a number to the result"]
    assert "Edit the action" not in berliner.labels  # the fix stands in for it
    berliner.send("/stories")
    assert "0 ready, 1 draft to improve" in berliner.text
    assert berliner.labels[0] == "✎ Launch (draft)"
    berliner.send("/prep")
    assert "0 of 3 STAR stories ready, 1 draft to improve" in berliner.text

    # Improving it: "we" again is still not enough; "I" with a step is.
    berliner.send("/stories")
    berliner.click("✎ Launch (draft)")
    berliner.click('Say what you did, with "I"')
    berliner.expect("stories:edit")
    assert "<i>we did it</i>" in berliner.text
    berliner.send("We ran the launch together")
    berliner.expect("stories:view")
    assert "Saved as a draft" in berliner.text
    berliner.click('Say what you did, with "I"')
    berliner.send("I wrote the launch plan and ran the beta with 30 users")
    assert "Saved as a draft" in berliner.text  # the result still has no number
    assert berliner.labels[0] == "Add a number to the result"
    berliner.click("Add a number to the result")
    berliner.send("200 sign-ups in the first week")
    assert "✓ Ready" in berliner.text
    assert "Add a number to the result" not in berliner.labels
    (story,) = store.stories(ALICE)
    assert story.action == "I wrote the launch plan and ran the beta with 30 users"
    assert story.result == "200 sign-ups in the first week"
    assert "stories" not in store.done_prep_items(ALICE, interview.id)  # one is not three


def test_three_ready_stories_tick_the_prep_item_and_drafts_do_not(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    write(berliner, GOOD[0])
    write(berliner, GOOD[1])
    write(berliner, ("Offsite", "An offsite", "Run it", "we organised everything", "It was fun"))
    assert "stories" not in store.done_prep_items(ALICE, interview.id)
    berliner.send("/prep")
    assert "2 of 3 STAR stories ready, 1 draft to improve" in berliner.text
    assert "◻️ Three STAR stories" in berliner.labels
    assert "My STAR stories" in berliner.labels

    write(berliner, GOOD[2])
    assert "stories" in store.done_prep_items(ALICE, interview.id)
    berliner.send("/prep")
    assert "3 of 3 STAR stories ready" in berliner.text
    assert "✓ Three STAR stories" in berliner.labels


def test_a_story_is_read_edited_part_by_part_and_retagged(berliner: Driver, store: Store) -> None:
    write(berliner, GOOD[0], tag="A customer or stakeholder")
    assert "<b>Churn study</b> · A customer or stakeholder" in berliner.text
    assert "<b>Action:</b> I interviewed 20 customers" in berliner.text
    assert "✓ Ready" in berliner.text
    edits = ["Edit the title", "Edit the situation", "Edit the task", "Edit the action"]
    assert berliner.labels[:5] == [*edits, "Edit the result"]

    berliner.click("Edit the title")
    berliner.send("Why customers left")
    berliner.click("Edit the task")
    berliner.click("Keep it as it is")
    berliner.expect("stories:view")
    berliner.click("Change the question it answers")
    berliner.click("A mistake or a failure")
    assert "<b>Why customers left</b> · A mistake or a failure" in berliner.text
    (story,) = store.stories(ALICE)
    assert (story.title, story.task, story.tag) == ("Why customers left", "Find out why", "failure")

    berliner.send("/stories")
    assert "✓ <b>Why customers left</b> · A mistake or a failure" in berliner.text
    assert berliner.labels[:2] == ["✓ Why customers left", "Write a new story"]


def test_going_back_over_the_result_changes_the_story_rather_than_adding_one(
    berliner: Driver, store: Store
) -> None:
    berliner.send("/stories")
    berliner.click("Write a new story")
    for part in GOOD[0]:
        berliner.send(part)
    berliner.click("Back")
    berliner.expect("stories:result")
    berliner.send("Churn fell 15%")
    (story,) = store.stories(ALICE)
    assert story.result == "Churn fell 15%"


def test_deleting_a_story_asks_first(berliner: Driver, store: Store) -> None:
    write(berliner, GOOD[0])
    berliner.click("Delete this story")
    berliner.expect("stories:confirm_delete")
    assert "Delete <b>Churn study</b>?" in berliner.text
    berliner.click("No, keep it")
    berliner.expect("stories:view")
    assert len(store.stories(ALICE)) == 1
    berliner.click("Delete this story")
    berliner.click("Yes, delete it")
    assert "Deleted <b>Churn study</b>." in berliner.text
    berliner.expect("stories:list")
    assert store.stories(ALICE) == []
    assert "None yet." in berliner.text


def test_bad_input_loses_nothing(berliner: Driver, store: Store) -> None:
    berliner.send("/stories")
    berliner.click("Write a new story")
    berliner.send("Churn study")
    berliner.send("   ")
    berliner.expect("stories:situation")  # asked again, with the reason
    berliner.send("Churn was rising")
    berliner.expect("stories:task")


def test_someone_elses_story_cannot_be_opened(alice: Driver, bob: Driver, store: Store) -> None:
    write(alice, GOOD[0])
    (story,) = store.stories(ALICE)
    bob.send("/stories")
    replies = bob.press(f"s{story.id}", "stories:list")
    assert replies[0].stale
    assert "Churn" not in bob.text
    assert store.stories(BOB) == []
    assert len(store.stories(ALICE)) == 1
