"""Reminders in Telegram: delivered with their buttons, snoozed, blocked users, the calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from telegram import Bot as TelegramBot
from telegram.error import RetryAfter

from bot.app import Content
from bot.clock import FrozenClock
from bot.domain.events import Reply
from bot.domain.reminders import Kind, Planned, Status
from bot.reminders.delivery import Throttled
from bot.reminders.scheduling import replan
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.pacing import Pacer
from bot.telegram.reminders import telegram_sender
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


def test_the_bot_paces_its_messages_a_little_under_30_a_second(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> None:
    # The pace itself (evenly spaced, no burst) is tests/telegram/test_pacing.py's subject;
    # reminders rely on it: the dispatcher does not throttle.
    app, _ = build_application(
        make_settings(db_path), store, clock, content, request=BotAPIDouble()
    )
    pacer = app.bot.rate_limiter
    assert isinstance(pacer, Pacer)
    assert 29 <= pacer.limits.overall_rate < 30


async def test_the_window_is_a_cap_eight_by_default_and_starts_at_one(
    store: Store, clock: FrozenClock, content: Content, db_path: Path
) -> None:
    _app, deps = build_application(
        make_settings(db_path), store, clock, content, request=BotAPIDouble()
    )
    assert deps.dispatcher.in_flight == 8
    assert deps.dispatcher.sending.limit == 1  # until a round trip is measured


# failures: a reminder gives up only when it is no use any more


async def test_a_message_telegram_refuses_fails_for_good(bot: Bot, clock: FrozenClock) -> None:
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", Kind.PREP_72H)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    bot.api.fail_next("sendMessage", Failure(400, "Bad Request: chat not found"))
    await bot.dispatcher.deliver(reminder)
    failed = bot.store.get_reminder("tg:1001", reminder)
    assert failed is not None and failed.status is Status.FAILED
    assert failed.reason == "refused for good: Chat not found"
    assert bot.dispatcher.scheduler.get_job(f"reminder:{reminder}") is None  # no retry
    user = bot.store.get_user("tg:1001")
    assert user is not None and user.active


async def test_a_server_error_is_tried_again_and_then_arrives_late_and_says_so(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", Kind.PREP_72H)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    for tries in range(1, 7):  # Telegram answers 502 for a while: 30 s, 1, 2, 4, 5, 5 minutes
        bot.api.fail_next("sendMessage", Failure(502, "Bad Gateway"))
        await bot.dispatcher.deliver(reminder)
        waiting = bot.store.get_reminder("tg:1001", reminder)
        assert waiting is not None and waiting.next_try_at is not None
        assert (waiting.status, waiting.due_at, waiting.attempts) == (
            Status.PENDING,
            due.due_at,
            tries,
        )
        clock.set(waiting.next_try_at)
    assert clock.now() - due.due_at == timedelta(minutes=17, seconds=30)
    await bot.dispatcher.deliver(reminder)

    (sent,) = alice.new_messages()
    assert "3 days before: Globex" in sent["text"]
    assert "A late one, sorry: I could not send it when it was due" in sent["text"]
    done = bot.store.get_reminder("tg:1001", reminder)
    assert done is not None and (done.status, done.attempts) == (Status.SENT, 7)


class FloodedBot:
    """A bot whose every message is refused with flood control (429)."""

    def __init__(self, wait: timedelta) -> None:
        self.wait = wait

    async def send_message(self, *args: object, **kwargs: object) -> None:
        raise RetryAfter(self.wait)


async def test_flood_control_reaches_the_dispatcher_as_the_wait_telegram_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PTB 22 warns (an error here) when a RetryAfter is built without PTB_TIMEDELTA, which
    # bot.telegram.run sets.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    send = telegram_sender(cast(TelegramBot, FloodedBot(timedelta(seconds=40))))
    with pytest.raises(Throttled) as refused:
        await send("tg:1001", [Reply("hello")])
    assert refused.value.retry_after == timedelta(seconds=40)


# one press, one effect


async def test_four_presses_of_snooze_queue_one_copy_and_get_three_stale_answers(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", Kind.PREP_72H)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    await bot.dispatcher.deliver(reminder)
    (sent,) = alice.new_messages()
    (snooze,) = [
        button["callback_data"]
        for row in sent["reply_markup"]["inline_keyboard"]
        for button in row
        if button["text"] == "Snooze 1 hour"
    ]

    answers = []
    for _ in range(4):  # pressed four times before the edited reminder reached the phone
        answers += await alice.press_data(sent, snooze)
        clock.advance(timedelta(seconds=2))

    copies = [r for r in bot.store.upcoming_reminders("tg:1001") if r.kind is Kind.PREP_72H]
    assert len(copies) == 1
    assert [r.due_at for r in copies] == [due.due_at + timedelta(hours=1)]
    # The later presses are told so in the button's pop-up: no message for each of them.
    popups = [c.params.get("text") for c in bot.api.calls if c.method == "answerCallbackQuery"]
    assert popups == [None] + ["That reminder isn't active any more."] * 3
    assert answers == []
    (edited,) = [m for m in alice.screen if m["message_id"] == sent["message_id"]]
    assert edited["text"].endswith("⏰ Snoozed: it comes back Wed 25 Nov, 16:00.")
