"""Reminder delivery: the downtime policy, claims, crashes, downtime, blocking and retries.

The scheduler is a real APScheduler started paused: jobs are inspected with `get_jobs()` and
fired by calling `deliver` directly, so no test sleeps and the frozen clock is the only time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.clock import FrozenClock
from bot.domain.events import Reply
from bot.domain.reminders import Kind, Planned, ReminderRow, Status
from bot.reminders.delivery import (
    DUE_BATCH,
    SWEEP_JOB_ID,
    Dispatcher,
    Permanent,
    Sender,
    Throttled,
    Unreachable,
    backoff,
)
from bot.rules.downtime import overdue_decision
from bot.store import Store

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


class FakeSender:
    """Records what would be sent; can be told to fail."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[str]]] = []
        self.error: Exception | None = None

    async def __call__(self, user_id: str, replies: list[Reply]) -> None:
        if self.error is not None:
            raise self.error
        self.sent.append((user_id, [r.text for r in replies]))

    @property
    def texts(self) -> list[str]:
        """Every text sent, in order."""
        return [text for _, texts in self.sent for text in texts]


def compose(row: ReminderRow, late: bool) -> list[Reply]:
    """The fake composer: the kind and whether it is late."""
    return [Reply(f"{row.kind} late={late}")]


def new_scheduler() -> AsyncIOScheduler:
    """A real scheduler that never runs a job by itself (needs a running event loop)."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)
    return scheduler


class Process:
    """One run of the coach: its own store connection, scheduler and dispatcher."""

    def __init__(
        self,
        db_path: Path,
        clock: FrozenClock,
        sender: Sender,
        in_flight: int = 1,
        batch: int = DUE_BATCH,
    ) -> None:
        self.clock = clock
        self.store = Store.open(db_path)
        self.scheduler = new_scheduler()
        self.dispatcher = Dispatcher(
            self.store, clock, sender, compose, self.scheduler, in_flight=in_flight, batch=batch
        )
        self.armed: list[int] = []
        """Every reminder id a job was added for, in order (a job replaced counts again)."""
        add_job = self.scheduler.add_job

        def record(*args: Any, **kwargs: Any) -> Any:
            if str(kwargs.get("id", "")).startswith("reminder:"):
                self.armed.append(kwargs["args"][0])
            return add_job(*args, **kwargs)

        self.scheduler.add_job = record

    def jobs(self) -> dict[int, datetime]:
        """The reminder jobs: reminder id -> when the job runs."""
        return {
            job.args[0]: job.next_run_time
            for job in self.scheduler.get_jobs()
            if job.id.startswith("reminder:")
        }

    async def fire_due(self) -> None:
        """Run every reminder job whose time has come, as the scheduler would."""
        while due := [i for i, at in self.jobs().items() if at <= self.clock.now()]:
            for reminder_id in due:
                self.scheduler.remove_job(f"reminder:{reminder_id}")
                await self.dispatcher.deliver(reminder_id)

    async def run_until(self, until: datetime, step: timedelta = 5 * MINUTE) -> None:
        """Let time pass while the process runs: sweep and fire jobs at every step."""
        await self.fire_due()
        while self.clock.now() < until:
            self.clock.advance(min(step, until - self.clock.now()))
            self.dispatcher.sweep()
            await self.fire_due()

    def stop(self) -> None:
        """The process ends: its scheduler and connection are gone."""
        self.scheduler.shutdown(wait=False)
        self.store.close()


@pytest.fixture
def sender() -> FakeSender:
    """A sender that records."""
    return FakeSender()


@pytest.fixture
async def process(db_path: Path, clock: FrozenClock, sender: FakeSender) -> AsyncIterator[Process]:
    """A running process over the test's database."""
    running = Process(db_path, clock, sender)
    yield running
    running.stop()


def add_interview(store: Store, clock: FrozenClock, starts_at: datetime, user: str = "u:1") -> int:
    """Create the user and an interview starting at `starts_at` (an hour long)."""
    store.ensure_user(user, clock.now())
    interview_id = store.add_interview(user, "Acme", "Engineer", "second", clock.now())
    store.db.execute(
        "UPDATE interviews SET starts_at = ? WHERE id = ?",
        [starts_at.isoformat(timespec="seconds"), interview_id],
    )
    return interview_id


def full_plan(store: Store, clock: FrozenClock, start: datetime, user: str = "u:1") -> int:
    """An interview at `start` with every kind of reminder; return the interview id."""
    iv = add_interview(store, clock, start, user)
    end = start + HOUR
    due = {
        Kind.PREP_48H: start - 48 * HOUR,
        Kind.PREP_24H: start - 24 * HOUR,
        Kind.PREP_2H: start - 2 * HOUR,
        Kind.DEBRIEF: end + HOUR,
        Kind.THANK_YOU: end + 3 * HOUR,
        Kind.FOLLOW_UP: end + 5 * DAY,
    }
    planned = [Planned(k, at, f"iv{iv}:{k.value}") for k, at in due.items()]
    store.plan_reminders(user, iv, planned, clock.now())
    store.add_reminder(
        user, iv, Planned(Kind.MATERIALS, end + 2 * HOUR, f"iv{iv}:mat"), clock.now()
    )
    return iv


def rows(store: Store) -> list[ReminderRow]:
    """Every reminder row, of every status."""
    keys = store.db.query("SELECT id, user_id FROM reminders ORDER BY id")
    found = [store.get_reminder(k["user_id"], k["id"]) for k in keys]
    return [r for r in found if r is not None]


def by_kind(store: Store) -> dict[Kind, ReminderRow]:
    """The rows of a one-interview test, by kind."""
    return {r.kind: r for r in rows(store)}


def assert_accounted(store: Store, clock: FrozenClock, sender: FakeSender) -> None:
    """No reminder is lost (each is sent, skipped with a reason, or still ahead) or doubled."""
    for row in rows(store):
        if row.status is Status.PENDING:
            assert row.due_at > clock.now(), row
        else:
            assert row.status in (Status.SENT, Status.SKIPPED), row
        if row.status is Status.SKIPPED:
            assert row.reason
    sent_kinds = [text.split()[0] for text in sender.texts]
    assert len(sent_kinds) == len(set(sent_kinds)), sent_kinds
    assert len(sent_kinds) == sum(r.status is Status.SENT for r in rows(store))


# the policy


S = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # the interview starts
E = S + HOUR  # and ends


@pytest.mark.parametrize(
    ("kind", "due_at", "now", "action"),
    [
        (Kind.PREP_24H, S - 24 * HOUR, S - 24 * HOUR - MINUTE, "send"),  # early
        (Kind.PREP_24H, S - 24 * HOUR, S - 24 * HOUR + 5 * MINUTE, "send"),
        (Kind.PREP_24H, S - 24 * HOUR, S - 24 * HOUR + 5 * MINUTE + MINUTE, "send_late"),
        (Kind.PREP_24H, S - 24 * HOUR, S - 30 * MINUTE, "send_late"),
        (Kind.PREP_24H, S - 24 * HOUR, S - 29 * MINUTE, "skip"),
        (Kind.PREP_72H, S - 72 * HOUR, S - 2 * HOUR, "send_late"),
        (Kind.PREP_48H, S - 48 * HOUR, S - 10 * MINUTE, "skip"),
        (Kind.PREP_2H, S - 2 * HOUR, S - 5 * MINUTE, "send_late"),
        (Kind.PREP_2H, S - 2 * HOUR, S, "send_late"),
        (Kind.PREP_2H, S - 2 * HOUR, S + MINUTE, "skip"),
        (Kind.DEBRIEF, E + HOUR, E + HOUR, "send"),
        (Kind.DEBRIEF, E + HOUR, E + 24 * HOUR, "send_late"),
        (Kind.DEBRIEF, E + HOUR, E + 24 * HOUR + MINUTE, "skip"),
        (Kind.THANK_YOU, E + 3 * HOUR, E + 23 * HOUR, "send_late"),
        (Kind.THANK_YOU, E + 3 * HOUR, E + 24 * HOUR + MINUTE, "skip"),
        (Kind.MATERIALS, E + 2 * HOUR, E + 30 * HOUR, "send_late"),
        (Kind.MATERIALS, E + 2 * HOUR, E + 48 * HOUR + MINUTE, "skip"),
        (Kind.FOLLOW_UP, E + 5 * DAY, E + 5 * DAY + MINUTE, "send"),
        (Kind.FOLLOW_UP, E + 5 * DAY, E + 60 * DAY, "send_late"),
    ],
)
def test_policy_per_kind(kind: Kind, due_at: datetime, now: datetime, action: str) -> None:
    decision = overdue_decision(kind, due_at, now, S, E)
    assert decision.action == action
    assert decision.late is (action == "send_late")
    if action == "skip":
        assert decision.reason and len(decision.reason) < 100
    else:
        assert decision.reason is None


@pytest.mark.parametrize(
    ("kind", "late_by", "action"),
    [
        (Kind.PREP_24H, 23 * HOUR, "send_late"),  # the start is taken as due + 24 h
        (Kind.PREP_24H, 23 * HOUR + 31 * MINUTE, "skip"),
        (Kind.PREP_2H, 2 * HOUR, "send_late"),
        (Kind.DEBRIEF, 24 * HOUR, "send_late"),  # the end is taken as the due time
        (Kind.DEBRIEF, 25 * HOUR, "skip"),
        (Kind.FOLLOW_UP, 90 * DAY, "send_late"),
    ],
)
def test_policy_without_interview_times(kind: Kind, late_by: timedelta, action: str) -> None:
    assert overdue_decision(kind, S, S + late_by, None, None).action == action


def test_skip_reasons_say_what_happened() -> None:
    started = overdue_decision(Kind.PREP_2H, S - 2 * HOUR, S + HOUR, S, E)
    assert started.reason == "the interview had already started by the time it could be sent"
    thank_you = overdue_decision(Kind.THANK_YOU, E + 3 * HOUR, E + 2 * DAY, S, E)
    assert thank_you.reason is not None and "thank-you" in thank_you.reason


def test_backoff_doubles_from_30_seconds_up_to_5_minutes() -> None:
    waits = [backoff(n).total_seconds() for n in range(1, 8)]
    assert waits == [30, 60, 120, 240, 300, 300, 300]


# claim, send, mark


async def test_a_due_reminder_is_sent_once(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() + DAY)
    row = process.store.add_reminder(
        "u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now()
    )
    assert row is not None
    assert process.dispatcher.sweep() == 1
    assert process.jobs() == {row.id: clock.now()}
    await process.dispatcher.deliver(row.id)
    await process.dispatcher.deliver(row.id)
    assert sender.sent == [("u:1", ["debrief late=False"])]
    done = process.store.get_reminder("u:1", row.id)
    assert done is not None
    assert (done.status, done.attempts, done.sent_at) == (Status.SENT, 1, clock.now())
    assert process.dispatcher.sweep() == 0


async def test_a_row_left_sending_by_a_crash_is_sent_once_after_restart(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    first = Process(db_path, clock, sender)
    iv = add_interview(first.store, clock, clock.now() + DAY)
    row = first.store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now())
    assert row is not None
    first.dispatcher.sweep()
    assert first.store.claim_reminder(row.id, clock.now()) is not None  # then the crash
    first.stop()

    clock.advance(2 * MINUTE)
    second = Process(db_path, clock, sender)
    try:
        second.dispatcher.start()
        assert SWEEP_JOB_ID in {job.id for job in second.scheduler.get_jobs()}
        assert second.jobs() == {row.id: clock.now()}
        await second.fire_due()
        await second.dispatcher.deliver(row.id)
        assert sender.sent == [("u:1", ["debrief late=False"])]
        done = second.store.get_reminder("u:1", row.id)
        assert done is not None and (done.status, done.attempts) == (Status.SENT, 2)
    finally:
        second.stop()


async def test_composer_with_nothing_to_say_skips(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    row = process.store.add_reminder(
        "u:1", iv, Planned(Kind.THANK_YOU, clock.now(), "k"), clock.now()
    )
    assert row is not None
    process.dispatcher.compose = lambda row, late: []
    await process.dispatcher.deliver(row.id)
    done = process.store.get_reminder("u:1", row.id)
    assert done is not None and (done.status, done.reason) == (Status.SKIPPED, "no longer needed")
    assert sender.sent == []


async def test_a_closed_interview_skips_its_reminders(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    row = process.store.add_reminder(
        "u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now()
    )
    assert row is not None
    process.store.db.execute("UPDATE interviews SET status = 'closed' WHERE id = ?", [iv])
    assert process.dispatcher.sweep() == 0
    done = process.store.get_reminder("u:1", row.id)
    assert done is not None
    assert (done.status, done.reason) == (Status.SKIPPED, "the interview was closed")
    assert process.jobs() == {}


# downtime


async def test_stopped_then_clock_moved_2_hours_sends_late_and_loses_nothing(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    start = clock.now() + 50 * HOUR
    end = start + HOUR
    process = Process(db_path, clock, sender)
    full_plan(process.store, clock, start)
    process.dispatcher.start()
    for stop_at in (
        start - 24 * HOUR - 10 * MINUTE,
        start - 2 * HOUR - 10 * MINUTE,
        end + 30 * MINUTE,
    ):
        await process.run_until(stop_at)
        process.stop()
        clock.advance(2 * HOUR)
        process = Process(db_path, clock, sender)
        process.dispatcher.start()
        await process.fire_due()
        assert_accounted(process.store, clock, sender)
    await process.run_until(end + 6 * DAY)
    assert_accounted(process.store, clock, sender)
    process.stop()
    assert sender.texts == [
        "prep_48h late=False",
        "prep_24h late=True",
        "prep_2h late=True",
        "debrief late=True",
        "materials late=True",
        "thank_you late=False",
        "follow_up late=False",
    ]


async def test_stopped_then_clock_moved_30_hours_skips_stale_ones(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    start = clock.now() + 50 * HOUR
    end = start + HOUR
    process = Process(db_path, clock, sender)
    full_plan(process.store, clock, start)
    process.dispatcher.start()
    await process.run_until(start - 3 * HOUR)
    assert sender.texts == ["prep_48h late=False", "prep_24h late=False"]
    process.stop()

    clock.advance(30 * HOUR)  # now end + 26 h
    process = Process(db_path, clock, sender)
    process.dispatcher.start()
    await process.fire_due()
    assert_accounted(process.store, clock, sender)
    kinds = by_kind(process.store)
    for kind in (Kind.PREP_2H, Kind.DEBRIEF, Kind.THANK_YOU):
        assert kinds[kind].status is Status.SKIPPED, kind
        reason = kinds[kind].reason
        assert reason is not None and "by the time it could be sent" in reason
    assert kinds[Kind.MATERIALS].status is Status.SENT  # useful for 48 h after the end
    assert kinds[Kind.FOLLOW_UP].status is Status.PENDING  # still ahead
    assert process.jobs() == {}

    await process.run_until(end + 4 * DAY)
    process.stop()
    clock.advance(30 * HOUR)  # the follow-up fell due in the gap: always worth sending
    process = Process(db_path, clock, sender)
    process.dispatcher.start()
    await process.fire_due()
    assert_accounted(process.store, clock, sender)
    process.stop()
    assert sender.texts == [
        "prep_48h late=False",
        "prep_24h late=False",
        "materials late=True",
        "follow_up late=True",
    ]


# the sweep window


async def test_sweep_loads_only_reminders_due_within_the_window(
    process: Process, clock: FrozenClock
) -> None:
    iv = add_interview(process.store, clock, clock.now() + 3 * DAY)
    now = clock.now()
    soon = process.store.add_reminder(
        "u:1", iv, Planned(Kind.FOLLOW_UP, now + 3 * MINUTE, "a"), now
    )
    overdue = process.store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now - MINUTE, "b"), now)
    later = process.store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, now + 2 * DAY, "c"), now)
    assert soon and overdue and later
    assert process.dispatcher.sweep() == 2
    assert process.jobs() == {soon.id: now + 3 * MINUTE, overdue.id: now}
    assert process.dispatcher.sweep() == 2  # jobs are replaced, not doubled
    assert len(process.scheduler.get_jobs()) == 2


async def test_ten_thousand_future_reminders_add_no_jobs(
    process: Process, clock: FrozenClock
) -> None:
    iv = add_interview(process.store, clock, clock.now() + 3 * DAY)
    now = clock.now()
    planned = [
        Planned(Kind.FOLLOW_UP, now + 10 * MINUTE + i * MINUTE, f"k{i}") for i in range(10_000)
    ]
    assert len(process.store.plan_reminders("u:1", iv, planned, now)) == 10_000
    process.dispatcher.start()
    assert process.dispatcher.sweep() == 0
    assert [job.id for job in process.scheduler.get_jobs()] == [SWEEP_JOB_ID]


async def test_schedule_soon_adds_jobs_only_inside_the_window(
    process: Process, clock: FrozenClock
) -> None:
    iv = add_interview(process.store, clock, clock.now() + 2 * HOUR + 3 * MINUTE)
    now = clock.now()
    planned = [
        Planned(Kind.PREP_2H, now + 3 * MINUTE, "prep"),
        Planned(Kind.DEBRIEF, now + 4 * HOUR, "debrief"),
    ]
    planned_rows = process.store.plan_reminders("u:1", iv, planned, now)
    assert process.dispatcher.schedule_soon(planned_rows) == 1
    assert list(process.jobs().values()) == [now + 3 * MINUTE]


# failures


async def test_unreachable_user_is_inactive_and_their_reminders_cancelled(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    first = full_plan(process.store, clock, clock.now() + 48 * HOUR + 3 * MINUTE)
    full_plan(process.store, clock, clock.now() + 5 * DAY)  # a second interview
    full_plan(process.store, clock, clock.now() + 5 * DAY, user="u:2")
    sender.error = Unreachable()
    assert process.dispatcher.sweep() == 1  # prep_48h of the first interview
    ((due_id, due_at),) = process.jobs().items()
    clock.advance(due_at - clock.now())
    await process.dispatcher.deliver(due_id)

    assert sender.sent == []
    user = process.store.get_user("u:1")
    assert user is not None and not user.active
    assert process.store.upcoming_reminders("u:1") == []
    blocked = process.store.get_reminder("u:1", due_id)
    assert blocked is not None
    assert (blocked.status, blocked.reason, blocked.interview_id) == (
        Status.CANCELLED,
        "user blocked the bot",
        first,
    )
    cancelled = [r for r in rows(process.store) if r.user_id == "u:1"]
    assert {r.status for r in cancelled} == {Status.CANCELLED}
    assert len(process.store.upcoming_reminders("u:2")) == 7
    other = process.store.get_user("u:2")
    assert other is not None and other.active


async def test_transient_errors_retry_with_capped_backoff_keeping_the_due_time(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    due = clock.now()
    row = process.store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, due, "k"), clock.now())
    assert row is not None
    sender.error = TimeoutError("slow")
    await process.dispatcher.deliver(row.id)
    waits = []
    for attempt in range(1, 9):  # no limit on tries: a follow-up is always worth sending
        retry = process.store.get_reminder("u:1", row.id)
        assert retry is not None and retry.next_try_at is not None
        assert (retry.status, retry.attempts, retry.due_at) == (Status.PENDING, attempt, due)
        assert process.jobs() == {row.id: retry.next_try_at}
        waits.append(retry.next_try_at - clock.now())
        clock.set(retry.next_try_at)
        if attempt == 8:
            sender.error = None
        await process.fire_due()
    assert [w.total_seconds() for w in waits] == [30, 60, 120, 240, 300, 300, 300, 300]
    sent = process.store.get_reminder("u:1", row.id)
    assert sent is not None
    assert (sent.status, sent.attempts, sent.due_at) == (Status.SENT, 9, due)
    assert sender.texts == ["follow_up late=True"]  # 25.5 minutes after its time: says so
    assert process.jobs() == {}


async def test_a_transient_error_then_success_sends_once(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    row = process.store.add_reminder(
        "u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now()
    )
    assert row is not None
    sender.error = ConnectionError()
    await process.dispatcher.deliver(row.id)
    sender.error = None
    clock.advance(timedelta(seconds=30))
    await process.fire_due()
    await process.dispatcher.deliver(row.id)
    assert sender.sent == [("u:1", ["debrief late=False"])]
    done = process.store.get_reminder("u:1", row.id)
    assert done is not None and (done.status, done.attempts) == (Status.SENT, 2)


# outages: a reminder gives up only when it is no use any more


class Outage:
    """A sender whose every send fails while Telegram is down (until `back`)."""

    def __init__(self, clock: FrozenClock, back: datetime) -> None:
        self.clock = clock
        self.back = back
        self.sent: list[tuple[str, str, datetime]] = []
        self.failures = 0

    async def __call__(self, user_id: str, replies: list[Reply]) -> None:
        if self.clock.now() < self.back:
            self.failures += 1
            raise ConnectionError("api.telegram.org is down")
        self.sent.extend((user_id, r.text, self.clock.now()) for r in replies)


async def test_a_30_minute_outage_loses_no_reminder(db_path: Path, clock: FrozenClock) -> None:
    began = clock.now()
    outage = Outage(clock, back=began + 30 * MINUTE)
    process = Process(db_path, clock, outage)
    try:
        due = {
            "u:prep": (Kind.PREP_24H, began + 2 * MINUTE, began + 24 * HOUR + 2 * MINUTE),
            "u:debrief": (Kind.DEBRIEF, began + 5 * MINUTE, began - 2 * HOUR),
            "u:follow": (Kind.FOLLOW_UP, began + 9 * MINUTE, began - 5 * DAY),
        }
        for user, (kind, at, starts_at) in due.items():
            iv = add_interview(process.store, clock, starts_at, user)
            assert process.store.add_reminder(user, iv, Planned(kind, at, user), began)
        process.dispatcher.start()

        await process.run_until(began + 45 * MINUTE, step=10 * timedelta(seconds=1))

        assert outage.failures >= 3 * 4  # every send failed, again and again, for 30 minutes
        assert sorted(user for user, _, _ in outage.sent) == sorted(due)  # each once
        assert {text for _, text, _ in outage.sent} == {
            "prep_24h late=True",  # the honest late wording: judged on the original due time
            "debrief late=True",
            "follow_up late=True",
        }
        assert all(at <= outage.back + 5 * MINUTE for _, _, at in outage.sent)  # soon once back
        for row in rows(process.store):
            assert row.status is Status.SENT, row
            assert row.due_at == due[row.user_id][1]  # the due time never moved
    finally:
        process.stop()


async def test_a_reminder_whose_use_ran_out_during_an_outage_is_skipped_with_the_reason(
    db_path: Path, clock: FrozenClock
) -> None:
    began = clock.now()
    outage = Outage(clock, back=began + 30 * MINUTE)
    process = Process(db_path, clock, outage)
    try:
        iv = add_interview(process.store, clock, began + 20 * MINUTE)  # moved to start soon
        row = process.store.add_reminder("u:1", iv, Planned(Kind.PREP_2H, began, "k"), began)
        assert row is not None
        process.dispatcher.start()

        await process.run_until(began + 45 * MINUTE, step=10 * timedelta(seconds=1))

        assert outage.sent == []
        done = process.store.get_reminder("u:1", row.id)
        assert done is not None
        assert (done.status, done.reason) == (
            Status.SKIPPED,
            "the interview had already started by the time it could be sent",
        )
        assert process.jobs() == {}
    finally:
        process.stop()


async def test_a_message_telegram_refuses_for_good_fails_at_once(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    row = process.store.add_reminder(
        "u:1", iv, Planned(Kind.DEBRIEF, clock.now(), "k"), clock.now()
    )
    assert row is not None
    sender.error = Permanent("Bad Request: chat not found")
    await process.dispatcher.deliver(row.id)
    failed = process.store.get_reminder("u:1", row.id)
    assert failed is not None
    assert (failed.status, failed.attempts) == (Status.FAILED, 1)
    assert failed.reason == "refused for good: Bad Request: chat not found"
    assert process.jobs() == {}  # no retry
    user = process.store.get_user("u:1")
    assert user is not None and user.active  # not a block: the user stays


async def test_flood_control_retries_when_telegram_says(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    due = clock.now()
    row = process.store.add_reminder("u:1", iv, Planned(Kind.DEBRIEF, due, "k"), due)
    assert row is not None
    sender.error = Throttled(timedelta(seconds=42))
    await process.dispatcher.deliver(row.id)
    waiting = process.store.get_reminder("u:1", row.id)
    assert waiting is not None
    assert (waiting.status, waiting.due_at) == (Status.PENDING, due)
    assert waiting.next_try_at == due + timedelta(seconds=42)
    assert process.jobs() == {row.id: due + timedelta(seconds=42)}
    sender.error = None
    clock.advance(timedelta(seconds=41))
    await process.fire_due()
    assert sender.sent == []  # not before Telegram said
    clock.advance(timedelta(seconds=1))
    await process.fire_due()
    assert sender.texts == ["debrief late=False"]


async def test_a_retry_waits_for_its_time_across_a_restart(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    first = Process(db_path, clock, sender)
    iv = add_interview(first.store, clock, clock.now() - 2 * HOUR)
    due = clock.now()
    row = first.store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, due, "k"), due)
    assert row is not None
    sender.error = ConnectionError()
    await first.dispatcher.deliver(row.id)
    first.stop()

    sender.error = None
    second = Process(db_path, clock, sender)
    try:
        second.dispatcher.start()
        assert second.jobs() == {row.id: due + timedelta(seconds=30)}  # not at once: at its try
        await second.fire_due()
        assert sender.sent == []
        clock.advance(timedelta(seconds=30))
        await second.fire_due()
        assert sender.texts == ["follow_up late=False"]
    finally:
        second.stop()


async def test_one_reminder_is_in_flight_at_a_time_and_a_cancel_while_waiting_holds(
    store: Store, clock: FrozenClock
) -> None:
    add_interview(store, clock, clock.now() + 10 * DAY)
    iv = store.interviews("u:1")[0].id
    first, second = (
        store.add_reminder("u:1", iv, Planned(Kind.FOLLOW_UP, clock.now(), key), clock.now())
        for key in ("a", "b")
    )
    assert first is not None and second is not None
    release, started = asyncio.Event(), asyncio.Event()
    sent: list[str] = []

    async def slow_send(user_id: str, replies: list[Reply]) -> None:
        sent.append(replies[0].text)
        started.set()
        await release.wait()

    dispatcher = Dispatcher(store, clock, slow_send, compose, new_scheduler())
    one = asyncio.create_task(dispatcher.deliver(first.id))
    two = asyncio.create_task(dispatcher.deliver(second.id))
    await started.wait()  # the first is being sent; the second's job has fired and waits
    waiting = store.get_reminder("u:1", second.id)
    assert waiting is not None and (waiting.status, waiting.attempts) == (Status.PENDING, 0)
    assert len(sent) == 1
    assert store.cancel_reminders(
        "u:1", clock.now(), "cancelled by the user", reminder_id=second.id
    )
    release.set()
    await asyncio.gather(one, two)
    assert len(sent) == 1
    done = store.get_reminder("u:1", first.id)
    withdrawn = store.get_reminder("u:1", second.id)
    assert done is not None and done.status is Status.SENT
    assert withdrawn is not None and withdrawn.status is Status.CANCELLED


# the window: claim only when the send is next, at most W in flight


class HeldSender:
    """A sender whose sends hang until released; counts the sends in flight."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.active = 0
        self.most = 0
        self.sent: list[str] = []

    async def __call__(self, user_id: str, replies: list[Reply]) -> None:
        self.active += 1
        self.most = max(self.most, self.active)
        try:
            await self.release.wait()
            self.sent.append(user_id)
        finally:
            self.active -= 1


async def settle() -> None:
    """Let every task that can run, run (no time passes)."""
    for _ in range(50):
        await asyncio.sleep(0)


def due_now(store: Store, clock: FrozenClock, count: int) -> list[int]:
    """`count` follow-ups due now, one user each; return their ids."""
    ids = []
    for n in range(count):
        user = f"u:{n}"
        iv = add_interview(store, clock, clock.now() - 2 * HOUR, user)
        row = store.add_reminder(
            user, iv, Planned(Kind.FOLLOW_UP, clock.now(), f"k{n}"), clock.now()
        )
        assert row is not None
        ids.append(row.id)
    return ids


def by_status(store: Store) -> dict[Status, list[ReminderRow]]:
    found: dict[Status, list[ReminderRow]] = {}
    for row in rows(store):
        found.setdefault(row.status, []).append(row)
    return found


@pytest.mark.parametrize("window", [1, 2])
async def test_only_the_window_is_claimed_the_rest_wait_as_pending(
    db_path: Path, clock: FrozenClock, window: int
) -> None:
    sender = HeldSender()
    process = Process(db_path, clock, sender, in_flight=window)
    process.dispatcher.sending.observe(1.0)  # a slow link: W is the cap
    try:
        ids = due_now(process.store, clock, 10)
        assert process.dispatcher.sweep() == 10
        jobs = [asyncio.create_task(process.dispatcher.deliver(i)) for i in ids]  # all fire
        await settle()
        assert sender.active == window
        now = by_status(process.store)
        assert len(now[Status.SENDING]) == window
        assert len(now[Status.PENDING]) == 10 - window
        assert {r.attempts for r in now[Status.PENDING]} == {0}  # waiting touches no row
        # A sweep meanwhile arms none of the waiting ones a second time.
        armed = len(process.armed)
        assert process.dispatcher.sweep() == 0
        assert len(process.armed) == armed
        sender.release.set()
        await asyncio.gather(*jobs)
        assert sender.most == window
        assert sorted(sender.sent) == sorted(f"u:{n}" for n in range(10))
        done = rows(process.store)
        assert {(r.status, r.attempts) for r in done} == {(Status.SENT, 1)}
    finally:
        process.stop()


class Stopwatch:
    """A monotonic timer the test moves: how long a send takes is what the test says."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds


@pytest.mark.parametrize(("round_trip", "window"), [(0.005, 1), (0.05, 2), (0.15, 5), (1.0, 8)])
async def test_the_window_follows_the_measured_round_trip_up_to_the_cap(
    db_path: Path, clock: FrozenClock, round_trip: float, window: int
) -> None:
    watch = Stopwatch()

    async def timed(user_id: str, replies: list[Reply]) -> None:
        watch.seconds += round_trip

    store = Store.open(db_path)
    try:
        first, *ids = due_now(store, clock, 21)
        dispatcher = Dispatcher(store, clock, timed, compose, new_scheduler(), timer=watch)
        assert dispatcher.sending.limit == 1  # nothing measured yet: one at a time
        await dispatcher.deliver(first)
        held = HeldSender()
        dispatcher.send = held
        jobs = [asyncio.create_task(dispatcher.deliver(i)) for i in ids]
        await settle()
        # 30/s needs 30 x round trip in flight (x 0.95, rounded up), capped at 8 by default.
        assert held.active == window
        assert len(by_status(store)[Status.SENDING]) == window
        held.release.set()
        await asyncio.gather(*jobs)
        assert held.most == window
        assert len(by_status(store)[Status.SENT]) == 21
    finally:
        store.close()


async def test_a_crash_costs_an_attempt_only_for_the_reminder_in_flight(
    db_path: Path, clock: FrozenClock
) -> None:
    held = HeldSender()
    first = Process(db_path, clock, held)
    in_flight, waiting = due_now(first.store, clock, 2)
    first.dispatcher.sweep()
    jobs = [asyncio.create_task(first.dispatcher.deliver(i)) for i in (in_flight, waiting)]
    await settle()
    assert held.active == 1
    for job in jobs:  # the crash
        job.cancel()
    await asyncio.gather(*jobs, return_exceptions=True)
    first.stop()

    sender = FakeSender()
    second = Process(db_path, clock, sender)
    try:
        second.dispatcher.start()
        await second.fire_due()
        assert len(sender.sent) == 2
        attempts = {r.id: r.attempts for r in rows(second.store) if r.status is Status.SENT}
        assert attempts == {in_flight: 2, waiting: 1}
    finally:
        second.stop()


# a backlog larger than one batch


async def test_a_backlog_beyond_one_batch_is_armed_batch_after_batch_without_a_sweep(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    process = Process(db_path, clock, sender, batch=4)
    try:
        ids = due_now(process.store, clock, 11)
        assert process.dispatcher.sweep() == 4
        assert sorted(process.jobs()) == ids[:4]
        await process.fire_due()  # no further sweep: the batches follow as sends drain
        assert len(sender.sent) == 11
        assert sorted(process.armed) == ids  # each armed once
        assert {r.status for r in rows(process.store)} == {Status.SENT}
        assert process.dispatcher.sweep() == 0
    finally:
        process.stop()


async def test_the_next_batch_is_armed_when_the_last_is_half_drained(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    process = Process(db_path, clock, sender, batch=4)
    try:
        ids = due_now(process.store, clock, 10)
        process.dispatcher.sweep()
        for done, armed in [(0, 4), (1, 4), (2, 8)]:
            assert len(process.armed) == armed, done
            process.scheduler.remove_job(f"reminder:{ids[done]}")
            await process.dispatcher.deliver(ids[done])
        assert process.armed == ids[:8]
        assert process.dispatcher.sweep() == 0  # the periodic sweep waits for the drain too
        await process.fire_due()
        assert process.armed == ids
        assert len(sender.sent) == 10
    finally:
        process.stop()


async def test_rows_that_need_no_job_do_not_stall_the_continuation(
    db_path: Path, clock: FrozenClock, sender: FakeSender
) -> None:
    process = Process(db_path, clock, sender, batch=3)
    try:
        theirs = [f"other:{n}" for n in range(7)]  # another process's users come first
        for n, user in enumerate(theirs):
            iv = add_interview(process.store, clock, clock.now() - 2 * HOUR, user)
            planned = Planned(Kind.FOLLOW_UP, clock.now() - MINUTE, f"o{n}")
            process.store.add_reminder(user, iv, planned, clock.now())
        ours = due_now(process.store, clock, 2)
        process.dispatcher.owns = lambda user_id: user_id.startswith("u:")
        assert process.dispatcher.sweep() == 0
        await settle()  # the next batches follow on the next turns of the loop
        assert sorted(process.jobs()) == ours
    finally:
        process.stop()


async def test_a_job_left_from_before_a_replan_does_not_send_its_row_early(
    process: Process, clock: FrozenClock, sender: FakeSender
) -> None:
    # A re-plan cancels a row and a later one brings it back (same id) with a later time; the
    # job armed for its old time must not send it then.
    iv = add_interview(process.store, clock, clock.now() - 2 * HOUR)
    planned = Planned(Kind.FOLLOW_UP, clock.now() + 2 * MINUTE, "moved")
    assert process.store.add_reminder("u:1", iv, planned, clock.now()) is not None
    assert process.dispatcher.sweep() == 1
    ((row_id, old_time),) = process.jobs().items()
    later = clock.now() + 2 * HOUR
    process.store.db.execute(
        "UPDATE reminders SET due_at = ? WHERE id = ?",
        [later.astimezone(UTC).isoformat(timespec="seconds"), row_id],
    )
    clock.advance(old_time - clock.now())
    await process.dispatcher.deliver(row_id)

    assert sender.sent == []
    waiting = process.store.get_reminder("u:1", row_id)
    assert waiting is not None
    assert (waiting.status, waiting.attempts) == (Status.PENDING, 0)
    await process.run_until(later + MINUTE)
    assert len(sender.sent) == 1
    sent = process.store.get_reminder("u:1", row_id)
    assert sent is not None and sent.status is Status.SENT
