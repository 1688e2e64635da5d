"""The interview-day sheet: /daysheet, the prep plan's button, and the 2-hours-before reminder.
What the coach knows is on it; what it does not know is left out, never a blank."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.records import Interview
from bot.domain.reminders import Kind
from bot.features.daysheet import day_sheet, interviewers
from bot.features.reminders import ReminderComposer
from bot.store import Store
from tests.support.coach import START, Driver
from tests.support.records import ALICE, one

STORIES = [
    ("Churn study", "Churn rose", "Find out why", "I interviewed 20 customers", "Churn fell 12%"),
    ("Cloud costs", "Costs doubled", "Halve them", "I moved jobs to spot instances", "Saved $40k"),
    ("Fast release", "It slipped", "Ship it", "I cut the scope with the PM", "Shipped in 3 weeks"),
    ("Fourth", "Older", "Old task", "I rebuilt the reports", "Reports took 2 hours, not 2 days"),
]
DRAFT = ("Team win", "A launch", "Launch it", "we did it", "it went ok")
PLACEHOLDERS = re.compile(r"None|\[|\]|\{|\}|undefined|TBD|, about \d+ min\n\n\n")


def write(driver: Driver, parts: tuple[str, ...]) -> None:
    """Write a story through /stories."""
    driver.send("/stories")
    driver.click("Write a new story")
    for part in parts:
        driver.send(part)
    driver.click("Results you delivered")
    driver.click("Back to my stories")
    driver.click("Close")


def second_round_at_acme(driver: Driver, store: Store, clock: FrozenClock) -> Interview:
    """A first round at Acme last week with a debrief, then the second round to come."""
    first_id = store.add_interview(ALICE, "Acme", "Analyst", "first", clock.now())
    store.set_schedule(ALICE, first_id, clock.now() - timedelta(days=7), 60)
    store.set_debrief(ALICE, first_id, "their move to usage-based pricing", "a short write-up")
    store.close_interview(ALICE, first_id, clock.now())
    driver.add_interview(
        "Acme",
        "Analyst",
        format_="Panel or stakeholders",
        interviewers="Rui Costa (VP Eng), Ana Lima (Head of R&D, Lisbon) and Tomás",
    )
    (second,) = store.interviews(ALICE)
    return second


def test_the_sheet_of_a_well_known_interview_has_everything(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    second = second_round_at_acme(berliner, store, clock)
    for parts in (*STORIES, DRAFT):
        write(berliner, parts)

    berliner.send("/daysheet")
    sheet = berliner.text
    assert "<b>Interview-day sheet: Acme</b>, Analyst" in sheet
    assert "Saturday 28 November 2026 at 10:00 (Europe/Berlin), about 60 min" in sheet
    assert "the place or link in your invitation" in sheet
    assert "• Rui Costa (VP Eng)\n• Ana Lima (Head of R&amp;D, Lisbon)\n• Tomás" in sheet
    # The three newest ready stories, titles and results; the draft and the oldest are not.
    assert "• <b>Fourth</b>: Reports took 2 hours, not 2 days" in sheet
    assert "• <b>Fast release</b>: Shipped in 3 weeks" in sheet
    assert "• <b>Cloud costs</b>: Saved $40k" in sheet
    assert "Churn study" not in sheet and "Team win" not in sheet
    assert "Prepare questions on how success is measured" in sheet
    assert "<b>A panel.</b>" in sheet
    assert "You talked about their move to usage-based pricing." in sheet
    assert "• a short write-up" in sheet
    assert "Not marked as sent yet" in sheet
    assert not PLACEHOLDERS.search(sheet), sheet
    assert berliner.labels == ["Open the prep plan", "Main menu"]
    assert f"i{second.id}" in berliner.prompt.choices[0].id


def test_missing_facts_are_left_out_not_left_blank(
    alice: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    user = store.ensure_user(ALICE, clock.now())
    interview_id = store.add_interview(ALICE, "Globex", "Lead", None, clock.now())
    interview = store.get_interview(ALICE, interview_id)
    assert interview is not None
    sheet = day_sheet(store, coach.renderer, content.plan, user, interview)
    assert "<b>Interview-day sheet: Globex</b>, Lead" in sheet
    assert "🕒" not in sheet  # no time known
    assert "Who you'll meet" not in sheet
    assert "Last time" not in sheet
    assert "No story is ready yet" in sheet and "/stories" in sheet
    assert "<b>A mixed round.</b>" in sheet  # no format known: the mixed round's tips
    assert not PLACEHOLDERS.search(sheet), sheet


def test_the_prep_plan_opens_the_sheet(berliner: Driver) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.click("Open the prep plan")
    berliner.click("The interview-day sheet")
    assert "<b>Interview-day sheet: Acme</b>" in berliner.text


def test_the_sheet_comes_with_the_two_hours_before_reminder_only(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    second_round_at_acme(berliner, store, clock)
    write(berliner, STORIES[0])
    compose = ReminderComposer(store, coach.renderer, content.plan)
    (two_hours,) = compose(one(store, ALICE, Kind.PREP_2H), late=False)
    assert "<b>Interview-day sheet: Acme</b>" in two_hours.text
    assert "&lt;b&gt;" not in two_hours.text  # the reminder's own words are not escaped
    assert "• <b>Churn study</b>: Churn fell 12%" in two_hours.text
    assert "• a short write-up" in two_hours.text
    (day_before,) = compose(one(store, ALICE, Kind.PREP_24H), late=False)
    assert "Interview-day sheet" not in day_before.text


def test_interviewers_are_split_by_commas_and_and_but_not_inside_brackets() -> None:
    def of(text: str | None) -> list[str]:
        return interviewers(
            Interview(1, ALICE, "Acme", "Analyst", None, "open", START, interviewers=text)
        )

    assert of("Rui Costa (VP Eng), Ana and Tomás") == ["Rui Costa (VP Eng)", "Ana", "Tomás"]
    assert of("Ana (Sales and Marketing); Bo & Cy") == ["Ana (Sales and Marketing)", "Bo", "Cy"]
    assert of("Head of R&D") == ["Head of R&D"]
    assert of(None) == [] and of("  ") == []
