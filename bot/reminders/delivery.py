"""Delivering reminders: the table is the truth, APScheduler only the wake-up timer.

A periodic sweep loads the reminders due within the next few minutes into one-shot date jobs;
each job claims its row (pending -> sending), re-checks the downtime policy, composes, sends and
marks the row. Rows a crash left in `sending` go back to pending on start: every reminder is
sent at least once, with at most one duplicate per crash. That bound holds because reminders
go out one at a time: a crash can catch only one reminder that Telegram has accepted but the
table does not yet call sent. (Jobs fire concurrently; were their sends concurrent too, the
rate limiter would let a burst of 30 out at once and a crash could duplicate all of them.)
Telegram's rate limit is enforced by the sender (PTB's rate limiter); the dispatcher does not
throttle.

The scheduler must run jobs on the event loop that owns the store's SQLite connection
(`AsyncIOScheduler`, as PTB's JobQueue uses): both jobs added here are coroutine functions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]

from bot.clock import Clock
from bot.core.events import Reply
from bot.reminders.model import ReminderRow, Status
from bot.reminders.policy import Decision, overdue_decision
from bot.store import Store

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_CAP = timedelta(minutes=15)
SWEEP_JOB_ID = "reminders:sweep"
BLOCKED = "user blocked the bot"
NOT_NEEDED = "no longer needed"
INTERVIEW_CLOSED = "the interview was closed"
INTERVIEW_GONE = "the interview no longer exists"


class Unreachable(Exception):
    """The user cannot be messaged any more (they blocked the bot)."""


Sender = Callable[[str, list[Reply]], Awaitable[None]]
"""Send replies to a user; raises `Unreachable`, or anything else for a transient failure."""
Composer = Callable[[ReminderRow, bool], list[Reply]]
"""Write a reminder's messages (reminder, late); [] means there is nothing to say any more."""


def job_id(reminder_id: int) -> str:
    """Return the scheduler job id of a reminder."""
    return f"reminder:{reminder_id}"


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next try after `attempts` failed ones (30 s doubling, capped)."""
    doublings = min(max(attempts - 1, 0), 16)
    return min(BACKOFF_FIRST * (1 << doublings), BACKOFF_CAP)


class Dispatcher:
    """Moves due reminders from the table into scheduler jobs and delivers them."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        send: Sender,
        compose: Composer,
        scheduler: BaseScheduler,
        window: timedelta = timedelta(minutes=5),
        sweep_every: timedelta = timedelta(minutes=1),
        owns: Callable[[str], bool] | None = None,
    ) -> None:
        self.store = store
        # Which users this process delivers to (a Telegram bot: "tg:" ids; a terminal: its user).
        self.owns = owns or (lambda user_id: True)
        self.clock = clock
        self.send = send
        self.compose = compose
        self.scheduler = scheduler
        self.window = window
        self.sweep_every = sweep_every
        # Held from the re-check until the row is marked: one reminder in flight at a time.
        self._in_flight = asyncio.Lock()

    def start(self) -> None:
        """Recover rows a crash left in sending, sweep once, then sweep periodically."""
        recovered = self.store.recover_sending(self.clock.now())
        if recovered:
            logger.warning("recovered %d reminders left in sending", recovered)
        self.sweep()
        self.scheduler.add_job(
            self._sweep_job,
            trigger="interval",
            seconds=self.sweep_every.total_seconds(),
            id=SWEEP_JOB_ID,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )

    async def _sweep_job(self) -> None:
        # A coroutine so AsyncIOExecutor runs it on the loop, not in a worker thread.
        self.sweep()

    def sweep(self) -> int:
        """Schedule every pending reminder due within the window; skip stale ones; return jobs."""
        now = self.clock.now()
        scheduled = 0
        for row in self.store.due_reminders(now + self.window):
            if not self.owns(row.user_id):
                continue
            decision = self._decide(row, now)
            if decision.action == "skip":
                self._skip(row, now, decision.reason or NOT_NEEDED)
                continue
            self._schedule(row.id, max(row.due_at, now))
            scheduled += 1
        return scheduled

    def arm(self, rows: Sequence[ReminderRow]) -> None:
        """Listen for reminders a dialog created or moved (the coach's reminders_changed)."""
        self.schedule_soon(rows)

    def schedule_soon(self, rows: Iterable[ReminderRow]) -> int:
        """Add jobs at once for pending rows due within the window (a just-added interview)."""
        now = self.clock.now()
        scheduled = 0
        for row in rows:
            if not self.owns(row.user_id):
                continue
            if row.status is Status.PENDING and row.due_at <= now + self.window:
                self._schedule(row.id, max(row.due_at, now))
                scheduled += 1
        return scheduled

    async def deliver(self, reminder_id: int) -> None:
        """Claim, re-check, compose, send and mark one reminder; retry or give up on failure."""
        row = self.store.claim_reminder(reminder_id, self.clock.now())
        if row is None:
            logger.debug("reminder %d is not pending; nothing to do", reminder_id)
            return
        # A claimed row waiting here is not yet sent: a crash now costs no duplicate, since
        # recovery sends it for the first time.
        async with self._in_flight:
            await self._deliver_claimed(row)

    async def _deliver_claimed(self, row: ReminderRow) -> None:
        current = self.store.get_reminder(row.user_id, row.id)
        if current is None or current.status is not Status.SENDING:
            # Cancelled (or deleted with its user) while it waited its turn: not sent.
            logger.debug("reminder %d was withdrawn while waiting; not sent", row.id)
            return
        now = self.clock.now()
        decision = self._decide(row, now)
        if decision.action == "skip":
            self._skip(row, now, decision.reason or NOT_NEEDED)
            return
        try:
            replies = self.compose(row, decision.late)
            if not replies:
                self._skip(row, now, NOT_NEEDED)
                return
            await self.send(row.user_id, replies)
        except Unreachable:
            self._unreachable(row)
            return
        except Exception as error:
            self._failed_try(row, error)
            return
        self.store.mark_sent(row.id, self.clock.now())
        logger.info(
            "reminder %d (%s) sent to %s, late=%s, attempt %d",
            row.id,
            row.kind.value,
            row.user_id,
            decision.late,
            row.attempts,
        )

    # helpers

    def _decide(self, row: ReminderRow, now: datetime) -> Decision:
        """Apply the downtime policy, with the interview's times and whether it is still open."""
        starts_at = ends_at = None
        if row.interview_id is not None:
            interview = self.store.get_interview(row.user_id, row.interview_id)
            if interview is None:
                return Decision("skip", INTERVIEW_GONE)
            if interview.status != "open":
                return Decision("skip", INTERVIEW_CLOSED)
            starts_at, ends_at = interview.starts_at, interview.ends_at
        return overdue_decision(row.kind, row.due_at, now, starts_at, ends_at)

    def _schedule(self, reminder_id: int, run_date: datetime) -> None:
        self.scheduler.add_job(
            self.deliver,
            trigger="date",
            run_date=run_date,
            args=[reminder_id],
            id=job_id(reminder_id),
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def _skip(self, row: ReminderRow, now: datetime, reason: str) -> None:
        self.store.mark_skipped(row.id, now, reason)
        logger.info("reminder %d (%s) skipped: %s", row.id, row.kind.value, reason)

    def _unreachable(self, row: ReminderRow) -> None:
        now = self.clock.now()
        with self.store.atomic():
            self.store.cancel_reminders(row.user_id, now, BLOCKED, reminder_id=row.id)
            others = self.store.cancel_user_reminders(row.user_id, now, BLOCKED)
            self.store.set_inactive(row.user_id, now)
        logger.info(
            "user %s blocked the bot: reminder %d and %d others cancelled",
            row.user_id,
            row.id,
            others,
        )

    def _failed_try(self, row: ReminderRow, error: Exception) -> None:
        now = self.clock.now()
        name = type(error).__name__
        if row.attempts < MAX_ATTEMPTS:
            retry_at = now + backoff(row.attempts)
            self.store.release(row.id, now, retry_at)
            self._schedule(row.id, retry_at)
            logger.warning(
                "reminder %d attempt %d failed (%s); retrying at %s",
                row.id,
                row.attempts,
                name,
                retry_at.isoformat(timespec="seconds"),
            )
            return
        self.store.mark_failed(row.id, now, name)
        logger.error("reminder %d failed after %d attempts (%s)", row.id, row.attempts, name)
