"""The terminal chat prints reminders as they fall due, between the lines the user types."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.console import ConsoleChat
from bot.domain.reminders import Kind, Status
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher
from bot.reminders.scheduling import replan
from bot.store import Store


async def test_a_due_reminder_prints_while_the_chat_runs(
    coach: Coach, store: Store, clock: FrozenClock, content: Content
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    scheduler = AsyncIOScheduler()
    dispatcher = Dispatcher(
        store,
        clock,
        chat.deliver,
        ReminderComposer(store, coach.renderer, content.plan),
        scheduler,
        owns=lambda user: user == "cli:sam",
    )
    store.ensure_user("cli:sam", clock.now())
    interview = store.add_interview("cli:sam", "Initech", "Engineer", None, clock.now())
    store.set_schedule("cli:sam", interview, clock.now() + timedelta(hours=2, minutes=3), 60)
    user, saved = store.get_user("cli:sam"), store.get_interview("cli:sam", interview)
    assert user is not None and saved is not None
    replan(store, user, saved, clock.now())
    (soon,) = [r for r in store.upcoming_reminders("cli:sam") if r.kind is Kind.PREP_2H]

    lines: asyncio.Queue[str | None] = asyncio.Queue()
    running = asyncio.create_task(chat.run(lines, echo=True))
    await lines.put("/help")
    dispatcher.start()  # arms the 2-hour reminder: it is due within the window
    assert [job.id for job in scheduler.get_jobs() if job.id.startswith("reminder:")] == [
        f"reminder:{soon.id}"
    ]
    clock.advance(timedelta(minutes=3))
    await dispatcher.deliver(soon.id)  # what the job does when it fires
    await lines.put(None)
    await running

    printed = out.getvalue()
    assert "> /help" in printed
    assert "⏰ 2 hours before: Initech" in printed
    assert "Snooze 1 hour" in printed
    row = store.get_reminder("cli:sam", soon.id)
    assert row is not None and row.status is Status.SENT


async def test_another_users_reminders_are_not_printed(
    coach: Coach, store: Store, clock: FrozenClock, content: Content
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    dispatcher = Dispatcher(
        store,
        clock,
        chat.deliver,
        ReminderComposer(store, coach.renderer, content.plan),
        AsyncIOScheduler(),
        owns=lambda user: user == "cli:sam",
    )
    store.ensure_user("cli:kim", clock.now())
    interview = store.add_interview("cli:kim", "Initech", "Engineer", None, clock.now())
    store.set_schedule("cli:kim", interview, clock.now() + timedelta(hours=2, minutes=3), 60)
    user, saved = store.get_user("cli:kim"), store.get_interview("cli:kim", interview)
    assert user is not None and saved is not None
    replan(store, user, saved, clock.now())
    assert dispatcher.sweep() == 0


async def test_a_reminder_asked_for_in_the_chat_prints_when_due(
    coach: Coach, store: Store, clock: FrozenClock, content: Content
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    scheduler = AsyncIOScheduler()
    dispatcher = Dispatcher(
        store,
        clock,
        chat.deliver,
        ReminderComposer(store, coach.renderer, content.plan),
        scheduler,
        owns=lambda user: user == "cli:sam",
    )
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    running = asyncio.create_task(chat.run(lines, echo=True))
    await lines.put("/remind in 2 hours to send the portfolio")
    await lines.put(None)
    await running
    (row,) = [r for r in store.upcoming_reminders("cli:sam") if r.kind is Kind.CUSTOM]
    assert row.due_at == clock.now() + timedelta(hours=2)
    assert "I'll remind you on Monday 23 November 2026 at 17:00 (UTC)" in out.getvalue()

    clock.set(row.due_at)
    dispatcher.sweep()
    await dispatcher.deliver(row.id)

    printed = out.getvalue()
    assert "⏰ Your reminder: Send the portfolio" in printed
    assert "1. Done" in printed.split("⏰")[-1]
    assert "Stop for this interview" not in printed.split("⏰")[-1]
    sent = store.get_reminder("cli:sam", row.id)
    assert sent is not None and sent.status is Status.SENT


async def test_a_snoozed_reminder_prints_again_as_an_update_with_stable_numbers(
    coach: Coach, store: Store, clock: FrozenClock, content: Content
) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    store.ensure_user("cli:sam", clock.now())
    interview = store.add_interview("cli:sam", "Initech", "Engineer", None, clock.now())
    store.set_schedule("cli:sam", interview, clock.now() + timedelta(days=5), 60)
    user, saved = store.get_user("cli:sam"), store.get_interview("cli:sam", interview)
    assert user is not None and saved is not None
    replan(store, user, saved, clock.now())
    (row,) = [r for r in store.upcoming_reminders("cli:sam") if r.kind is Kind.PREP_72H]
    clock.set(row.due_at)
    (reminder,) = ReminderComposer(store, coach.renderer, content.plan)(row, late=False)
    await chat.deliver("cli:sam", [reminder])
    assert "  3. Snooze 1 hour" in out.getvalue()

    chat.send("3")

    update = out.getvalue().split("⏰ 3 days before", 1)[1]
    assert "\n↻ 3 days before: Initech" in update  # printed again, marked as an update
    assert "⏰ Snoozed: it comes back" in update
    assert "What would you like to do?" not in update  # no menu after it
