"""The store: one SQLite file, and one facade over the repositories of its tables.

`Store` opens the database and migrates it, and hands each call to the repository of the
table it concerns (`users.py`, `interviews.py`, `reminders.py`, ...), which holds that
table's SQL. It implements `ReminderQueue` (`queue.py`), the part delivery uses.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.domain.offers import Offer
from bot.domain.records import AnswerRow, Interview, Negotiation, Promise, Reading, Story, User
from bot.domain.reminders import Kind, Planned, ReminderRow
from bot.store.dialog_state import DialogStates
from bot.store.followups import Followups
from bot.store.interviews import Interviews
from bot.store.lock import DatabaseLock
from bot.store.migrations import migrations
from bot.store.negotiations import Negotiations
from bot.store.opening import check_schema, folder_problem, sqlite_problem
from bot.store.parked import Parked, ParkedQuestions
from bot.store.prep_items import PrepItems
from bot.store.privacy import Privacy
from bot.store.readings import Readings
from bot.store.reflections import Reflections
from bot.store.reminders import Reminders
from bot.store.stories import Stories
from bot.store.updates import ProcessedUpdates
from bot.store.users import Users


class Store:
    """One SQLite file in WAL mode, migrated on open; every query parameterised."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.db.execute("PRAGMA foreign_keys = ON")
        migrations.apply(self.db)
        self._users = Users(db)
        self._dialog_states = DialogStates(db)
        self._parked = ParkedQuestions(db)
        self._updates = ProcessedUpdates(db)
        self._interviews = Interviews(db)
        self._readings = Readings(db)
        self._prep_items = PrepItems(db)
        self._stories = Stories(db)
        self._followups = Followups(db)
        self._reflections = Reflections(db)
        self._negotiations = Negotiations(db)
        self._reminders = Reminders(db, self._interviews)
        self._privacy = Privacy(db)
        self._lock: DatabaseLock | None = None

    @classmethod
    def open(cls, path: Path | str, *, exclusive: bool = False) -> Store:
        """Open (creating if needed) the database at `path`; ":memory:" for a throwaway one.

        `exclusive` (the bot) takes the database's lock first and holds it until `close`:
        a second bot on the same file is refused with DatabaseBusy. A database that cannot be
        used (permissions, not a database, written by a newer version) raises
        DatabaseUnusable, whose message names the file and the reason.
        """
        if str(path) == ":memory:":
            return cls(Database(memory=True))
        path = Path(path)
        lock = DatabaseLock(path) if exclusive else None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if lock is not None:
                lock.acquire()
        except OSError as error:
            raise folder_problem(path, error) from None
        try:
            store = cls._open_file(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        store._lock = lock
        return store

    @classmethod
    def _open_file(cls, path: Path) -> Store:
        try:
            db = Database(path)
        except sqlite3.Error as error:
            raise sqlite_problem(path, error) from None
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            db.enable_wal()
            # In WAL mode NORMAL keeps the database consistent through a crash of the process
            # (a power cut may lose the last commits); FULL would add an fsync to every commit.
            db.execute("PRAGMA synchronous = NORMAL")
            # Deleted rows are overwritten with zeros, not left in free pages: /delete means gone.
            db.execute("PRAGMA secure_delete = ON")
            check_schema(db, migrations, path)
            return cls(db)
        except sqlite3.Error as error:
            db.close()
            raise sqlite_problem(path, error) from None
        except BaseException:
            db.close()
            raise

    def close(self) -> None:
        """Close the connection (and let the database's lock go, if this store held it)."""
        self.db.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def scrub(self) -> None:
        """Copy the write-ahead log into the database and empty it, so the old versions of
        pages it still holds (the words of a deleted user) leave the disk too. Outside any
        transaction; a no-op for an in-memory database."""
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Run the block in one transaction: all of it is written, or none."""
        with self.db.atomic():
            yield

    def backup(self, target: Path) -> None:
        """Write a consistent copy of the live database to `target` (safe while running)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target) as copy:
            self.db.conn.backup(copy)
        copy.close()

    # users

    def ensure_user(self, user_id: str, now: datetime) -> User:
        """Return the user, creating them on first contact; a user who writes is active again."""
        return self._users.ensure(user_id, now)

    def get_user(self, user_id: str) -> User | None:
        """Return the user or None."""
        return self._users.get(user_id)

    def set_inactive(self, user_id: str, now: datetime) -> None:
        """Mark a user who cannot be reached (they blocked the bot)."""
        self._users.set_inactive(user_id, now)

    def set_timezone(self, user_id: str, timezone: str, now: datetime) -> None:
        """Save the user's IANA timezone."""
        self._users.set_timezone(user_id, timezone, now)

    def set_preference(self, user_id: str, key: str, value: Any, now: datetime) -> None:
        """Set one key of the user's preferences (a JSON object)."""
        self._users.set_preference(user_id, key, value, now)

    # telegram updates

    def first_time_seen(self, update_id: int, now: datetime, keep: timedelta) -> bool:
        """Record an update id; False when it was already recorded (a redelivery)."""
        return self._updates.first_time_seen(update_id, now, keep)

    # dialog state

    def load_dialog_state(self, user_id: str) -> dict[str, Any] | None:
        """Return the user's saved dialog state, or None when idle (or unreadable)."""
        return self._dialog_states.load(user_id)

    def save_dialog_state(self, user_id: str, state: dict[str, Any], now: datetime) -> None:
        """Save the user's dialog state as JSON."""
        self._dialog_states.save(user_id, state, now)

    def clear_dialog_state(self, user_id: str) -> None:
        """Forget where the user was: they are back at the menu."""
        self._dialog_states.clear(user_id)

    def dialog_state_saved_at(self, user_id: str) -> datetime | None:
        """Return when the open question was asked (the dialog state last written), or None."""
        return self._dialog_states.saved_at(user_id)

    # parked questions

    def park_question(
        self, user_id: str, state: dict[str, Any], text: str | None, now: datetime
    ) -> None:
        """Put an open question aside to come back to, with a message kept for it."""
        self._parked.park(user_id, state, text, now)

    def parked_question(self, user_id: str) -> Parked | None:
        """Return the question the user put aside, or None."""
        return self._parked.get(user_id)

    def drop_parked_question(self, user_id: str) -> None:
        """Forget the question the user put aside."""
        self._parked.drop(user_id)

    # interviews

    def add_interview(
        self, user_id: str, company: str, role: str, round_: str | None, now: datetime
    ) -> int:
        """Record an interview and return its id."""
        return self._interviews.add(user_id, company, role, round_, now)

    def interviews(self, user_id: str, *, open_only: bool = True) -> list[Interview]:
        """Return the user's interviews, newest first."""
        return self._interviews.for_user(user_id, open_only=open_only)

    def get_interview(self, user_id: str, interview_id: int) -> Interview | None:
        """Return the interview only if it belongs to `user_id`."""
        return self._interviews.get(user_id, interview_id)

    def set_schedule(
        self,
        user_id: str,
        interview_id: int,
        starts_at: datetime,
        duration_min: int | None = None,
    ) -> bool:
        """Set when the interview starts (and how long it lasts); False if it is not theirs."""
        return self._interviews.set_schedule(user_id, interview_id, starts_at, duration_min)

    def set_interview_details(
        self,
        user_id: str,
        interview_id: int,
        *,
        format: str | None = None,
        interviewers: str | None = None,
        decision_by: date | None = None,
        decision_note: str | None = None,
    ) -> None:
        """Record the round's format, the interviewers and the decision timeframe given."""
        self._interviews.set_details(
            user_id,
            interview_id,
            format=format,
            interviewers=interviewers,
            decision_by=decision_by,
            decision_note=decision_note,
        )

    def set_interview_field(
        self, user_id: str, interview_id: int, column: str, value: str | int | None
    ) -> None:
        """Change one editable detail (company, role, interviewers, format, length)."""
        self._interviews.set_field(user_id, interview_id, column, value)

    def set_decision(
        self, user_id: str, interview_id: int, decision_by: date, decision_note: str
    ) -> None:
        """Record when the employer said they would decide (given or changed after)."""
        self._interviews.set_decision(user_id, interview_id, decision_by, decision_note)

    def set_debrief(
        self, user_id: str, interview_id: int, point: str | None, materials: str | None
    ) -> None:
        """Record the discussion point and any promised materials from the debrief."""
        self._interviews.set_debrief(user_id, interview_id, point, materials)

    def set_materials(self, user_id: str, interview_id: int, promises: Sequence[Promise]) -> None:
        """Record the promised materials read as items, each with its due day if said."""
        self._interviews.set_materials(user_id, interview_id, promises)

    def mark_interview(self, user_id: str, interview_id: int, column: str, now: datetime) -> None:
        """Stamp one of the interview's done-markers (thank-you sent, materials sent)."""
        self._interviews.mark(user_id, interview_id, column, now)

    def close_interview(self, user_id: str, interview_id: int, now: datetime) -> None:
        """Close an interview: it is decided or no longer relevant."""
        self._interviews.close(user_id, interview_id, now)

    def delete_interview(self, user_id: str, interview_id: int) -> None:
        """Delete an interview and everything hanging off it."""
        self._interviews.delete(user_id, interview_id)

    def mark_replied(self, user_id: str, interview_id: int, now: datetime) -> None:
        """Record that the employer answered."""
        self._interviews.mark_replied(user_id, interview_id, now)

    def replied_at(self, user_id: str, interview_id: int) -> datetime | None:
        """Return when the employer answered, if they did."""
        return self._interviews.replied_at(user_id, interview_id)

    def set_outcome(self, user_id: str, interview_id: int, outcome: str, now: datetime) -> None:
        """Record how an interview ended and close it."""
        self._interviews.set_outcome(user_id, interview_id, outcome, now)

    def outcomes(self, user_id: str) -> dict[int, str]:
        """Return the outcome of each of the user's interviews that has one."""
        return self._interviews.outcomes(user_id)

    # signal readings

    def save_reading(
        self,
        user_id: str,
        interview_id: int,
        score: int,
        band: str,
        answers: Sequence[AnswerRow],
        now: datetime,
    ) -> int:
        """Store a reading and its answers; the caller wraps it in `atomic()` with related rows."""
        return self._readings.save(user_id, interview_id, score, band, answers, now)

    def readings(self, user_id: str, interview_id: int | None = None) -> list[Reading]:
        """Return the user's readings (for one interview if given), oldest first."""
        return self._readings.for_user(user_id, interview_id)

    def reading_answers(self, user_id: str, reading_id: int) -> list[AnswerRow]:
        """Return the answers of one of the user's readings."""
        return self._readings.answers(user_id, reading_id)

    # prep plan

    def tick_prep_item(self, user_id: str, interview_id: int, item: str, now: datetime) -> None:
        """Mark a prep item done for an interview."""
        self._prep_items.tick(user_id, interview_id, item, now)

    def untick_prep_item(self, user_id: str, interview_id: int, item: str) -> None:
        """Mark a ticked prep item not done again."""
        self._prep_items.untick(user_id, interview_id, item)

    def done_prep_items(self, user_id: str, interview_id: int) -> set[str]:
        """Return the prep items ticked off for an interview."""
        return self._prep_items.done(user_id, interview_id)

    # stories

    def add_story(
        self,
        user_id: str,
        interview_id: int | None,
        parts: dict[str, str],
        now: datetime,
        title: str | None = None,
    ) -> int:
        """Save a STAR story (with its title) and return its id."""
        return self._stories.add(user_id, interview_id, parts, now, title)

    def get_story(self, user_id: str, story_id: int) -> Story | None:
        """Return the story only if it belongs to `user_id`."""
        return self._stories.get(user_id, story_id)

    def update_story(
        self, user_id: str, story_id: int, column: str, value: str, now: datetime
    ) -> bool:
        """Change one part, the title or the tag of the user's story; False if not theirs."""
        return self._stories.update(user_id, story_id, column, value, now)

    def delete_story(self, user_id: str, story_id: int) -> bool:
        """Delete the user's story; False if it is not theirs."""
        return self._stories.delete(user_id, story_id)

    def stories(self, user_id: str, interview_id: int | None = None) -> list[Story]:
        """Return the user's STAR stories (for one interview if given), oldest first."""
        return self._stories.for_user(user_id, interview_id)

    # follow-ups, reflections, negotiation

    def add_followup(self, user_id: str, interview_id: int, sent_at: datetime) -> None:
        """Record a follow-up the user sent."""
        self._followups.add(user_id, interview_id, sent_at)

    def followups(self, user_id: str, interview_id: int) -> list[datetime]:
        """Return when the user sent follow-ups for an interview, oldest first."""
        return self._followups.sent_times(user_id, interview_id)

    def add_reflection(
        self,
        user_id: str,
        interview_id: int,
        went_well: str | None,
        improve: str | None,
        now: datetime,
    ) -> None:
        """Save what went well and what to improve after a rejection."""
        self._reflections.add(user_id, interview_id, went_well, improve, now)

    def add_negotiation(
        self,
        user_id: str,
        interview_id: int | None,
        card: dict[str, Any],
        now: datetime,
        offer: Offer | None = None,
    ) -> int:
        """Save a negotiation card (with the offer it was compared with) and return its id."""
        return self._negotiations.add(user_id, interview_id, card, now, offer)

    def negotiations(self, user_id: str) -> list[Negotiation]:
        """Return the user's negotiation cards, newest first."""
        return self._negotiations.for_user(user_id)

    def add_offer(self, user_id: str, offer: Offer) -> int:
        """Save the figures of an offer for one of the user's interviews; return its row id."""
        return self._negotiations.add_offer(user_id, offer)

    def latest_offer(self, user_id: str, interview_id: int) -> Offer | None:
        """Return the figures last recorded for an interview's offer, or None."""
        return self._negotiations.latest_offer(user_id, interview_id)

    # reminders: reading and planning

    def get_reminder(self, user_id: str, reminder_id: int) -> ReminderRow | None:
        """Return the reminder only if it belongs to `user_id`."""
        return self._reminders.get(user_id, reminder_id)

    def upcoming_reminders(self, user_id: str) -> list[ReminderRow]:
        """Return the user's pending reminders, soonest first."""
        return self._reminders.upcoming(user_id)

    def due_reminders(
        self, until: datetime, limit: int = 1000, after: tuple[datetime, int] | None = None
    ) -> list[ReminderRow]:
        """Return pending reminders due by `until`, by (due time, id); after `after` if given."""
        return self._reminders.due(until, limit, after)

    def stopped_kinds(self, user_id: str, interview_id: int) -> set[Kind]:
        """Return the kinds of an interview's reminders the user stopped on their own."""
        return self._reminders.stopped_kinds(user_id, interview_id)

    def reminders_stopped(self, user_id: str, interview_id: int) -> bool:
        """Tell whether the user stopped an interview's reminders ("Stop for this interview")."""
        return self._reminders.stopped(user_id, interview_id)

    def interview_reminders(self, user_id: str, interview_id: int) -> list[ReminderRow]:
        """Return the pending reminders of one of the user's interviews, soonest first."""
        return self._reminders.of_interview(user_id, interview_id)

    def sent_since(self, user_id: str, kind: Kind, since: datetime) -> list[ReminderRow]:
        """Return the user's reminders of one kind sent at or after `since`, latest first."""
        return self._reminders.sent_since(user_id, kind, since)

    def delivered_kinds(self, user_id: str, interview_id: int) -> set[Kind]:
        """Return the kinds of one interview's reminders already sent."""
        return self._reminders.delivered_kinds(user_id, interview_id)

    def plan_reminders(
        self, user_id: str, interview_id: int, planned: Sequence[Planned], now: datetime
    ) -> list[ReminderRow]:
        """Make the interview's pending planner reminders exactly `planned`; return its pending."""
        return self._reminders.plan(user_id, interview_id, planned, now)

    def add_reminder(
        self, user_id: str, interview_id: int | None, planned: Planned, now: datetime
    ) -> ReminderRow | None:
        """Add one reminder; None when a reminder with its dedupe key already exists."""
        return self._reminders.add(user_id, interview_id, planned, now)

    def snooze_reminder(
        self, user_id: str, reminder_id: int, until: datetime, now: datetime
    ) -> ReminderRow | None:
        """Add a pending copy of the user's reminder due at `until` (see `Reminders.snooze`)."""
        return self._reminders.snooze(user_id, reminder_id, until, now)

    def act_on_reminder(self, user_id: str, reminder_id: int, now: datetime) -> bool:
        """Record that a button of the user's reminder took effect; False if one already had
        (a reminder's buttons act once) or the reminder is not theirs."""
        return self._reminders.act(user_id, reminder_id, now)

    # reminders: cancelling

    def cancel_reminders(
        self,
        user_id: str,
        now: datetime,
        reason: str,
        interview_id: int | None = None,
        reminder_id: int | None = None,
    ) -> int:
        """Cancel the user's pending or sending reminders (of one interview / one id if given)."""
        return self._reminders.cancel(user_id, now, reason, interview_id, reminder_id)

    def cancel_user_reminders(self, user_id: str, now: datetime, reason: str) -> int:
        """Cancel all of the user's pending reminders (they blocked the bot, or left)."""
        return self._reminders.cancel_user(user_id, now, reason)

    # reminders: delivery

    def claim_reminder(
        self, reminder_id: int, now: datetime, due_by: datetime | None = None
    ) -> ReminderRow | None:
        """Move a pending reminder (due by `due_by`, if given) to sending in one statement."""
        return self._reminders.claim(reminder_id, now, due_by)

    def mark_sent(self, reminder_id: int, now: datetime) -> bool:
        """Record that a claimed reminder went out (even if it was cancelled while in flight)."""
        return self._reminders.mark_sent(reminder_id, now)

    def mark_skipped(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a pending or claimed reminder will not be sent, and why."""
        return self._reminders.mark_skipped(reminder_id, now, reason)

    def mark_failed(self, reminder_id: int, now: datetime, reason: str) -> bool:
        """Record that a claimed reminder cannot be sent (a permanent error), and why."""
        return self._reminders.mark_failed(reminder_id, now, reason)

    def release(self, reminder_id: int, now: datetime, retry_at: datetime) -> bool:
        """Hand a claimed reminder back as pending, tried again at `retry_at` (due time kept)."""
        return self._reminders.release(reminder_id, now, retry_at)

    def recover_sending(self, now: datetime) -> int:
        """Return rows a crash left in sending to pending, so they are tried again."""
        return self._reminders.recover_sending(now)

    # privacy

    def user_tables(self) -> list[str]:
        """Return every table that holds rows of users (a user_id column), plus users."""
        return self._privacy.user_tables()

    def export_user(self, user_id: str) -> dict[str, list[dict[str, Any]]]:
        """Return all of a user's rows, table by table."""
        return self._privacy.export_user(user_id)

    def delete_user(self, user_id: str) -> int:
        """Delete every row of a user, reminders included; return how many rows went."""
        return self._privacy.delete_user(user_id)
