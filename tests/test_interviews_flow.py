"""Interviews with a time, end to end through the coach on a real SQLite file and a frozen clock.

Adding, confirming, refusing, moving, closing and deleting an interview; the reminders that
follow it; the prep plan and STAR stories; the debrief; the buttons under a reminder;
/reminders and /calendar; and two users who never see each other's records.

The test clock starts on Monday 23 November 2026 at 15:00 UTC (16:00 in Berlin).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.content.templates import short_when
from bot.domain.records import Interview
from bot.domain.reminders import Kind, ReminderRow, Status
from bot.features.reminders import ReminderComposer
from bot.rules.ics import interview_uid
from bot.rules.reminder_plan import plan_interview, plan_materials
from bot.store import Store
from tests.conftest import Driver

ALICE, BOB = "test:alice", "test:bob"
BERLIN = ZoneInfo("Europe/Berlin")
PREP_AND_AFTER = {
    Kind.PREP_72H,
    Kind.PREP_48H,
    Kind.PREP_24H,
    Kind.PREP_2H,
    Kind.DEBRIEF,
    Kind.THANK_YOU,
    Kind.FOLLOW_UP,
}
GONE = "That reminder isn't active any more."


def berlin(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A Berlin wall-clock time as an aware UTC datetime."""
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


def rows(store: Store, user_id: str, interview_id: int | None = None) -> list[ReminderRow]:
    """Every reminder row of a user (of one interview if given), whatever its status, by id."""
    sql = "SELECT id FROM reminders WHERE user_id = ?"
    params: list[Any] = [user_id]
    if interview_id is not None:
        sql += " AND interview_id = ?"
        params.append(interview_id)
    found = [
        store.get_reminder(user_id, r["id"]) for r in store.db.query(sql + " ORDER BY id", params)
    ]
    assert all(r is not None for r in found)
    return [r for r in found if r is not None]


def pending(store: Store, user_id: str, interview_id: int | None = None) -> list[ReminderRow]:
    """The user's pending reminders (of one interview if given)."""
    return [r for r in rows(store, user_id, interview_id) if r.status is Status.PENDING]


def one(store: Store, user_id: str, kind: Kind) -> ReminderRow:
    """The user's one pending reminder of `kind`."""
    (found,) = [r for r in pending(store, user_id) if r.kind is kind]
    return found


def only_interview(store: Store, user_id: str) -> Interview:
    (interview,) = store.interviews(user_id)
    return interview


def deliver(store: Store, clock: FrozenClock, row: ReminderRow) -> None:
    """Bring the clock to a reminder's time and record it sent, as the dispatcher does."""
    clock.set(row.due_at)
    assert store.claim_reminder(row.id, clock.now()) is not None
    assert store.mark_sent(row.id, clock.now())


def table(store: Store, name: str) -> list[dict[str, Any]]:
    """Every row of a table, for before/after comparisons."""
    return list(store.db.query(f"SELECT * FROM {name} ORDER BY rowid"))


def at_when(driver: Driver, company: str = "Acme") -> None:
    """Answer /interviews up to the question of when the interview is."""
    driver.send("/interviews")
    driver.click("Add an interview")
    driver.send(company)
    driver.send("Analyst")
    driver.click("Second round")
    driver.expect("interviews:when")


@pytest.fixture
def berliner(alice: Driver) -> Driver:
    """Alice, living in Berlin with the default quiet hours (21:00-08:00)."""
    alice.set_timezone("Europe/Berlin")
    return alice


# adding an interview


def test_adding_an_interview_plans_every_reminder_in_the_table(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")

    interview = only_interview(store, ALICE)
    assert interview.starts_at == berlin(2026, 11, 28, 10, 0)  # Saturday
    assert interview.duration_min == 60
    user = store.get_user(ALICE)
    assert user is not None
    plan = plan_interview(
        interview.id,
        berlin(2026, 11, 28, 10, 0),
        timedelta(minutes=60),
        BERLIN,
        user.quiet,
        clock.now(),
    )
    stored = rows(store, ALICE)
    assert all(r.status is Status.PENDING and r.attempts == 0 for r in stored)
    assert all(r.interview_id == interview.id for r in stored)
    assert sorted((r.kind, r.due_at, r.dedupe_key) for r in stored) == sorted(
        (p.kind, p.due_at, p.dedupe_key) for p in plan.reminders
    )
    # The same times, worked out by hand in Berlin time.
    assert {r.kind: r.due_at for r in stored} == {
        Kind.PREP_72H: berlin(2026, 11, 25, 10, 0),
        Kind.PREP_48H: berlin(2026, 11, 26, 10, 0),
        Kind.PREP_24H: berlin(2026, 11, 27, 10, 0),
        Kind.PREP_2H: berlin(2026, 11, 28, 8, 0),
        Kind.DEBRIEF: berlin(2026, 11, 28, 11, 10),
        Kind.THANK_YOU: berlin(2026, 11, 29, 8, 0),  # 07:00 is in quiet hours: later
        Kind.FOLLOW_UP: berlin(2026, 12, 4, 10, 0),  # five working days on
    }


def test_the_summary_lists_the_reminders_in_local_time(berliner: Driver, store: Store) -> None:
    replies = berliner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")

    summary = replies[-1].text
    assert summary.startswith(
        "Saved: <b>Acme</b> – Analyst, Saturday 28 November 2026 at 10:00 (Europe/Berlin)."
    )
    assert [line for line in summary.splitlines() if line.startswith("• ")] == [
        "• Wed 25 Nov, 10:00: 3 days before",
        "• Thu 26 Nov, 10:00: 2 days before",
        "• Fri 27 Nov, 10:00: The day before",
        "• Sat 28 Nov, 08:00: 2 hours before",
        "• Sat 28 Nov, 11:10: Debrief",
        "• Sun 29 Nov, 08:00: Thank-you note",
        "• Fri 4 Dec, 10:00: Follow-up",
    ]
    for row in rows(store, ALICE):
        assert short_when(row.due_at, BERLIN) in summary
        assert short_when(row.due_at, "UTC") not in summary  # never the UTC time
    assert "Less than three days to go" not in summary
    assert [c.label for c in replies[-1].choices] == [
        "Open the prep plan",
        "Read the signals for it",
        "Main menu",
    ]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("in 5 days at 10:00", "Saturday 28 November 2026 at 10:00 (Europe/Berlin)"),
        ("30 Nov 10:00", "Monday 30 November 2026 at 10:00 (Europe/Berlin)"),
        ("next Monday 2:30 pm", "Monday 30 November 2026 at 14:30 (Europe/Berlin)"),
    ],
)
def test_the_confirmation_shows_weekday_date_time_and_zone(
    berliner: Driver, store: Store, typed: str, shown: str
) -> None:
    at_when(berliner)
    berliner.send(typed)
    berliner.expect("interviews:confirm_when")
    assert berliner.prompt.text == f"So that's <b>{shown}</b>. Right?"
    assert berliner.labels[:2] == ["Yes, that's right", "No, change it"]
    assert store.interviews(ALICE) == []  # nothing is saved before the end


def test_a_time_the_clocks_skip_is_moved_and_said(berliner: Driver) -> None:
    at_when(berliner)
    berliner.send("28 Mar 02:30")  # Berlin springs forward from 02:00 to 03:00 that night
    berliner.expect("interviews:confirm_when")
    assert "02:30 doesn't exist" in berliner.prompt.text
    assert "Sunday 28 March 2027 at 03:30 (Europe/Berlin)" in berliner.prompt.text


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("31 Feb 10:00", "February has no day 31"),
        ("22 Nov 2026 10:00", "Sunday 22 November, 10:00 has already passed"),
        ("today 14:00", "Monday 23 November, 14:00 has already passed"),  # 16:00 in Berlin now
        ("in 2 years at 10:00", "more than a year away"),
        ("24 Nov 2027 10:00", "more than a year away"),
        ("tomorrow", "Got the day (Tuesday 24 November), but what time?"),
        ("sometime soon", "couldn't read"),
    ],
)
def test_refusals_at_when_say_why_and_ask_again(
    berliner: Driver, store: Store, typed: str, said: str
) -> None:
    at_when(berliner)
    question = berliner.prompt.text
    before = store.load_dialog_state(ALICE)

    replies = berliner.send(typed)

    assert len(replies) == 2
    assert said in replies[0].text
    assert len(replies[0].text) < 300
    berliner.expect("interviews:when")
    assert replies[1].text == question
    assert store.load_dialog_state(ALICE) == before
    assert store.interviews(ALICE, open_only=False) == []
    assert rows(store, ALICE) == []
    # The question still takes a good answer after a refusal.
    berliner.send("in 5 days at 10:00")
    berliner.expect("interviews:confirm_when")


def test_no_change_it_asks_again_and_only_the_second_time_counts(
    berliner: Driver, store: Store
) -> None:
    at_when(berliner)
    berliner.send("30 Nov 10:00")
    berliner.click("No, change it")
    berliner.expect("interviews:when")
    berliner.send("1 Dec 9:15")
    berliner.click("Yes, that's right")
    berliner.click("45 minutes")
    berliner.click("Pay and logistics")
    berliner.send("Dana Kim")
    berliner.click("They didn't say")
    interview = only_interview(store, ALICE)
    assert interview.starts_at == berlin(2026, 12, 1, 9, 15)
    assert (interview.duration_min, interview.format, interview.interviewers) == (
        45,
        "logistics",
        "Dana Kim",
    )
    assert one(store, ALICE, Kind.DEBRIEF).due_at == berlin(2026, 12, 1, 10, 10)


@pytest.mark.parametrize(
    ("when", "hours_left", "advice"),
    [
        ("in 30 hours", 30, "Over the next day or two:"),
        ("in 20 hours", 20, "With under a day left"),
    ],
)
def test_an_interview_under_three_days_away_gets_the_compressed_plan(
    alice: Driver, store: Store, clock: FrozenClock, when: str, hours_left: int, advice: str
) -> None:
    replies = alice.add_interview("Acme", "Analyst", when=when)

    interview = only_interview(store, ALICE)
    assert interview.starts_at == clock.now() + timedelta(hours=hours_left)
    kinds = {r.kind for r in rows(store, ALICE)}
    assert Kind.PREP_72H not in kinds
    assert Kind.PREP_48H not in kinds
    assert {Kind.PREP_2H, Kind.DEBRIEF, Kind.THANK_YOU, Kind.FOLLOW_UP} <= kinds
    user = store.get_user(ALICE)
    assert user is not None
    plan = plan_interview(
        interview.id,
        clock.now() + timedelta(hours=hours_left),
        timedelta(minutes=60),
        user.zone,
        user.quiet,
        clock.now(),
    )
    assert plan.compressed
    assert sorted(r.dedupe_key for r in rows(store, ALICE)) == sorted(
        p.dedupe_key for p in plan.reminders
    )
    summary = replies[-1].text
    assert "Less than three days to go, so here is the short version of the plan." in summary
    assert advice in summary
    assert "/prep keeps the checklist." in summary
    assert "3 days before" not in summary and "2 days before" not in summary


# changing, closing and deleting


def test_changing_the_time_cancels_the_old_reminders_and_plans_new_ones(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")
    interview = only_interview(store, ALICE)
    old = {r.id for r in rows(store, ALICE)}
    assert len(old) == 7

    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.expect("interviews:manage")
    assert "Saturday 28 November 2026 at 10:00 (Europe/Berlin), about 60 minutes" in berliner.text
    berliner.click("Change the time")
    berliner.expect("interviews:retime")
    berliner.send("30 Nov 15:00")
    berliner.expect("interviews:retime_confirm")
    assert "Monday 30 November 2026 at 15:00 (Europe/Berlin)" in berliner.text
    berliner.click("Yes, that's right")

    assert "is now on Monday 30 November 2026 at 15:00 (Europe/Berlin)" in berliner.text
    moved = store.get_interview(ALICE, interview.id)
    assert moved is not None and moved.starts_at == berlin(2026, 11, 30, 15, 0)
    every = rows(store, ALICE)
    for row in every:
        if row.id in old:
            assert (row.status, row.reason) == (Status.CANCELLED, "rescheduled"), row
    new = [r for r in every if r.id not in old]
    assert all(r.status is Status.PENDING for r in new)
    user = store.get_user(ALICE)
    assert user is not None
    plan = plan_interview(
        interview.id,
        berlin(2026, 11, 30, 15, 0),
        timedelta(minutes=60),
        BERLIN,
        user.quiet,
        clock.now(),
    )
    assert sorted((r.kind, r.due_at) for r in new) == sorted(
        (p.kind, p.due_at) for p in plan.reminders
    )
    assert {r.kind for r in new} == PREP_AND_AFTER
    assert store.load_dialog_state(ALICE) is None


def test_closing_an_interview_cancels_its_reminders(berliner: Driver, store: Store) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.add_interview("Globex", "Lead", when="in 6 days at 11:00")
    acme_id = next(i.id for i in store.interviews(ALICE) if i.company == "Acme")
    globex_id = next(i.id for i in store.interviews(ALICE) if i.company == "Globex")

    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Close it: it's decided")

    assert "Closed <b>Acme</b> – Analyst" in berliner.text
    closed = store.get_interview(ALICE, acme_id)
    assert closed is not None and closed.status == "closed"
    assert rows(store, ALICE, acme_id)
    for row in rows(store, ALICE, acme_id):
        assert (row.status, row.reason) == (Status.CANCELLED, "the interview was closed")
    assert len(pending(store, ALICE, globex_id)) == 7  # the other interview keeps its own
    berliner.send("/interviews")
    assert "Acme" not in berliner.text
    assert "Acme – Analyst" not in berliner.labels


def test_deleting_an_interview_removes_it_and_everything_of_it(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.add_interview("Globex", "Lead")
    acme = next(i for i in store.interviews(ALICE) if i.company == "Acme")
    globex = next(i for i in store.interviews(ALICE) if i.company == "Globex")
    for interview in (acme, globex):
        store.tick_prep_item(ALICE, interview.id, "research", clock.now())
        parts = {"situation": "s", "task": "t", "action": "a", "result": "r"}
        store.add_story(ALICE, interview.id, parts, clock.now())

    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Delete it")
    berliner.expect("interviews:confirm_delete")
    assert "This can't be undone" in berliner.text
    berliner.click("Yes, delete it")

    assert "Deleted <b>Acme</b> – Analyst" in berliner.text
    assert store.get_interview(ALICE, acme.id) is None
    for name in ("reminders", "prep_items", "stories", "readings"):
        left = [r for r in table(store, name) if r["interview_id"] == acme.id]
        assert left == [], name
    assert len(pending(store, ALICE, globex.id)) == 7
    assert store.done_prep_items(ALICE, globex.id) == {"research"}
    assert len(store.stories(ALICE, globex.id)) == 1


def test_no_keep_it_deletes_nothing(berliner: Driver, store: Store) -> None:
    berliner.add_interview("Acme", "Analyst")
    before = table(store, "reminders")
    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Delete it")
    berliner.click("No, keep it")
    berliner.expect("interviews:manage")
    berliner.send("/cancel")
    assert len(store.interviews(ALICE)) == 1
    assert table(store, "reminders") == before


# the prep plan


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


# the debrief


def test_debrief_saves_the_point_and_materials_and_plans_the_nudge(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    clock.set(berlin(2026, 11, 28, 11, 15))  # just after the interview

    berliner.send("/debrief")  # the only interview: no need to ask which
    berliner.expect("debrief:point")
    assert "How did <b>Acme</b> go?" in berliner.text
    berliner.send("their plan to move billing to <Stripe>")
    berliner.expect("debrief:materials")
    berliner.send("a one-page summary")

    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None
    assert saved.discussion_point == "their plan to move billing to <Stripe>"
    assert saved.promised_materials == "a one-page summary"
    user = store.get_user(ALICE)
    assert user is not None
    nudge = one(store, ALICE, Kind.MATERIALS)
    expected = plan_materials(interview.id, clock.now(), BERLIN, user.quiet)
    assert (nudge.due_at, nudge.dedupe_key) == (expected.due_at, expected.dedupe_key)
    assert nudge.due_at == berlin(2026, 11, 28, 14, 15)
    text = berliner.text
    assert "I'll nudge you to send <i>a one-page summary</i>." in text
    assert "<i>their plan to move billing to &lt;Stripe&gt;</i>" in text
    # Within 24 hours of the end (11:00 on Saturday), so by Sunday 11:00.
    assert "(so by Sun 29 Nov, 11:00)" in text
    assert berliner.labels == ["Read the signals for it", "Main menu"]
    assert store.load_dialog_state(ALICE) is None

    berliner.click("Read the signals for it")
    berliner.expect("signals:met_executives")
    assert "<b>Acme</b>" in berliner.text


def test_a_second_debrief_replaces_the_materials_nudge(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)

    def debrief(materials: str) -> None:
        alice.send(f"/debrief i{interview.id}")
        alice.click("Skip this")
        alice.answer(materials)
        assert alice.prompt.token == "menu"

    debrief("a work sample")
    first = one(store, ALICE, Kind.MATERIALS)
    clock.advance(timedelta(minutes=30))
    debrief("a work sample and two references")
    second = one(store, ALICE, Kind.MATERIALS)  # exactly one nudge is left
    assert second.id != first.id
    assert second.due_at == clock.now() + timedelta(hours=3)
    replaced = store.get_reminder(ALICE, first.id)
    assert replaced is not None
    assert (replaced.status, replaced.reason) == (Status.CANCELLED, "replaced by a newer debrief")

    clock.advance(timedelta(minutes=30))
    debrief("Nothing promised")
    assert [r for r in pending(store, ALICE) if r.kind is Kind.MATERIALS] == []
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None and saved.promised_materials is None


def test_debrief_with_nothing_to_note_plans_no_nudge(alice: Driver, store: Store) -> None:
    alice.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    alice.send(f"/debrief i{interview.id}")
    alice.expect("debrief:point")
    alice.click("Skip this")
    alice.click("Nothing promised")
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None
    assert (saved.discussion_point, saved.promised_materials) == (None, None)
    assert [r for r in rows(store, ALICE) if r.kind is Kind.MATERIALS] == []
    assert "one specific thing you discussed" in alice.text
    assert "nudge" not in alice.text


# the buttons under a reminder


def test_snooze_adds_a_pending_copy_an_hour_later(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)

    replies = berliner.press(f"rem:snooze:{first.id}", "reminder")

    assert replies[0].text == "Snoozed until Wed 25 Nov, 11:00."
    assert replies[-1].token == "menu"
    copy = one(store, ALICE, Kind.PREP_72H)
    assert copy.id != first.id
    assert copy.due_at == clock.now() + timedelta(hours=1)
    assert copy.interview_id == first.interview_id
    original = store.get_reminder(ALICE, first.id)
    assert original is not None and original.status is Status.SENT


def test_snoozing_a_reminder_not_yet_sent_replaces_it(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_24H)
    berliner.press(f"rem:snooze:{first.id}", "reminder")
    original = store.get_reminder(ALICE, first.id)
    assert original is not None and original.status is Status.CANCELLED
    assert one(store, ALICE, Kind.PREP_24H).due_at == clock.now() + timedelta(hours=1)


@pytest.mark.parametrize(
    ("now", "morning"),
    [
        (berlin(2026, 11, 25, 10, 0), berlin(2026, 11, 26, 8, 0)),  # tomorrow at 08:00
        (berlin(2026, 11, 26, 2, 0), berlin(2026, 11, 26, 8, 0)),  # before dawn: this morning
    ],
)
def test_tomorrow_morning_moves_it_to_the_next_local_0800(
    berliner: Driver, store: Store, clock: FrozenClock, now: datetime, morning: datetime
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)
    clock.set(now)

    replies = berliner.press(f"rem:morning:{first.id}", "reminder")

    assert replies[0].text == f"I'll bring it back {short_when(morning, BERLIN)}."
    assert one(store, ALICE, Kind.PREP_72H).due_at == morning


def test_tomorrow_morning_without_quiet_hours_is_still_0800_not_midnight(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Berlin", quiet="No quiet hours")
    alice.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)

    replies = alice.press(f"rem:morning:{first.id}", "reminder")

    assert replies[0].text == "I'll bring it back Thu 26 Nov, 08:00."
    assert one(store, ALICE, Kind.PREP_72H).due_at == berlin(2026, 11, 26, 8, 0)


def test_stop_cancels_every_pending_reminder_of_that_interview(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.add_interview("Globex", "Lead")
    acme = next(i for i in store.interviews(ALICE) if i.company == "Acme")
    globex = next(i for i in store.interviews(ALICE) if i.company == "Globex")
    first = next(r for r in pending(store, ALICE, acme.id) if r.kind is Kind.PREP_72H)
    deliver(store, clock, first)

    replies = berliner.press(f"rem:stop:{first.id}", "reminder")

    assert replies[0].text == "No more reminders for Acme."
    assert pending(store, ALICE, acme.id) == []
    for row in rows(store, ALICE, acme.id):
        if row.id != first.id:
            assert (row.status, row.reason) == (Status.CANCELLED, "stopped by the user")
    assert len(pending(store, ALICE, globex.id)) == 7  # the other interview keeps its own
    assert store.get_interview(ALICE, acme.id) is not None


def test_a_stopped_interview_stays_stopped_when_settings_change(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    acme = store.interviews(ALICE)[0]
    first = next(r for r in pending(store, ALICE, acme.id) if r.kind is Kind.PREP_72H)
    deliver(store, clock, first)
    berliner.press(f"rem:stop:{first.id}", "reminder")

    berliner.set_timezone("Asia/Tokyo", quiet="No quiet hours")

    assert pending(store, ALICE, acme.id) == []


def test_done_on_the_thank_you_note_marks_it_sent_and_stops_its_copies(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    note = one(store, ALICE, Kind.THANK_YOU)
    deliver(store, clock, note)
    berliner.press(f"rem:snooze:{note.id}", "reminder")
    copy = one(store, ALICE, Kind.THANK_YOU)
    clock.advance(timedelta(minutes=20))

    replies = berliner.press(f"rem:done:{note.id}", "reminder")

    assert replies[0].text == "Great, thank-you note sent. I've stopped that nudge."
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None and saved.thank_you_sent_at == clock.now()
    after = store.get_reminder(ALICE, copy.id)
    assert after is not None and (after.status, after.reason) == (
        Status.CANCELLED,
        "marked as sent",
    )
    assert [r for r in pending(store, ALICE) if r.kind is Kind.THANK_YOU] == []
    assert one(store, ALICE, Kind.FOLLOW_UP).status is Status.PENDING  # the rest carry on


@pytest.mark.parametrize("action", ["snooze", "morning", "stop", "done"])
def test_another_users_reminder_is_not_active_and_nothing_changes(
    alice: Driver, bob: Driver, store: Store, action: str
) -> None:
    alice.add_interview("Acme", "Analyst")
    bob.send("/start")
    alices = one(store, ALICE, Kind.THANK_YOU)
    before = table(store, "reminders"), table(store, "interviews")

    replies = bob.press(f"rem:{action}:{alices.id}", "reminder")

    assert replies[0].text == GONE
    assert replies[0].stale
    assert replies[-1].token == "menu"
    assert (table(store, "reminders"), table(store, "interviews")) == before
    assert "Acme" not in "".join(r.text for r in replies)


def test_a_cancelled_or_unknown_reminder_is_not_active(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    store.cancel_reminders(ALICE, clock.now(), "test", reminder_id=first.id)
    before = table(store, "reminders")
    for choice in (f"rem:snooze:{first.id}", f"rem:morning:{first.id}", "rem:snooze:999999"):
        replies = alice.press(choice, "reminder")
        assert replies[0].text == GONE and replies[0].stale, choice
    assert table(store, "reminders") == before


def test_the_buttons_under_a_reminder_open_the_plan_and_the_debrief(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    compose = ReminderComposer(store, coach.renderer, content.plan)

    prep = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, prep)
    (message,) = compose(prep, late=False)
    assert message.token == "reminder"
    opener = next(c for c in message.choices if c.label == "Open the prep plan")
    berliner.press(opener.id, message.token)
    berliner.expect("prep:plan")
    assert "<b>Prep plan: Acme</b>" in berliner.text
    berliner.send("/cancel")

    debrief = one(store, ALICE, Kind.DEBRIEF)
    deliver(store, clock, debrief)
    (message,) = compose(debrief, late=False)
    now = next(c for c in message.choices if c.label == "Debrief now")
    berliner.press(now.id, message.token)
    berliner.expect("debrief:point")
    assert f"i{interview.id}" in now.id


def test_the_thank_you_reminder_says_when_the_note_is_due(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst")
    note = one(store, ALICE, Kind.THANK_YOU)
    deliver(store, clock, note)
    (message,) = ReminderComposer(store, coach.renderer, content.plan)(note, late=False)
    # The interview ends at 11:00 on Saturday: the note is due by 11:00 on Sunday.
    assert "it's due within 24 hours of the interview, so by Sun 29 Nov, 11:00." in message.text
    assert message.choices[0].label == "I've sent it"


# /reminders and /calendar


def test_reminders_lists_local_times_and_picking_one_cancels_it(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.send("/reminders")
    berliner.expect("reminders:list")
    assert "<b>Coming up</b> (your time, Europe/Berlin)" in berliner.text
    assert "• Wed 25 Nov, 10:00: 3 days before · Acme" in berliner.text
    assert "• Sun 29 Nov, 08:00: Thank-you note · Acme" in berliner.text
    assert "Wed 25 Nov, 09:00" not in berliner.text  # the UTC time is never shown
    assert len([label for label in berliner.labels if label.startswith("✕ ")]) == 7
    first = one(store, ALICE, Kind.PREP_72H)

    berliner.click("✕ Wed 25 Nov, 10:00 · 3 days before · Acme")

    assert berliner.replies[0].text == "Cancelled."
    berliner.expect("reminders:list")
    cancelled = store.get_reminder(ALICE, first.id)
    assert cancelled is not None
    assert (cancelled.status, cancelled.reason) == (Status.CANCELLED, "cancelled by the user")
    assert "3 days before" not in berliner.text
    assert "✕ Wed 25 Nov, 10:00 · 3 days before · Acme" not in berliner.labels
    assert len(pending(store, ALICE)) == 6
    berliner.click("Done")
    assert "/reminders brings the list back" in berliner.text
    assert store.load_dialog_state(ALICE) is None


def test_reminders_with_nothing_planned_says_how_to_get_some(alice: Driver) -> None:
    alice.send("/reminders")
    assert "No reminders coming up" in alice.text
    assert alice.labels == ["Done", "Cancel"]


def test_calendar_sends_an_ics_file_with_the_interview(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.send("/calendar")
    assert "nothing to put in a calendar" in berliner.replies[0].text
    assert all(r.file is None for r in berliner.replies)

    berliner.add_interview("Acme", "Analyst", duration="90 minutes")
    interview = only_interview(store, ALICE)
    replies = berliner.send("/calendar")

    attached = [r for r in replies if r.file is not None]
    assert len(attached) == 1
    file = attached[0].file
    assert file is not None
    assert file.filename.endswith(".ics")
    assert file.mime == "text/calendar"
    assert "1 interview" in attached[0].text and "Europe/Berlin" in attached[0].text
    assert replies[-1].token == "menu"

    calendar = Calendar.from_ical(file.data)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    event = events[interview_uid(interview.id)]
    assert str(event["SUMMARY"]) == "Acme – Analyst"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == berlin(2026, 11, 28, 10, 0)
    assert end == berlin(2026, 11, 28, 11, 30)
    assert event["DTSTART"].params.get("TZID") == "Europe/Berlin"  # local time, not UTC
    # One event for the interview and one for each pending reminder.
    assert len(events) == 1 + len(pending(store, ALICE))


# two users


def test_two_users_never_see_each_others_records(
    alice: Driver, bob: Driver, store: Store, clock: FrozenClock, coach: Coach
) -> None:
    alice.set_timezone("Europe/Berlin")
    alice.add_interview("Zeta Secret Labs", "Analyst")
    (alices,) = store.interviews(ALICE)
    alice.click("Open the prep plan")
    alice.click("✓ Review the first round")
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
    bob.press("p_review_first", "prep:plan")
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


def test_many_open_interviews_list_the_newest_twenty_and_say_how_many_more(
    alice: Driver, store: Store
) -> None:
    # Telegram allows 100 buttons on a message: a button per open interview has to stop.
    alice.open()
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    for n in range(1, 26):
        store.add_interview(alice.user_id, f"Company {n}", "Analyst", None, now)
    alice.send("/interviews")
    alice.expect("interviews:overview")
    companies = [label for label in alice.labels if label.startswith("Company")]
    assert len(companies) == 20
    assert any("Company 25" in label for label in companies)
    assert not any(label.startswith("Company 5 ") for label in companies)
    assert "Company 25" in alice.text and "Company 5</b>" not in alice.text
    assert "and 5 older ones" in alice.text
    alice.click(companies[-1])
    alice.expect("interviews:manage")
