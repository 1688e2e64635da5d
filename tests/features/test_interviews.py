"""/interviews end to end through the coach on a real SQLite file and a frozen clock.

Adding, confirming, refusing, moving, closing and deleting an interview; the reminders it
plans; the list of open interviews and the screen of one.

The test clock starts on Monday 23 November 2026 at 15:00 UTC (16:00 in Berlin).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.content.templates import short_when
from bot.domain.events import Event, Reply
from bot.domain.reminders import Kind, Status
from bot.rules.reminder_plan import plan_interview
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BERLIN, berlin, one, only_interview, pending, rows, table

PREP_AND_AFTER = {
    Kind.PREP_72H,
    Kind.PREP_48H,
    Kind.PREP_24H,
    Kind.PREP_2H,
    Kind.DEBRIEF,
    Kind.THANK_YOU,
    Kind.FOLLOW_UP,
}


def at_when(driver: Driver, company: str = "Acme") -> None:
    """Answer /interviews up to the question of when the interview is."""
    driver.send("/interviews")
    driver.click("Add an interview")
    driver.send(company)
    driver.send("Analyst")
    driver.click("Second round")
    driver.keep_utc_if_asked()
    driver.expect("interviews:when")


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
        ("1 May 2026 10:00", "Friday 1 May 2026, 10:00 is more than six months ago"),
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


def test_moving_an_interview_never_resends_a_milestone_already_delivered(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")  # Sat 28 Nov 10:00
    interview = only_interview(store, ALICE)
    three_days = one(store, ALICE, Kind.PREP_72H)
    clock.set(three_days.due_at)  # Wed 25 Nov 10:00: the dispatcher sends it
    assert store.claim_reminder(three_days.id, clock.now()) is not None
    assert store.mark_sent(three_days.id, clock.now())

    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Change the time")
    berliner.send("30 Nov 15:00")  # a new "3 days before" would fall on Fri 27 Nov, ahead
    berliner.click("Yes, that's right")

    assert [r.kind for r in pending(store, ALICE, interview.id)].count(Kind.PREP_72H) == 0
    sent = [r for r in rows(store, ALICE, interview.id) if r.status is Status.SENT]
    assert [(r.id, r.kind) for r in sent] == [(three_days.id, Kind.PREP_72H)]
    text = berliner.text
    assert "Already sent, so not sent again: 3 days before." in text
    assert "Its reminders moved with it:" in text
    assert "• Sat 28 Nov, 15:00: 2 days before" in text
    assert "3 days before\n" not in text.split("moved with it:")[1]
    assert {r.kind for r in pending(store, ALICE, interview.id)} == PREP_AND_AFTER - {Kind.PREP_72H}


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


# the list of interviews and the screen of one


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


def test_an_interview_past_the_newest_twenty_is_picked_by_typing_its_name(
    alice: Driver, store: Store
) -> None:
    alice.open()
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    for n in range(1, 26):
        store.add_interview(alice.user_id, f"Company {n}", "Analyst", None, now)
    alice.send("/interviews")
    assert "Company 3 – Analyst" not in alice.labels

    alice.send("company 3")

    alice.expect("interviews:manage")
    assert "<b>Company 3</b>" in alice.text


# the whole dialog in UTC, as a user who never set a timezone


def test_interviews_dialog_adds_and_lists(alice: Driver, store: Store) -> None:
    alice.send("/interviews")
    assert "aren't tracking any interviews" in alice.text
    alice.click("Add an interview")
    alice.send("<b>Acme & Co</b>")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in alice.text
    alice.send("Analyst")
    alice.click("Second round")
    alice.expect("interviews:zone_ask")  # never told the coach their timezone: asked first
    alice.click("Keep UTC")
    alice.expect("interviews:when")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in alice.text
    alice.send("1 Dec 10am")
    alice.expect("interviews:confirm_when")
    assert "Tuesday 1 December 2026 at 10:00 (UTC)" in alice.text
    alice.click("Yes, that's right")
    alice.click("90 minutes")
    alice.click("Presentation or case")
    alice.send("Dana <Kim>, Luis Ortega")
    alice.send("within two weeks")
    assert "Saved" in alice.text
    assert (
        "Saved: <b>&lt;b&gt;Acme &amp; Co&lt;/b&gt;</b> – Analyst, Tuesday 1 December" in alice.text
    )
    assert "I'll remind you:" in alice.text
    (saved,) = store.interviews("test:alice")
    assert (saved.company, saved.role, saved.round) == ("<b>Acme & Co</b>", "Analyst", "second")
    assert saved.starts_at == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert (saved.duration_min, saved.format) == (90, "presentation")
    assert saved.interviewers == "Dana <Kim>, Luis Ortega"
    # Two weeks from the interview (Tue 1 Dec), as the employer meant it; counted from the day
    # it was typed (Mon 23 Nov) it used to read 7 Dec, a week before the decision was due.
    assert saved.decision_by == date(2026, 12, 15)
    assert saved.decision_note == "within two weeks"
    assert store.load_dialog_state("test:alice") is None
    alice.click("Read the signals for it")
    assert alice.prompt.token == "signals:met_executives"
    alice.send("/interviews")
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in alice.text


def test_adding_an_interview_can_skip_what_is_not_known(alice: Driver, store: Store) -> None:
    alice.add_interview("Initech", "Engineer", duration="75 min")
    (saved,) = store.interviews("test:alice")
    assert saved.duration_min == 75
    assert (saved.interviewers, saved.decision_by, saved.decision_note) == (None, None, None)


def test_no_change_it_asks_the_time_again(alice: Driver, store: Store) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    alice.send("Acme")
    alice.send("Analyst")
    alice.click("Second round")
    alice.keep_utc_if_asked()
    alice.send("1 Dec 10am")
    alice.click("No, change it")
    alice.expect("interviews:when")
    alice.send("2 Dec 14:30")
    assert "Wednesday 2 December 2026 at 14:30 (UTC)" in alice.text
    alice.click("Yes, that's right")
    alice.expect("interviews:duration")
    assert store.interviews("test:alice") == []


def test_picking_an_interview_opens_manage(alice: Driver, store: Store) -> None:
    alice.add_interview("Acme", "Analyst")
    alice.send("/interviews")
    assert "<b>Acme</b> – Analyst" in alice.text
    alice.click("Acme – Analyst")
    alice.expect("interviews:manage")
    assert alice.labels[:5] == [
        "Change the time",
        "Edit the details",
        "Close it: it's decided",
        "Delete it",
        "Done",
    ]
    alice.click("Delete it")
    alice.expect("interviews:confirm_delete")
    alice.click("No, keep it")
    alice.expect("interviews:manage")
    assert len(store.interviews("test:alice")) == 1


# interviews that already happened: most people find the coach after theirs


def test_an_interview_from_last_week_is_added_with_the_follow_up_from_the_rules(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/London")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wed 2 Dec, 09:00 in London
    at_when(alice)
    alice.send("last Wednesday 14:00")
    alice.expect("interviews:confirm_when")
    assert "Wednesday 25 November 2026 at 14:00 (Europe/London)" in alice.text
    alice.click("Yes, that's right")
    assert "How long did it take?" in alice.text  # it has happened: asked in the past tense
    alice.click("1 hour")
    assert "What kind of round was it?" in alice.text
    alice.click("Panel or stakeholders")
    assert "Who interviewed you?" in alice.text
    alice.click("I don't know yet")
    alice.click("They didn't say")

    assert "It's behind you, so there's no prep to plan." in alice.text
    assert "Less than three days to go" not in alice.text
    assert "due within 24 hours" not in alice.text  # the note's day has gone by
    assert alice.labels == ["Debrief now", "Should I follow up?", "Main menu"]
    # No prep, no debrief, no thank-you nudge (past use); the follow-up from the rules:
    # five business days after Wed 25 Nov is today, 10:00.
    (follow_up,) = pending(store, ALICE)
    assert follow_up.kind is Kind.FOLLOW_UP
    assert follow_up.due_at == datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    assert "• Wed 2 Dec, 10:00: Follow-up" in alice.text
    alice.click("Should I follow up?")
    assert "Yes, follow up now</b> (today, Wednesday 2 December)" in alice.text
    assert "Five working days have passed since the interview." in alice.text


def test_an_interview_from_yesterday_still_gets_its_thank_you_nudge(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/London")
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))  # Wed 2 Dec, 09:00 in London
    alice.add_interview("Acme", "Analyst", when="yesterday 15:00")  # Tue 1 Dec, until 16:00

    kinds = {r.kind: r.due_at for r in pending(store, ALICE)}
    assert set(kinds) == {Kind.THANK_YOU, Kind.FOLLOW_UP}  # no prep, no debrief reminder
    assert kinds[Kind.THANK_YOU] == datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert "That note is due within 24 hours of the interview, so by Wed 2 Dec, 16:00." in (
        alice.text
    )
    alice.click("Debrief now")
    alice.expect("debrief:point")


# the timezone before the first date is read


def test_a_new_user_is_asked_their_timezone_before_the_first_date(
    alice: Driver, store: Store
) -> None:
    alice.send("/interviews")
    alice.click("Add an interview")
    alice.send("Acme")
    alice.send("Analyst")
    alice.click("Second round")
    alice.expect("interviews:zone_ask")
    assert "which timezone are you in?" in alice.text
    alice.send("IST")  # India, Ireland or Israel: never guessed
    assert "<i>IST</i> is short for more than one timezone" in alice.text
    alice.expect("interviews:zone_ask")
    alice.send("Berlin")

    alice.expect("interviews:when")
    assert "Got it: Europe/Berlin" in alice.text
    assert "I'll read it in your timezone, <b>Europe/Berlin</b>" in alice.text
    alice.send("next Thursday 14:00")
    assert "Thursday 26 November 2026 at 14:00 (Europe/Berlin)" in alice.text
    alice.click("Yes, that's right")
    state = store.load_dialog_state(ALICE)
    assert state is not None
    assert state["answers"]["when"]["utc"] == "2026-11-26T13:00:00+00:00"  # read in Berlin
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "Europe/Berlin" and user.zone_known


def test_the_timezone_is_asked_only_once(alice: Driver) -> None:
    alice.add_interview("Acme", "Analyst")  # answers "Keep UTC" when asked

    alice.send("/interviews")
    alice.click("Add an interview")
    alice.send("Globex")
    alice.send("Lead")
    alice.click("Second round")
    alice.expect("interviews:when")  # not asked again, UTC is what they chose


# editing an interview's details


def test_every_detail_of_an_interview_can_be_edited(berliner: Driver, store: Store) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 10:00")  # Sat 28 Nov
    interview = only_interview(store, ALICE)
    debrief = one(store, ALICE, Kind.DEBRIEF)
    assert debrief.due_at == berlin(2026, 11, 28, 11, 10)

    berliner.send("/interviews")
    berliner.click("Acme – Analyst")
    berliner.click("Edit the details")
    berliner.expect("interviews:edit_pick")
    berliner.click("Company")
    berliner.send("Acme <Holdings>")
    assert "Saved: the company is now <i>Acme &lt;Holdings&gt;</i>." in berliner.text
    berliner.expect("interviews:manage")  # back on its card, to edit more or be done
    assert "<b>Acme &lt;Holdings&gt;</b> – Analyst" in berliner.text
    for field, answer in (
        ("Role", "Senior Analyst"),
        ("Interviewers", "Rui Costa, Dana Kim"),
        ("Kind of round", "Presentation or case"),
        ("Length", "90 minutes"),
        ("Their decision date", "within two weeks"),
    ):
        berliner.click("Edit the details")
        berliner.click(field)
        if field == "Length":
            assert "How long should it take?" in berliner.text  # still to come
        berliner.answer(answer)
        berliner.expect("interviews:manage")
    assert "Saved: they said they'd decide by Saturday 12 December" in berliner.text
    berliner.click("Done")

    edited = store.get_interview(ALICE, interview.id)
    assert edited is not None
    assert (edited.company, edited.role) == ("Acme <Holdings>", "Senior Analyst")
    assert (edited.interviewers, edited.format) == ("Rui Costa, Dana Kim", "presentation")
    assert edited.duration_min == 90
    assert edited.decision_by == date(2026, 12, 12)  # two weeks from the interview
    assert edited.starts_at == interview.starts_at  # the time is untouched
    moved = one(store, ALICE, Kind.DEBRIEF)
    assert moved.due_at == berlin(2026, 11, 28, 11, 40)  # ten minutes after the longer end
    assert store.load_dialog_state(ALICE) is None


def test_the_recruiter_moved_my_interview_opens_the_existing_one(
    berliner: Driver, store: Store
) -> None:
    berliner.add_interview("Acme", "Analyst")

    berliner.send("the recruiter moved my interview")

    berliner.expect("interviews:overview")  # the list to pick it from, not a new interview
    assert "Acme – Analyst" in berliner.labels
    berliner.click("Acme – Analyst")
    assert berliner.labels[:2] == ["Change the time", "Edit the details"]
    assert len(store.interviews(ALICE)) == 1


def speak(
    coach: Coach,
    language: str,
    text: str | None = None,
    *,
    choice: str | None = None,
    token: str | None = None,
) -> list[Reply]:
    """Send Alice's message or press from an app set to `language`, as Telegram tells it."""
    event = Event(user_id=ALICE, text=text, choice=choice, token=token, language=language)
    return coach.handle(event)


def up_to_the_zone(coach: Coach, language: str) -> list[Reply]:
    """Add an interview from an app in `language`, up to the timezone question."""
    speak(coach, language, "/interviews")
    speak(coach, language, choice="new", token="interviews:overview")
    speak(coach, language, "Acme")
    speak(coach, language, "Analyst")
    return speak(coach, language, choice="second", token="interviews:round")


def test_the_timezone_the_app_language_suggests_is_offered_not_taken(
    coach: Coach, store: Store
) -> None:
    asked = up_to_the_zone(coach, "de-DE")[-1]

    assert asked.token == "interviews:zone_guess"
    assert "is your timezone <b>Europe/Berlin</b>?" in asked.text
    assert [c.label for c in asked.choices][:2] == ["Yes, Europe/Berlin", "Another timezone"]
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "UTC"  # only offered, not taken
    replies = speak(coach, "de-DE", choice="Europe/Berlin", token="interviews:zone_guess")
    assert replies[-1].token == "interviews:when"
    assert "Got it: Europe/Berlin" in replies[0].text
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "Europe/Berlin" and user.zone_known


def test_another_timezone_than_the_guess_can_be_typed(coach: Coach, store: Store) -> None:
    up_to_the_zone(coach, "fr")

    replies = speak(coach, "fr", choice="other", token="interviews:zone_guess")
    assert replies[-1].token == "interviews:zone_ask"
    replies = speak(coach, "fr", "Montreal")

    assert replies[-1].token == "interviews:when"
    user = store.get_user(ALICE)
    assert user is not None and user.timezone == "America/Toronto"


def test_a_language_spoken_in_many_zones_gives_no_guess(coach: Coach) -> None:
    asked = up_to_the_zone(coach, "en")[-1]

    assert asked.token == "interviews:zone_ask"


def test_the_length_of_an_interview_with_no_time_yet_is_saved(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.open()
    interview = store.add_interview(ALICE, "Acme", "Analyst", "second", clock.now())

    alice.send("/interviews")
    alice.click("Acme – Analyst")
    alice.click("Edit the details")
    alice.click("Length")
    assert "How long should it take?" in alice.text  # no time yet: not known to be past
    alice.click("2 hours")

    assert "Saved: the interview takes about 120 minutes." in alice.text
    saved = store.get_interview(ALICE, interview)
    assert saved is not None and saved.duration_min == 120 and saved.starts_at is None


def test_editing_a_past_interview_asks_in_the_past_tense(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.add_interview("Acme", "Analyst", when="yesterday at 15:00")

    alice.send("/interviews")
    alice.click("Acme – Analyst")
    alice.click("Edit the details")
    alice.click("Length")

    assert "How long did it take?" in alice.text
