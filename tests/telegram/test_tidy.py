"""A tidy chat in Telegram: a reminder's buttons edit the reminder in place (and fall back to a
new message when it cannot be edited), a pressed question keeps its text with the answer
shown under it, and "Main menu" sends the menu alone."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.clock import FrozenClock
from bot.domain.reminders import Kind
from tests.support.botapi import Failure
from tests.support.telegram_bot import Bot
from tests.support.telegram_user import TelegramUser
from tests.telegram.test_reminders import interview_in, pending

MENU = ["Read my signals", "My interviews", "Prep plan", "Reminders", "My timezone"]
TOO_OLD = Failure(400, "Bad Request: message can't be edited")


def labels(message: dict[str, Any]) -> list[str]:
    """The button labels under one message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


async def reminder_on_screen(bot: Bot, clock: FrozenClock, kind: Kind) -> TelegramUser:
    """Alice with an interview five days ahead and its `kind` reminder just delivered."""
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    reminder = pending(bot, "tg:1001", kind)
    due = bot.store.get_reminder("tg:1001", reminder)
    assert due is not None
    clock.set(due.due_at)
    await bot.dispatcher.deliver(reminder)
    assert len(alice.new_messages()) == 1
    return alice


async def test_stop_asks_in_place_and_stops_only_the_prep_reminders(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = await reminder_on_screen(bot, clock, Kind.PREP_72H)

    assert await alice.press("Stop…") == []
    (asking,) = alice.screen
    assert "Stop which reminders for Globex?" in asking["text"]
    assert "3 days before: Globex" in asking["text"]  # the reminder is still there to read
    assert labels(asking) == ["Only the prep reminders", "All for this interview", "Keep them"]

    assert await alice.press("Only the prep reminders") == []
    (stopped,) = alice.screen
    assert stopped["text"].endswith("Stopped the prep reminders for Globex. The others still come.")
    assert labels(stopped) == []
    kinds = {r.kind for r in bot.store.upcoming_reminders("tg:1001")}
    assert kinds == {Kind.DEBRIEF, Kind.THANK_YOU, Kind.FOLLOW_UP}
    assert [c.method for c in bot.api.calls].count("sendMessage") == 1  # the reminder only


async def test_a_reminder_that_cannot_be_edited_gets_its_answer_as_a_new_message(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = await reminder_on_screen(bot, clock, Kind.PREP_72H)
    bot.api.fail_next("editMessageText", TOO_OLD)  # the edit in place
    bot.api.fail_next("editMessageText", TOO_OLD)  # and the answer added under it

    sent = await alice.press("Snooze 1 hour")

    (answer,) = sent
    assert answer["text"].endswith("⏰ Snoozed: it comes back Wed 25 Nov, 16:00.")
    reminder = alice.screen[0]
    assert labels(reminder) == []  # its buttons were still taken away
    assert next(r.kind for r in bot.store.upcoming_reminders("tg:1001")) is Kind.PREP_72H


async def test_an_edit_that_changes_nothing_sends_nothing(bot: Bot, clock: FrozenClock) -> None:
    alice = await reminder_on_screen(bot, clock, Kind.PREP_72H)
    await alice.press("Stop…")
    bot.api.fail_next("editMessageText", Failure(400, "Bad Request: message is not modified"))

    assert await alice.press("Keep them") == []


async def test_a_snooze_with_a_question_open_edits_the_reminder_and_asks_again(
    bot: Bot, clock: FrozenClock
) -> None:
    alice = await reminder_on_screen(bot, clock, Kind.PREP_72H)
    await alice.send("/timezone")
    question = alice.screen[-1]

    sent = await alice.press_data(
        alice.screen[0], next(b for b in _buttons(alice.screen[0]) if b["text"] == "Done")["data"]
    )

    assert alice.screen[0]["text"].endswith("✓ Done.")
    assert [m["text"] for m in sent] == [question["text"]]  # the open question, once more


def _buttons(message: dict[str, Any]) -> list[dict[str, str]]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [{"text": b["text"], "data": b["callback_data"]} for row in rows for b in row]


async def test_a_pressed_question_keeps_its_text_with_the_answer_under_it(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/interviews")
    await alice.press("Add an interview")
    await alice.send("Globex")
    await alice.send("Analyst")
    question = dict(alice.screen[-1])  # as it was before the press

    await alice.press("Second round")

    answered = next(m for m in alice.screen if m["message_id"] == question["message_id"])
    assert answered["text"] == f"{question['text']}\n\n» Second round"
    assert answered["html"].endswith("» <b>Second round</b>")
    assert labels(answered) == []


async def test_a_question_too_long_to_take_the_answer_still_loses_its_buttons(
    bot: Bot,
) -> None:
    alice = bot.user(1001)
    await alice.send("/interviews")
    await alice.press("Add an interview")
    await alice.send("Globex")
    await alice.send("Analyst")
    question = dict(alice.screen[-1])
    bot.api.fail_next("editMessageText", Failure(400, "Bad Request: message is too long"))

    sent = await alice.press("Second round")

    assert sent  # the next question came
    answered = next(m for m in alice.screen if m["message_id"] == question["message_id"])
    assert answered["text"] == question["text"]
    assert labels(answered) == []


async def test_main_menu_sends_the_menu_alone(bot: Bot, clock: FrozenClock) -> None:
    alice = bot.user(1001)
    interview_in(bot, clock, "tg:1001", timedelta(days=5))
    welcome = await alice.send("/start")
    assert len(welcome) == 2  # /start: the welcome, then the menu
    await alice.press("Prep plan")
    await alice.press("Close the plan")

    (menu,) = await alice.press("Main menu")

    assert menu["text"] == "What would you like to do?"
    assert labels(menu) == MENU
