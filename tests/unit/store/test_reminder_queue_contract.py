"""The reminder queue's contract (`bot.store.queue.ReminderQueue`), run against every store.

The tests drive the queue through the protocol only. Setting rows up and reading them back
is not the queue's business, so each store comes as a `Backend`: the queue, plus those few
helpers. A PostgreSQL store joins by adding its backend to BACKENDS and its name to the
fixture's params.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

import pytest

from bot.domain.reminders import Kind, Planned, ReminderRow, Status
from bot.store import Store
from bot.store.queue import ReminderQueue

NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)


class Backend(Protocol):
    """A queue under test, and what the tests need around it that the queue does not offer."""

    queue: ReminderQueue

    def interview(self, user_id: str) -> int:
        """Create the user (if new) and an open interview of theirs; return its id."""
        ...

    def reminder(self, user_id: str, interview_id: int, due_at: datetime, key: str) -> int:
        """Add a pending reminder due at `due_at`; return its id."""
        ...

    def row(self, user_id: str, reminder_id: int) -> ReminderRow:
        """Read a reminder back, whatever its status."""
        ...

    def active(self, user_id: str) -> bool:
        """Tell whether the user is marked reachable."""
        ...

    def other_queue(self) -> ReminderQueue:
        """Open a second queue over the same rows, as another process would."""
        ...

    def close(self) -> None:
        """Close every connection opened."""
        ...


class SqliteBackend:
    """The SQLite `Store`, on a file so a second connection sees the same rows."""

    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "coach.db"
        self.store = Store.open(self.path)
        self.queue: ReminderQueue = self.store
        self._others: list[Store] = []

    def interview(self, user_id: str) -> int:
        """Create the user (if new) and an open interview of theirs; return its id."""
        self.store.ensure_user(user_id, NOW)
        return self.store.add_interview(user_id, "Acme", "Engineer", "second", NOW)

    def reminder(self, user_id: str, interview_id: int, due_at: datetime, key: str) -> int:
        """Add a pending reminder due at `due_at`; return its id."""
        added = self.store.add_reminder(
            user_id, interview_id, Planned(Kind.FOLLOW_UP, due_at, key), NOW
        )
        assert added is not None
        return added.id

    def row(self, user_id: str, reminder_id: int) -> ReminderRow:
        """Read a reminder back, whatever its status."""
        found = self.store.get_reminder(user_id, reminder_id)
        assert found is not None
        return found

    def active(self, user_id: str) -> bool:
        """Tell whether the user is marked reachable."""
        user = self.store.get_user(user_id)
        assert user is not None
        return user.active

    def other_queue(self) -> ReminderQueue:
        """Open a second connection to the same file."""
        other = Store.open(self.path)
        self._others.append(other)
        return other

    def close(self) -> None:
        """Close every connection opened."""
        for other in self._others:
            other.close()
        self.store.close()


BACKENDS: dict[str, Callable[[Path], Backend]] = {"sqlite": SqliteBackend}


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each store implementing the queue, fresh and empty."""
    made = BACKENDS[request.param](tmp_path)
    yield made
    made.close()


def state(backend: Backend, user_id: str, reminder_id: int) -> tuple[Status, str | None]:
    """A reminder's status and reason."""
    row = backend.row(user_id, reminder_id)
    return row.status, row.reason


def claim(queue: ReminderQueue, reminder_id: int, now: datetime = NOW) -> ReminderRow:
    """Claim a row as delivery does (due within a second) and insist it was claimed."""
    claimed = queue.claim_reminder(reminder_id, now, due_by=now + SECOND)
    assert claimed is not None
    return claimed


# claiming


def test_a_due_pending_row_is_claimed_once(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW, "k")
    other = backend.other_queue()

    claimed = queue.claim_reminder(rid, NOW, due_by=NOW + SECOND)

    assert claimed is not None
    assert (claimed.id, claimed.status, claimed.attempts) == (rid, Status.SENDING, 1)
    assert queue.claim_reminder(rid, NOW, due_by=NOW + SECOND) is None
    assert other.claim_reminder(rid, NOW, due_by=NOW + SECOND) is None  # committed, seen
    row = backend.row("u:1", rid)
    assert (row.status, row.attempts) == (Status.SENDING, 1)  # a lost claim counts nothing


def test_a_row_not_yet_due_is_not_claimed(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW + HOUR, "later")

    assert queue.claim_reminder(rid, NOW, due_by=NOW + SECOND) is None
    row = backend.row("u:1", rid)
    assert (row.status, row.attempts) == (Status.PENDING, 0)
    claimed = queue.claim_reminder(rid, NOW + HOUR - SECOND, due_by=NOW + HOUR)  # due by then
    assert claimed is not None and claimed.status is Status.SENDING


def test_a_cancelled_row_is_not_claimed(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW, "k")
    assert queue.cancel_reminders("u:1", NOW, "no longer needed", reminder_id=rid) == 1

    assert queue.claim_reminder(rid, NOW, due_by=NOW + SECOND) is None
    assert state(backend, "u:1", rid) == (Status.CANCELLED, "no longer needed")


# marking


def test_mark_sent_after_a_claim(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW, "k")
    assert not queue.mark_sent(rid, NOW)  # never claimed: still pending
    assert backend.row("u:1", rid).status is Status.PENDING

    claim(queue, rid)
    assert queue.mark_sent(rid, NOW + MINUTE)

    row = backend.row("u:1", rid)
    assert (row.status, row.sent_at, row.reason) == (Status.SENT, NOW + MINUTE, None)
    assert not queue.mark_sent(rid, NOW + HOUR)  # once
    assert backend.row("u:1", rid).sent_at == NOW + MINUTE
    assert queue.due_reminders(NOW + HOUR) == []


def test_a_row_cancelled_in_flight_is_still_marked_sent(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW, "k")
    claim(queue, rid)

    assert queue.cancel_reminders("u:1", NOW, "the interview was closed", reminder_id=rid) == 1
    assert state(backend, "u:1", rid) == (Status.CANCELLED, "the interview was closed")
    assert queue.mark_sent(rid, NOW)  # it went out all the same

    assert state(backend, "u:1", rid) == (Status.SENT, None)


def test_mark_skipped_and_mark_failed_keep_the_reason(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    pending, claimed, failing, unclaimed = (
        backend.reminder("u:1", iv, NOW, key) for key in ("p", "c", "f", "u")
    )
    claim(queue, claimed)
    claim(queue, failing)

    assert queue.mark_skipped(pending, NOW, "too late")  # pending -> skipped
    assert queue.mark_skipped(claimed, NOW, "the interview was closed")  # sending -> skipped
    assert queue.mark_failed(failing, NOW, "TimeoutError")
    assert not queue.mark_failed(unclaimed, NOW, "TimeoutError")  # only a claimed row fails
    assert not queue.mark_skipped(failing, NOW, "again")  # a finished row stays finished
    assert not queue.mark_failed(pending, NOW, "again")

    assert state(backend, "u:1", pending) == (Status.SKIPPED, "too late")
    assert state(backend, "u:1", claimed) == (Status.SKIPPED, "the interview was closed")
    assert state(backend, "u:1", failing) == (Status.FAILED, "TimeoutError")
    assert state(backend, "u:1", unclaimed) == (Status.PENDING, None)
    assert [r.id for r in queue.due_reminders(NOW + HOUR)] == [unclaimed]


# retrying and crashing


def test_release_puts_a_claimed_row_back_at_its_retry_time(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW, "k")
    assert not queue.release(rid, NOW, NOW + MINUTE)  # not claimed: nothing to hand back
    claim(queue, rid)
    retry_at = NOW + 30 * SECOND

    assert queue.release(rid, NOW, retry_at)

    row = backend.row("u:1", rid)
    # The due time stays the reminder's own (the downtime policy judges lateness from it).
    assert (row.status, row.due_at, row.attempts) == (Status.PENDING, NOW, 1)
    assert (row.next_try_at, row.try_at) == (retry_at, retry_at)
    assert queue.due_reminders(NOW) == []
    assert queue.claim_reminder(rid, NOW, due_by=NOW + SECOND) is None  # not due again yet
    assert [r.id for r in queue.due_reminders(retry_at)] == [rid]
    assert claim(queue, rid, retry_at).attempts == 2
    assert queue.mark_sent(rid, retry_at)
    assert not queue.release(rid, retry_at, retry_at + MINUTE)  # a sent row stays sent


def test_recover_sending_returns_rows_left_in_sending_to_pending(backend: Backend) -> None:
    iv = backend.interview("u:1")
    a, b, c, d = (backend.reminder("u:1", iv, NOW, key) for key in "abcd")
    crashed = backend.other_queue()  # the process that claimed a and b, then died
    claim(crashed, a)
    claim(crashed, b)
    claim(crashed, c)
    assert crashed.mark_sent(c, NOW)
    queue = backend.queue  # the process that starts next

    assert queue.recover_sending(NOW + HOUR) == 2

    for rid in (a, b):
        row = backend.row("u:1", rid)
        assert (row.status, row.due_at, row.attempts) == (Status.PENDING, NOW, 1)
    assert backend.row("u:1", c).status is Status.SENT
    assert backend.row("u:1", d).attempts == 0
    assert queue.recover_sending(NOW + HOUR) == 0
    assert [r.id for r in queue.due_reminders(NOW + HOUR)] == [a, b, d]
    assert claim(queue, a, NOW + HOUR).attempts == 2  # sent again: at least once


# reading what is due


def test_due_reminders_are_pending_rows_in_due_order(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    other = backend.interview("u:2")
    offsets = {"k0": 2 * HOUR, "k1": timedelta(0), "k2": HOUR, "k3": HOUR, "k4": 3 * HOUR}
    ids = {key: backend.reminder("u:1", iv, NOW + at, key) for key, at in offsets.items()}
    theirs = backend.reminder("u:2", other, NOW + HOUR, "theirs")
    claimed = backend.reminder("u:1", iv, NOW, "claimed")
    cancelled = backend.reminder("u:1", iv, NOW, "cancelled")
    claim(queue, claimed)
    assert queue.cancel_reminders("u:1", NOW, "no", reminder_id=cancelled) == 1

    due = queue.due_reminders(NOW + 2 * HOUR)

    # by due time, then id; `until` included; every user's rows; only pending ones
    assert [r.id for r in due] == [ids["k1"], ids["k2"], ids["k3"], theirs, ids["k0"]]
    assert all(r.status is Status.PENDING for r in due)
    assert [r.due_at for r in due] == sorted(r.due_at for r in due)


def test_due_reminders_respects_its_limit_and_resumes_after_a_key(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    ids = [
        backend.reminder("u:1", iv, NOW + offset * HOUR, f"k{i}")
        for i, offset in enumerate([0, 1, 1, 1, 2])  # three due at the same time
    ]
    until = NOW + 9 * HOUR

    first = queue.due_reminders(until, limit=2)
    after_first = (first[-1].due_at, first[-1].id)
    second = queue.due_reminders(until, limit=2, after=after_first)
    third = queue.due_reminders(until, limit=2, after=(second[-1].due_at, second[-1].id))

    assert [r.id for r in first] == ids[:2]
    assert [r.id for r in second] == ids[2:4]  # the tie is split by id, never read twice
    assert [r.id for r in third] == ids[4:]
    assert queue.due_reminders(until, after=(third[-1].due_at, third[-1].id)) == []
    assert [r.id for r in queue.due_reminders(NOW + HOUR, after=after_first)] == ids[2:4]
    assert [r.id for r in queue.due_reminders(until)] == ids  # reading claimed nothing


# cancelling


def test_cancel_reminders_by_id(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    mine, kept = backend.reminder("u:1", iv, NOW, "a"), backend.reminder("u:1", iv, NOW, "b")
    backend.interview("u:2")

    assert queue.cancel_reminders("u:2", NOW, "not theirs", reminder_id=mine) == 0
    assert queue.cancel_reminders("u:1", NOW, "cancelled by the user", reminder_id=mine) == 1
    assert queue.cancel_reminders("u:1", NOW, "again", reminder_id=mine) == 0

    assert state(backend, "u:1", mine) == (Status.CANCELLED, "cancelled by the user")
    assert state(backend, "u:1", kept) == (Status.PENDING, None)


def test_cancel_reminders_by_interview(backend: Backend) -> None:
    queue = backend.queue
    closed, still_open = backend.interview("u:1"), backend.interview("u:1")
    pending = backend.reminder("u:1", closed, NOW + HOUR, "p")
    sending = backend.reminder("u:1", closed, NOW, "s")
    sent = backend.reminder("u:1", closed, NOW, "d")
    elsewhere = backend.reminder("u:1", still_open, NOW + HOUR, "q")
    claim(queue, sending)
    claim(queue, sent)
    assert queue.mark_sent(sent, NOW)

    reason = "the interview was closed"
    assert queue.cancel_reminders("u:2", NOW, reason, interview_id=closed) == 0
    assert queue.cancel_reminders("u:1", NOW, reason, interview_id=closed) == 2

    assert state(backend, "u:1", pending) == (Status.CANCELLED, reason)
    assert state(backend, "u:1", sending) == (Status.CANCELLED, reason)
    assert state(backend, "u:1", sent) == (Status.SENT, None)
    assert state(backend, "u:1", elsewhere) == (Status.PENDING, None)


def test_cancel_user_reminders_and_set_inactive(backend: Backend) -> None:
    queue = backend.queue
    first, second = backend.interview("u:1"), backend.interview("u:1")
    other = backend.interview("u:2")
    a = backend.reminder("u:1", first, NOW + HOUR, "a")
    b = backend.reminder("u:1", second, NOW + 2 * HOUR, "b")
    in_flight = backend.reminder("u:1", first, NOW, "f")
    theirs = backend.reminder("u:2", other, NOW + HOUR, "c")
    claim(queue, in_flight)

    assert queue.cancel_user_reminders("u:1", NOW, "user blocked the bot") == 2
    queue.set_inactive("u:1", NOW)

    assert state(backend, "u:1", a) == (Status.CANCELLED, "user blocked the bot")
    assert state(backend, "u:1", b) == (Status.CANCELLED, "user blocked the bot")
    assert state(backend, "u:1", in_flight) == (Status.SENDING, None)  # left to finish
    assert state(backend, "u:2", theirs) == (Status.PENDING, None)
    assert not backend.active("u:1")
    assert backend.active("u:2")


def test_atomic_keeps_all_of_a_block_or_none(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    rid = backend.reminder("u:1", iv, NOW + HOUR, "a")

    with pytest.raises(RuntimeError), queue.atomic():
        assert queue.cancel_user_reminders("u:1", NOW, "user blocked the bot") == 1
        queue.set_inactive("u:1", NOW)
        raise RuntimeError("the block fails half-way")

    assert state(backend, "u:1", rid) == (Status.PENDING, None)
    assert backend.active("u:1")
    with queue.atomic():
        queue.cancel_user_reminders("u:1", NOW, "user blocked the bot")
        queue.set_inactive("u:1", NOW)
    assert state(backend, "u:1", rid) == (Status.CANCELLED, "user blocked the bot")
    assert not backend.active("u:1")


# the interview behind a row


def test_get_interview_is_scoped_to_its_user(backend: Backend) -> None:
    queue = backend.queue
    iv = backend.interview("u:1")
    backend.interview("u:2")

    found = queue.get_interview("u:1", iv)

    assert found is not None
    assert (found.id, found.user_id, found.status) == (iv, "u:1", "open")
    assert queue.get_interview("u:2", iv) is None
    assert queue.get_interview("u:1", iv + 1000) is None
