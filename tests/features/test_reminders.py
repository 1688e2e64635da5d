"""What a due reminder says and what its buttons do (snooze, tomorrow morning, stop, done,
open the plan or the debrief), and /reminders: the list of coming reminders and cancelling one.

A reminder button's answer replaces the reminder message (`edits`): the reminder as it reads
now, then one line on what happened; it never brings the menu along.

The test clock starts on Monday 23 November 2026 at 15:00 UTC (16:00 in Berlin).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.content.templates import short_when
from bot.domain.events import Reply
from bot.domain.reminders import Kind, Planned, ReminderRow, Status
from bot.features.reminders import ReminderComposer
from bot.reminders.scheduling import replan
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BERLIN, berlin, one, only_interview, pending, rows, table

GONE = "That reminder isn't active any more."


def status(reply: Reply) -> str:
    """The line a reminder button's answer adds under the reminder."""
    return reply.text.rsplit("\n\n", 1)[-1]


def deliver(store: Store, clock: FrozenClock, row: ReminderRow) -> None:
    """Bring the clock to a reminder's time and record it sent, as the dispatcher does."""
    clock.set(row.due_at)
    assert store.claim_reminder(row.id, clock.now()) is not None
    assert store.mark_sent(row.id, clock.now())


def test_snooze_adds_a_pending_copy_an_hour_later(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)

    replies = berliner.press(f"rem:snooze:{first.id}", "reminder")

    (reply,) = replies  # the reminder message, edited: no menu sent after it
    assert reply.edits and not reply.choices
    assert reply.text.startswith("<b>3 days before: Acme</b>")  # the reminder stays readable
    assert status(reply) == "⏰ Snoozed: it comes back <b>Wed 25 Nov, 11:00</b>."
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

    assert status(replies[0]) == f"⏰ It comes back <b>{short_when(morning, BERLIN)}</b>."
    assert one(store, ALICE, Kind.PREP_72H).due_at == morning


def test_tomorrow_morning_without_quiet_hours_is_still_0800_not_midnight(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.set_timezone("Europe/Berlin", quiet="No quiet hours")
    alice.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)

    replies = alice.press(f"rem:morning:{first.id}", "reminder")

    assert status(replies[0]) == "⏰ It comes back <b>Thu 26 Nov, 08:00</b>."
    assert one(store, ALICE, Kind.PREP_72H).due_at == berlin(2026, 11, 26, 8, 0)


def test_stop_all_for_this_interview_cancels_every_pending_reminder_of_it(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    berliner.add_interview("Globex", "Lead")
    acme = next(i for i in store.interviews(ALICE) if i.company == "Acme")
    globex = next(i for i in store.interviews(ALICE) if i.company == "Globex")
    first = next(r for r in pending(store, ALICE, acme.id) if r.kind is Kind.PREP_72H)
    deliver(store, clock, first)
    berliner.press(f"rem:stop:{first.id}", "reminder")

    replies = berliner.press(f"rem:stop_all:{first.id}", "reminder")

    assert status(replies[0]) == "✓ No more reminders for Acme."
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
    berliner.press(f"rem:stop_all:{first.id}", "reminder")

    berliner.set_timezone("Asia/Tokyo", quiet="No quiet hours")

    assert pending(store, ALICE, acme.id) == []


def test_done_on_the_thank_you_note_marks_it_sent_and_stops_its_copies(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    note = one(store, ALICE, Kind.THANK_YOU)
    deliver(store, clock, note)
    # Another thank-you nudge still to come (say one the planner made again).
    later = Planned(Kind.THANK_YOU, clock.now() + timedelta(hours=3), "another nudge")
    copy = store.add_reminder(ALICE, interview.id, later, clock.now())
    assert copy is not None
    clock.advance(timedelta(minutes=20))

    replies = berliner.press(f"rem:done:{note.id}", "reminder")

    assert status(replies[0]) == "✓ Great, thank-you note sent. I've stopped that nudge."
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None and saved.thank_you_sent_at == clock.now()
    after = store.get_reminder(ALICE, copy.id)
    assert after is not None and (after.status, after.reason) == (
        Status.CANCELLED,
        "marked as sent",
    )
    assert [r for r in pending(store, ALICE) if r.kind is Kind.THANK_YOU] == []
    assert one(store, ALICE, Kind.FOLLOW_UP).status is Status.PENDING  # the rest carry on


@pytest.mark.parametrize(
    "action", ["snooze", "morning", "stop", "stop_kind", "stop_all", "keep", "done"]
)
def test_another_users_reminder_is_not_active_and_nothing_changes(
    alice: Driver, bob: Driver, store: Store, action: str
) -> None:
    alice.add_interview("Acme", "Analyst")
    bob.send("/start")
    alices = one(store, ALICE, Kind.THANK_YOU)
    before = table(store, "reminders"), table(store, "interviews")

    replies = bob.press(f"rem:{action}:{alices.id}", "reminder")

    (reply,) = replies  # a notice alone (Telegram shows it as the press's pop-up)
    assert (reply.text, reply.stale, reply.notice) == (GONE, True, True)
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
    berliner.expect("prep")
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


def labels(reply: Reply) -> list[str]:
    """The button labels under a reply."""
    return [c.label for c in reply.choices]


def test_stop_asks_first_and_changes_nothing_until_answered(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)
    before = table(store, "reminders")

    (reply,) = berliner.press(f"rem:stop:{first.id}", "reminder")

    assert reply.edits
    assert "<b>Stop which reminders for Acme?</b>" in status(reply)
    assert labels(reply) == ["Only the prep reminders", "All for this interview", "Keep them"]
    assert table(store, "reminders") == before


def test_stop_under_a_prep_reminder_stops_only_the_prep_reminders(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)
    berliner.press(f"rem:stop:{first.id}", "reminder")

    (reply,) = berliner.press(f"rem:stop_kind:{first.id}", "reminder")

    assert status(reply) == "✓ Stopped the prep reminders for Acme. The others still come."
    assert not reply.choices
    left = {r.kind for r in pending(store, ALICE, interview.id)}
    assert left == {Kind.DEBRIEF, Kind.THANK_YOU, Kind.FOLLOW_UP}  # the debrief & co. stay
    stopped = [r for r in rows(store, ALICE, interview.id) if r.status is Status.CANCELLED]
    assert {r.kind for r in stopped} == {Kind.PREP_48H, Kind.PREP_24H, Kind.PREP_2H}
    # Moving the interview (or any re-plan) keeps them stopped.
    user = store.get_user(ALICE)
    assert user is not None
    store.set_schedule(ALICE, interview.id, clock.now() + timedelta(days=6), 60)
    moved = only_interview(store, ALICE)
    replan(store, user, moved, clock.now())
    assert {r.kind for r in pending(store, ALICE, interview.id)} == {
        Kind.DEBRIEF,
        Kind.THANK_YOU,
        Kind.FOLLOW_UP,
    }


def test_stop_under_the_follow_up_stops_only_the_follow_up(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    note = one(store, ALICE, Kind.THANK_YOU)
    deliver(store, clock, note)
    berliner.press(f"rem:snooze:{note.id}", "reminder")  # a pending copy of the thank-you
    follow_up = one(store, ALICE, Kind.FOLLOW_UP)

    (asked,) = berliner.press(f"rem:stop:{follow_up.id}", "reminder")
    assert labels(asked)[0] == "Only the follow-up reminder"
    berliner.press(f"rem:stop_kind:{follow_up.id}", "reminder")

    left = {r.kind for r in pending(store, ALICE, interview.id)}
    assert Kind.FOLLOW_UP not in left
    assert {Kind.THANK_YOU, Kind.DEBRIEF, Kind.PREP_2H} <= left  # the snoozed note included


def test_keep_them_puts_the_reminder_and_its_buttons_back(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)
    (shown,) = ReminderComposer(store, coach.renderer, content.plan)(first, late=False)
    berliner.press(f"rem:stop:{first.id}", "reminder")
    before = table(store, "reminders")

    (reply,) = berliner.press(f"rem:keep:{first.id}", "reminder")

    assert reply.edits and (reply.text, reply.choices) == (shown.text, shown.choices)
    assert table(store, "reminders") == before


@pytest.mark.parametrize("kind", [Kind.PREP_72H, Kind.PREP_2H, Kind.DEBRIEF, Kind.FOLLOW_UP])
def test_every_interview_reminder_can_be_marked_done(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content, kind: Kind
) -> None:
    berliner.add_interview("Acme", "Analyst")
    row = one(store, ALICE, kind)
    deliver(store, clock, row)
    (message,) = ReminderComposer(store, coach.renderer, content.plan)(row, late=False)
    assert "Done" in labels(message)
    # Another of its kind still to come (one the user snoozed earlier, say).
    again = Planned(kind, clock.now() + timedelta(hours=1), f"{row.dedupe_key}:again")
    copy = store.add_reminder(ALICE, row.interview_id, again, clock.now())
    assert copy is not None

    (reply,) = berliner.press(f"rem:done:{row.id}", "reminder")

    assert status(reply) == "✓ Done."  # seen: acknowledged, its buttons gone
    assert reply.edits and not reply.choices
    cancelled = store.get_reminder(ALICE, copy.id)
    assert cancelled is not None and cancelled.status is Status.CANCELLED  # no copy comes back
    assert [r for r in pending(store, ALICE) if r.kind is kind] == []


def test_a_two_hour_reminder_offers_no_morning_after_the_interview(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst")  # Saturday 28 November, 10:00 Berlin
    row = one(store, ALICE, Kind.PREP_2H)
    deliver(store, clock, row)

    (message,) = ReminderComposer(store, coach.renderer, content.plan)(row, late=False)

    assert labels(message) == ["Open the prep plan", "Done", "Snooze 1 hour", "Stop…"]


def test_tomorrow_morning_pressed_late_never_moves_a_prep_reminder_past_the_interview(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")  # Saturday 28 November, 10:00 Berlin
    row = one(store, ALICE, Kind.PREP_24H)  # Friday 10:00: tomorrow morning is fine then...
    deliver(store, clock, row)
    clock.set(berlin(2026, 11, 27, 22, 0))  # ...but pressed at 22:00 it would be Sat 08:00

    (reply,) = berliner.press(f"rem:morning:{row.id}", "reminder")

    assert status(reply) == "⏰ It comes back <b>Sat 28 Nov, 08:00</b>."  # still in time
    copy = one(store, ALICE, Kind.PREP_24H)
    assert copy.due_at == berlin(2026, 11, 28, 8, 0)
    deliver(store, clock, copy)  # back at 08:00, with its own buttons
    clock.set(berlin(2026, 11, 28, 9, 10))
    (late,) = berliner.press(f"rem:snooze:{copy.id}", "reminder")  # an hour on: past 10:00
    clamped = berlin(2026, 11, 28, 9, 30)
    assert status(late) == (
        "⏰ That would be too late for your interview, so it comes back "
        "<b>Sat 28 Nov, 09:30</b>, 30 minutes before it starts."
    )
    assert max(r.due_at for r in pending(store, ALICE) if r.kind is Kind.PREP_24H) == clamped


def test_a_snooze_with_no_time_left_before_the_interview_moves_nothing(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    row = one(store, ALICE, Kind.PREP_2H)
    deliver(store, clock, row)
    clock.set(berlin(2026, 11, 28, 9, 20))
    before = table(store, "reminders")

    (reply,) = berliner.press(f"rem:snooze:{row.id}", "reminder")

    assert "too close to move this reminder" in status(reply)
    assert table(store, "reminders") == before


def test_a_two_hour_reminder_moved_by_quiet_hours_says_how_long_before(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst", when="in 5 days at 9:00")  # Sat 28 Nov 09:00
    row = one(store, ALICE, Kind.PREP_2H)
    assert row.due_at == berlin(2026, 11, 28, 8, 0)  # 07:00 is quiet: 08:00, not Friday night
    deliver(store, clock, row)

    (message,) = ReminderComposer(store, coach.renderer, content.plan)(row, late=False)

    assert message.text.startswith("<b>1 hour before: Acme</b>")


def test_the_thank_you_nudge_names_people_and_the_topic_never_the_raw_notes(
    berliner: Driver, store: Store, coach: Coach, content: Content
) -> None:
    berliner.add_interview(
        "Acme", "Analyst", when="in 1 days at 10:00", interviewers="Rui Costa (VP Eng), Ana"
    )
    interview = only_interview(store, ALICE)
    point = "it went well… Rui asked a lot about the ledger migration"
    store.set_debrief(ALICE, interview.id, point, None)
    nudge = one(store, ALICE, Kind.THANK_YOU)

    (message,) = ReminderComposer(store, coach.renderer, content.plan)(nudge, late=False)

    assert "thank Rui and Ana" in message.text
    assert "VP Eng" not in message.text and "it went well" not in message.text
    assert "your conversation about <i>the ledger migration</i>" in message.text


# one press, one effect


def test_four_presses_of_snooze_snooze_it_once(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    first = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, first)

    answers = []
    for _ in range(4):  # a double-tap and two more before the edited message arrives
        answers.append(berliner.press(f"rem:snooze:{first.id}", "reminder")[0])
        clock.advance(timedelta(seconds=1))

    assert status(answers[0]) == "⏰ Snoozed: it comes back <b>Wed 25 Nov, 11:00</b>."
    assert [(a.text, a.stale) for a in answers[1:]] == [(GONE, True)] * 3
    copies = [r for r in pending(store, ALICE) if r.kind is Kind.PREP_72H]
    assert len(copies) == 1


@pytest.mark.parametrize("first", ["snooze", "morning", "done", "stop_kind", "stop_all"])
@pytest.mark.parametrize("then", ["snooze", "morning", "done", "stop", "stop_kind", "stop_all"])
def test_once_a_button_took_effect_every_button_of_that_reminder_is_stale(
    berliner: Driver, store: Store, clock: FrozenClock, first: str, then: str
) -> None:
    berliner.add_interview("Acme", "Analyst")
    row = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, row)
    if first.startswith("stop_"):
        berliner.press(f"rem:stop:{row.id}", "reminder")
    (done,) = berliner.press(f"rem:{first}:{row.id}", "reminder")
    assert not done.stale
    clock.advance(timedelta(minutes=1))
    before = table(store, "reminders"), table(store, "interviews")

    replies = berliner.press(f"rem:{then}:{row.id}", "reminder")

    assert (replies[0].text, replies[0].stale) == (GONE, True)
    assert (table(store, "reminders"), table(store, "interviews")) == before


def test_stop_and_keep_only_ask_and_restore_so_a_real_choice_still_works(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    row = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, row)
    for _ in range(2):
        berliner.press(f"rem:stop:{row.id}", "reminder")
        berliner.press(f"rem:keep:{row.id}", "reminder")

    (reply,) = berliner.press(f"rem:snooze:{row.id}", "reminder")

    assert not reply.stale and status(reply).startswith("⏰ Snoozed")
    assert berliner.press(f"rem:keep:{row.id}", "reminder")[0].text == GONE  # pressed: stale


def test_the_snoozed_copy_has_buttons_of_its_own(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    row = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, row)
    berliner.press(f"rem:snooze:{row.id}", "reminder")
    copy = one(store, ALICE, Kind.PREP_72H)
    deliver(store, clock, copy)

    (reply,) = berliner.press(f"rem:done:{copy.id}", "reminder")

    assert status(reply) == "✓ Done."
