"""Reminders in Telegram: delivered with their buttons, snoozed, blocked users, the calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from bot.app import Content
from bot.clock import FrozenClock
from bot.domain.reminders import Kind, Planned, Status
from bot.reminders.scheduling import replan
from bot.store import Store
from bot.telegram.application import build_application
from tests.support.botapi import BotAPIDouble, Failure
from tests.support.telegram_bot import Bot, make_settings


def interview_in(bot: Bot, clock: FrozenClock, user_id: str, delta: timedelta) -> int:
    """Give a Telegram user an interview `delta` from now, with its reminders planned."""
    bot.store.ensure_user(user_id, clock.now())
    interview_id = bot.store.add_interview(user_id, "Globex", "Analyst", "second", clock.now())
    bot.store.set_schedule(user_id, interview_id, clock.now() + delta, 60)
    user = bot.store.get_user(user_id)
    interview = bot.store.get_interview(user_id, interview_id)
    assert user is not None and interview is not None
    replan(bot.store, user, interview, clock.now())
    return interview_id


def pending(bot: Bot, user_id: str, kind: Kind) -> int:
    (row,) = [r for r in bot.store.upcoming_reminders(user_id) if r.kind is kind]
    return row.id


async def test_a_due_reminder_arrives_with_its_buttons(bot: Bot, clock: FrozenClock) -> None:
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", Kind.PREP_72H)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    await bot.dispatcher.deliver(reminder)
    (sent,) = alice.new_messages()
    assert "3 days before: Globex" in sent["text"]
    assert "Review the first round" in sent["text"]
    assert alice.buttons == [
        "Open the prep plan",
        "Done",
        "Snooze 1 hour",
        "Tomorrow morning",
        "Stop…",
    ]
    row = bot.store.get_reminder("tg:1001", reminder)
    assert row is not None and row.status is Status.SENT

    assert await alice.press("Snooze 1 hour") == []  # nothing new: the reminder is edited
    snoozed = [r for r in bot.store.upcoming_reminders("tg:1001") if r.kind is Kind.PREP_72H]
    assert [r.due_at for r in snoozed] == [clock.now() + timedelta(hours=1)]
    (edited,) = alice.screen
    assert edited["message_id"] == sent["message_id"]
    assert "3 days before: Globex" in edited["text"]
    assert edited["text"].endswith("⏰ Snoozed: it comes back Wed 25 Nov, 16:00.")
    assert "reply_markup" not in edited


async def test_a_reminder_asked_for_in_words_arrives_with_its_buttons(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = bot.user(1001)
    replies = await alice.send("/remind can you remind me tomorrow at 9 to send the <portfolio>?")
    (confirmed,) = [m for m in replies if "I'll remind you" in m["text"]]
    assert "Tuesday 24 November 2026 at 09:00 (UTC)" in confirmed["text"]
    (row,) = bot.store.upcoming_reminders("tg:1001")
    assert (row.kind, row.note) == (Kind.CUSTOM, "Send the <portfolio>")

    clock.set(row.due_at)
    await bot.dispatcher.deliver(row.id)

    (sent,) = alice.new_messages()
    assert sent["text"] == "Your reminder: Send the <portfolio>"  # escaped, shown as typed
    keyboard = sent["reply_markup"]["inline_keyboard"]
    assert [b["text"] for line in keyboard for b in line] == [
        "Done",
        "Snooze 1 hour",
        "Tomorrow morning",
    ]
    assert await alice.press("Done") == []
    assert alice.screen[-1]["text"] == "Your reminder: Send the <portfolio>\n\n✓ Done."
    assert "reply_markup" not in alice.screen[-1]
    done = bot.store.get_reminder("tg:1001", row.id)
    assert done is not None and done.status is Status.SENT
    assert bot.store.upcoming_reminders("tg:1001") == []


async def test_a_blocked_user_gets_no_more_reminders(bot: Bot, clock: FrozenClock) -> None:
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", Kind.PREP_72H)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    bot.api.fail_next("sendMessage", Failure(403, "Forbidden: bot was blocked by the user"))
    await bot.dispatcher.deliver(reminder)
    assert bot.store.upcoming_reminders("tg:1001") == []
    user = bot.store.get_user("tg:1001")
    assert user is not None and not user.active


async def test_terminal_users_are_left_to_their_terminal(bot: Bot, clock: FrozenClock) -> None:
    soon = timedelta(hours=2, minutes=1)  # its 2-hour reminder falls due in a minute
    interview_in(bot, clock, "cli:sam", soon)
    assert bot.dispatcher.sweep() == 0
    interview_in(bot, clock, "tg:1001", soon)
    assert bot.dispatcher.sweep() == 1
    assert pending(bot, "cli:sam", Kind.PREP_2H)


async def test_the_calendar_arrives_as_a_document(bot: Bot, clock: FrozenClock) -> None:
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    await alice.send("/calendar")
    documents = [c for c in bot.api.calls if c.method == "sendDocument"]
    assert len(documents) == 1
    assert int(documents[0].params["chat_id"]) == 1001


async def test_a_snooze_into_the_night_waits_for_the_morning(bot: Bot, clock: FrozenClock) -> None:
    alice = bot.user(1001)
    berlin = ZoneInfo("Europe/Berlin")
    evening = datetime(2026, 12, 3, 20, 30, tzinfo=berlin)  # quiet hours: 21:00-08:00
    clock.set(evening)
    bot.store.ensure_user("tg:1001", clock.now())
    bot.store.set_timezone("tg:1001", "Europe/Berlin", clock.now())
    interview = bot.store.add_interview("tg:1001", "Globex", "Analyst", "second", clock.now())
    bot.store.set_schedule("tg:1001", interview, clock.now() - timedelta(hours=3), 60)
    planned = Planned(Kind.THANK_YOU, clock.now(), "thank-you")
    row = bot.store.add_reminder("tg:1001", interview, planned, clock.now())
    assert row is not None
    await bot.dispatcher.deliver(row.id)
    assert alice.new_messages()

    await alice.press("Snooze 1 hour")

    (snoozed,) = bot.store.upcoming_reminders("tg:1001")
    morning = datetime(2026, 12, 4, 8, 0, tzinfo=berlin)
    assert snoozed.due_at == morning.astimezone(UTC)  # not 21:30, inside the quiet hours
    assert "it comes back Fri 4 Dec, 08:00" in alice.screen[-1]["text"]


async def test_the_reminder_window_reaches_the_dispatcher(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> None:
    settings = make_settings(db_path, reminder_window=3)
    _app, deps = build_application(settings, store, clock, content, request=BotAPIDouble())
    assert deps.dispatcher.in_flight == 3


def test_the_rate_limiter_paces_evenly_under_30_a_second_with_no_burst(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> None:
    app, _ = build_application(
        make_settings(db_path), store, clock, content, request=BotAPIDouble()
    )
    limiter = app.bot.rate_limiter
    assert isinstance(limiter, AIORateLimiter)
    overall = limiter._base_limiter
    assert isinstance(overall, AsyncLimiter)
    assert overall.max_rate == 1  # a bucket of one message: nothing goes out in a burst
    assert 29 <= 1 / overall.time_period < 30  # one every 1/29.5 s: a little under the limit
