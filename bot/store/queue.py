"""The reminder queue: what reminder delivery needs from a store, as a typed protocol.

`bot.reminders.delivery.Dispatcher` is written against `ReminderQueue`, not against `Store`.
The SQLite `Store` implements it: one writer connection, a claim is one
`UPDATE ... RETURNING`. This is the seam a PostgreSQL store would implement, claiming with
`SELECT ... FOR UPDATE SKIP LOCKED` so that several deliverers share one queue without
waiting on each other's rows. `tests/unit/store/test_reminder_queue_contract.py` is the
contract every implementation passes.

A row's life: pending -> sending (claimed) -> sent, skipped or failed; pending or sending ->
cancelled; sending -> pending again (released for a retry, or recovered after a crash). A row's
due time is the time it is for; a released row waits for its next try (`ReminderRow.try_at`)
with its due time unchanged, so the downtime policy can tell how late it is.
Every method commits before it returns unless it runs inside `atomic()`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Protocol

from bot.domain.records import Interview
from bot.domain.reminders import ReminderRow


class ReminderQueue(Protocol):
    """The reminder rows delivery reads, claims and marks, and the few facts it checks."""

    def recover_sending(self, now: datetime) -> int:
        """Return every row left in sending (by anyone) to pending, its due time and attempts
        unchanged; return how many. Called on start, before any claim: a crash between claim
        and mark makes a reminder go out again, never go missing (at-least-once)."""
        ...

    def due_reminders(
        self, until: datetime, limit: int = 1000, after: tuple[datetime, int] | None = None
    ) -> list[ReminderRow]:
        """Return at most `limit` pending rows to try at or before `until` (`try_at`: the due
        time, or the retry time of a released row), ordered by (`try_at`, id); with `after` (such
        a time and id) only rows that sort strictly after it, the next batch of a keyset walk.
        Reading claims nothing."""
        ...

    def claim_reminder(
        self, reminder_id: int, now: datetime, due_by: datetime | None = None
    ) -> ReminderRow | None:
        """Move a pending row to sending and count the attempt, in one statement (check and
        change cannot be split by another claimer); return the row as claimed. None when the
        row is not pending, or with `due_by`, not to be tried by then (its `try_at` is later):
        exactly one claimer wins."""
        ...

    def mark_sent(self, reminder_id: int, now: datetime) -> bool:
        """Record that a claimed row went out: sending (or cancelled while in flight) -> sent,
        `sent_at` = now, reason cleared. False for a row in any other state."""
        ...

    def mark_skipped(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a pending or sending row will not be sent, keeping `reason`. False for a
        row in any other state."""
        ...

    def mark_failed(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a sending row cannot be sent (a permanent error), keeping `reason`.
        False for a row in any other state."""
        ...

    def release(self, reminder_id: int, now: datetime, retry_at: datetime) -> bool:
        """Hand a sending row back as pending, tried again at `retry_at`, its due time and
        attempts kept (a failed try). False for a row in any other state."""
        ...

    def get_interview(self, user_id: str, interview_id: int) -> Interview | None:
        """Return a row's interview (its times and whether it is open), only if it belongs to
        `user_id`; None when it is gone."""
        ...

    def cancel_reminders(
        self,
        user_id: str,
        now: datetime,
        reason: str,
        interview_id: int | None = None,
        reminder_id: int | None = None,
    ) -> int:
        """Cancel the user's pending or sending rows (only one interview's, or one id, if
        given), keeping `reason`; return how many. Another user's rows are never touched."""
        ...

    def cancel_user_reminders(self, user_id: str, now: datetime, reason: str) -> int:
        """Cancel all of the user's pending rows (a row in flight is left to finish), keeping
        `reason`; return how many."""
        ...

    def set_inactive(self, user_id: str, now: datetime) -> None:
        """Mark a user who cannot be reached (they blocked the bot)."""
        ...

    def atomic(self) -> AbstractContextManager[None]:
        """Run the block in one transaction: all of its writes are kept, or none (an error
        inside rolls them back and propagates)."""
        ...
