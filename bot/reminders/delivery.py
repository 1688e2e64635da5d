"""Delivering reminders: the table is the truth, APScheduler only the wake-up timer.

Arming. A periodic sweep (every minute) turns the pending reminders due within the next few
minutes into one-shot date jobs, a batch (`batch`, 1,000 by default) at a time, oldest first.
A sweep that fills its batch remembers where it stopped (the last due time and id armed) and
the next batch is armed from there (keyset continuation: rows already armed are never read
again) as soon as fewer than half a batch of armed reminders are left, that is when their
sends have nearly drained, not a minute later. Arming a batch of 1,000 jobs blocks the event
loop for a fraction of a second; arming a 100,000-row backlog in one go would block it for
seconds and hold 100,000 jobs, so a backlog is armed a batch ahead of the sends. While a
backlog is being drained the periodic sweep only resumes from where it stopped; once a batch
comes back short, the next sweep starts from the beginning of the window again (catching any
row added behind the position by someone other than this process's `arm`). A reminder added
by a dialog and due within the window is armed at once (`arm`).

Sending. A job that fires waits for a free slot in the send window (`SendWindow`, in
`window.py`) and only then claims its row (pending -> sending, one UPDATE ... RETURNING),
re-checks the downtime policy, composes, sends and marks the row sent. The window holds W
slots, sized from the measured round trip to Telegram so that delivery keeps up with Telegram's
~30 messages/s: W = ceil(30/s x round trip x 0.95), from 1 up to a cap (`in_flight`,
COACH_REMINDER_WINDOW, 8 by default): 1 on a fast link, 2 at a 50 ms round trip, 5 at 150 ms.
Waiting costs nothing in the database: a row stays `pending` with its attempts untouched until
its send is next, so 1,000 reminders due in the same second do not run 1,000 claims back to
back, and `attempts` counts real tries. A row cancelled while its job waits is simply not
claimed, nor is one not yet due: a re-plan can bring a cancelled row back with a later time
while the job armed for its old time still waits, and the sweep arms it again when it is due.
Telegram's rate limit itself is enforced by the sender (its pacing); the dispatcher does not
throttle.

Failures. A reminder gives up only when it is no use any more. A failed send is tried again
with a capped backoff (30 s doubling, at most 5 minutes apart; after a 429, when Telegram says),
with no limit on the number of tries: the row goes back to pending with its due time unchanged
and its next try in `next_try_at`, and every try first asks the downtime policy, on the
original due time, whether the reminder is still useful: late ones go out with the honest late
wording, useless ones are `skipped` with the policy's reason. Only a permanent error (Telegram
refusing the message itself, 400) marks a row `failed`; a user who blocked the bot (403) is
marked inactive and their pending reminders cancelled.

Crashes: the guarantee. Rows a crash left in `sending` go back to pending on start: every
reminder is sent at least once. At most W rows are between claim and mark at any moment, so a
crash duplicates at most W reminders (the cap, COACH_REMINDER_WINDOW: 8 by default), because
Telegram's sendMessage has no idempotency key. Without a crash there is one more way to send
twice: Telegram accepted a message but its answer was lost (a timeout, a dropped connection),
so the try counts as failed and the reminder goes out again.

The scheduler must run jobs on the event loop that owns the store's SQLite connection
(`AsyncIOScheduler`, as PTB's JobQueue uses): both jobs added here are coroutine functions.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler  # type: ignore[import-untyped]

from bot.clock import Clock
from bot.domain.events import Reply
from bot.domain.reminders import ReminderRow, Status
from bot.reminders.window import SendWindow
from bot.rules.downtime import Decision, overdue_decision
from bot.store.queue import ReminderQueue

logger = logging.getLogger(__name__)

CLAIM_EARLY = timedelta(seconds=1)
"""A job may claim its row this long before the row's due time (clocks and rounding), no more."""
DEFAULT_IN_FLIGHT = 8
"""The cap on W by default (COACH_REMINDER_WINDOW): a crash duplicates at most this many."""
DUE_BATCH = 1000
"""Due rows one sweep (or continuation) arms at most."""
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_CAP = timedelta(minutes=5)
"""The longest wait between two tries of a failed send."""
SWEEP_JOB_ID = "reminders:sweep"
BLOCKED = "user blocked the bot"
NOT_NEEDED = "no longer needed"
INTERVIEW_CLOSED = "the interview was closed"
INTERVIEW_GONE = "the interview no longer exists"


class Unreachable(Exception):
    """The user cannot be messaged any more (they blocked the bot)."""


class Permanent(Exception):
    """The message was refused for good (400 Bad Request): sending it again cannot help."""


class Throttled(Exception):
    """Too many requests (429): try again after `retry_after`, as Telegram asked."""

    def __init__(self, retry_after: timedelta) -> None:
        super().__init__(f"retry after {retry_after.total_seconds():g} s")
        self.retry_after = retry_after


Sender = Callable[[str, list[Reply]], Awaitable[None]]
"""Send replies to a user; raises `Unreachable`, `Permanent` or `Throttled`, or anything else
for a transient failure (tried again while the reminder is still useful)."""
Composer = Callable[[ReminderRow, bool], list[Reply]]
"""Write a reminder's messages (reminder, late); [] means there is nothing to say any more."""


def job_id(reminder_id: int) -> str:
    """Return the scheduler job id of a reminder."""
    return f"reminder:{reminder_id}"


def backoff(attempts: int) -> timedelta:
    """Return the wait before the next try after `attempts` failed ones (30 s doubling, capped
    at 5 minutes)."""
    doublings = min(max(attempts - 1, 0), 16)
    return min(BACKOFF_FIRST * (1 << doublings), BACKOFF_CAP)


class Dispatcher:
    """Moves due reminders from the table into scheduler jobs and delivers them."""

    def __init__(
        self,
        store: ReminderQueue,
        clock: Clock,
        send: Sender,
        compose: Composer,
        scheduler: BaseScheduler,
        window: timedelta = timedelta(minutes=5),
        sweep_every: timedelta = timedelta(minutes=1),
        owns: Callable[[str], bool] | None = None,
        in_flight: int = DEFAULT_IN_FLIGHT,
        batch: int = DUE_BATCH,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        if in_flight < 1 or batch < 1:
            raise ValueError("in_flight and batch must be at least 1")
        self.store: ReminderQueue = store
        # Which users this process delivers to (a Telegram bot: "tg:" ids; a terminal: its user).
        self.owns = owns or (lambda user_id: True)
        self.clock = clock
        self.send = send
        self.compose = compose
        self.scheduler = scheduler
        self.window = window
        """How far ahead the sweep arms reminders."""
        self.sweep_every = sweep_every
        self.in_flight = in_flight
        """The cap on W, the reminders between claim and mark at once (a crash duplicates at
        most this many)."""
        self.batch = batch
        """How many due rows one sweep (or continuation) reads and arms at most."""
        self.timer = timer
        """Seconds on a monotonic clock, to measure how long a send takes."""
        # A slot is held from the claim until the row is marked; W follows the round trip.
        self.sending = SendWindow(in_flight)
        # Reminder ids with a job armed or a fired job waiting for a slot (not yet claimed).
        self._armed: set[int] = set()
        # Of those, the ones whose job has fired: they must not be armed a second time.
        self._waiting: set[int] = set()
        # Where the next batch starts when the last one was full: (due_at, id) of its last row.
        self._resume_after: tuple[datetime, int] | None = None
        self._continuation_queued = False

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
        """Arm a batch of the pending reminders due within the window; skip stale ones; return
        the jobs added. While a backlog drains batch by batch, resume where the last batch
        stopped, and only once the armed ones are nearly sent."""
        # Forget ids whose job is gone without running (so a lost job cannot hold up the
        # next batch for ever); a fired job waiting for its slot is in _waiting.
        self._armed = {
            i for i in self._armed if i in self._waiting or self.scheduler.get_job(job_id(i))
        }
        if self._resume_after is not None and not self._low():
            return 0
        return self._arm_batch()

    def _low(self) -> bool:
        """Tell whether few enough reminders are armed that the next batch should be."""
        return len(self._armed) <= self.batch // 2

    def _arm_batch(self) -> int:
        """Read one batch of due rows (from the remembered position, if any) and arm them."""
        now = self.clock.now()
        rows = self.store.due_reminders(now + self.window, self.batch, after=self._resume_after)
        scheduled = 0
        for row in rows:
            if not self.owns(row.user_id) or row.id in self._waiting:
                continue
            decision = self._decide(row, now)
            if decision.action == "skip":
                self._skip(row, now, decision.reason or NOT_NEEDED)
                continue
            self._schedule(row.id, max(row.try_at, now))
            scheduled += 1
        if len(rows) < self.batch:
            self._resume_after = None  # the window is armed to its end
        else:
            self._resume_after = (rows[-1].try_at, rows[-1].id)
            if self._low():
                # Little of this batch needed a job (others' rows, stale ones): go on, but
                # let the event loop breathe between batches.
                self._continue_soon()
        return scheduled

    def _continue_soon(self) -> None:
        """Arm the next batch on the next turn of the event loop (at once without a loop)."""
        if self._continuation_queued:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self._continue()
            return
        self._continuation_queued = True
        loop.call_soon(self._queued_continue)

    def _queued_continue(self) -> None:
        self._continuation_queued = False
        self._continue()

    def _continue(self) -> None:
        """Arm the next batch of a backlog if few enough of the last one are left."""
        if self._resume_after is not None and self._low():
            self._arm_batch()

    def arm(self, rows: Sequence[ReminderRow]) -> None:
        """Listen for reminders a turn created or moved (the coach's reminder listener)."""
        self.schedule_soon(rows)

    def schedule_soon(self, rows: Iterable[ReminderRow]) -> int:
        """Add jobs at once for pending rows to try within the window (a just-added interview)."""
        now = self.clock.now()
        scheduled = 0
        for row in rows:
            if not self.owns(row.user_id) or row.id in self._waiting:
                continue
            if row.status is Status.PENDING and row.try_at <= now + self.window:
                self._schedule(row.id, max(row.try_at, now))
                scheduled += 1
        return scheduled

    async def deliver(self, reminder_id: int) -> None:
        """Wait for a slot, then claim, re-check, compose, send and mark one reminder; on a
        failure try again later, or give up if the error is permanent."""
        # Waiting for a slot touches no row: the claim comes only when this send is next.
        self._waiting.add(reminder_id)
        try:
            await self.sending.acquire()
        finally:
            self._waiting.discard(reminder_id)
            self._armed.discard(reminder_id)
        try:
            now = self.clock.now()
            row = self.store.claim_reminder(reminder_id, now, due_by=now + CLAIM_EARLY)
            if row is None:
                # Sent, cancelled or skipped meanwhile (or a job left from before a restart),
                # or moved later: a re-plan can bring a cancelled row back with a new time
                # while its old job still waits, and the sweep arms it again when it is due.
                logger.debug("reminder %d is not pending or not due; nothing to do", reminder_id)
                return
            await self._deliver_claimed(row)
        finally:
            self.sending.release()
            self._continue()

    async def _deliver_claimed(self, row: ReminderRow) -> None:
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
            started = self.timer()
            await self.send(row.user_id, replies)
        except Unreachable:
            self._unreachable(row)
            return
        except Permanent as error:
            self._give_up(row, error)
            return
        except Throttled as error:
            self._failed_try(row, error, error.retry_after)
            return
        except Exception as error:
            self._failed_try(row, error, backoff(row.attempts))
            return
        finished = self.timer()
        self.sending.observe(finished - started, at=finished)
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
        self._armed.add(reminder_id)
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

    def _failed_try(self, row: ReminderRow, error: Exception, wait: timedelta) -> None:
        """Hand the row back for another try after `wait`, its due time kept: the next try
        asks the downtime policy again, so it goes out late or is skipped when useless."""
        now = self.clock.now()
        retry_at = now + max(wait, timedelta(seconds=1))
        self.store.release(row.id, now, retry_at)
        self._schedule(row.id, retry_at)
        log = logger.warning if row.attempts == 1 else logger.info
        log(
            "reminder %d attempt %d failed (%s); trying again at %s",
            row.id,
            row.attempts,
            type(error).__name__,
            retry_at.isoformat(timespec="seconds"),
        )

    def _give_up(self, row: ReminderRow, error: Exception) -> None:
        """Mark a row failed for good: Telegram refused the message itself."""
        reason = f"refused for good: {error}"[:200]
        self.store.mark_failed(row.id, self.clock.now(), reason)
        logger.error("reminder %d (%s) failed for good: %s", row.id, row.kind.value, reason)
