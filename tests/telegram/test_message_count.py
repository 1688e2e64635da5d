"""A tidy chat, counted: one scripted 40-action conversation over Telegram, the days between
the invitation and the answer (the prep plan, the reminders and their buttons, the menu),
sends at most half the messages it sent before the chat was tidied.

BEFORE is what the same 40 actions sent on the code before the change (commit 4070a28,
measured by running this script there): every snooze and "Tomorrow morning" sent the
confirmation and the menu again, "Main menu" sent the whole welcome before the menu, and
every prep tick sent the checklist again. Reminders the coach delivers on its own are not
actions and are counted apart (they are the same before and after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.clock import FrozenClock
from bot.domain.reminders import Kind
from bot.reminders.scheduling import replan
from tests.support.telegram_bot import Bot
from tests.support.telegram_user import TelegramUser

BEFORE = 61
"""Messages the 40 actions sent before the tidy chat (sendMessage calls, reminders apart)."""
ACTIONS = 40
USER = "tg:1001"
ITEM = "item"
"""Stands for "tick the first item still open on the prep plan" in the script."""

SCRIPT: tuple[tuple[str, str | Kind | None], ...] = (
    ("send", "/start"),
    ("press", "Prep plan"),
    ("press", ITEM),
    ("press", ITEM),
    ("press", ITEM),
    ("press", "Tips for this round"),
    ("press", "Back to the plan"),
    ("press", ITEM),
    ("press", "Close the plan"),
    ("press", "Main menu"),
    ("due", Kind.PREP_72H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_72H),
    ("press", "Tomorrow morning"),
    ("due", Kind.PREP_72H),
    ("press", "Open the prep plan"),
    ("press", ITEM),
    ("press", "Close the plan"),
    ("press", "Main menu"),
    ("due", Kind.PREP_48H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_48H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_48H),
    ("press", "Tomorrow morning"),
    ("due", Kind.PREP_48H),
    ("press", "Open the prep plan"),
    ("press", ITEM),
    ("press", "Close the plan"),
    ("press", "Main menu"),
    ("due", Kind.PREP_24H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_24H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_2H),
    ("press", "Snooze 1 hour"),
    ("due", Kind.PREP_2H),
    ("press", "Open the prep plan"),
    ("press", ITEM),
    ("press", "Close the plan"),
    ("press", "Main menu"),
    ("due", Kind.DEBRIEF),
    ("press", "Snooze 1 hour"),
    ("due", Kind.DEBRIEF),
    ("press", "Snooze 1 hour"),
    ("due", Kind.THANK_YOU),
    ("press", "Snooze 1 hour"),
    ("due", Kind.THANK_YOU),
    ("press", "I've sent it"),
    ("send", "/reminders"),
    ("press", "Done"),
    ("press", "Main menu"),
    ("due", Kind.FOLLOW_UP),
    ("press", "Snooze 1 hour"),
    ("due", Kind.FOLLOW_UP),
    ("press", "Tomorrow morning"),
    ("due", Kind.FOLLOW_UP),
    ("press", "Done"),
)


@dataclass
class Tally:
    """What the bot sent for the actions, and for the reminders it delivered on its own."""

    sent: int = 0
    edited: int = 0
    delivered: int = 0
    log: list[str] = field(default_factory=list)


def calls(bot: Bot, *methods: str) -> int:
    """How many calls of these Bot API methods the bot has made so far."""
    return sum(1 for call in bot.api.calls if call.method in methods)


def open_item(alice: TelegramUser) -> str:
    """The label of the first prep item still open on the newest prep plan shown."""
    plan = next(m for m in reversed(alice.screen) if "Prep plan" in m.get("text", ""))
    rows = plan.get("reply_markup", {}).get("inline_keyboard", [])
    labels = [b["text"] for row in rows for b in row]
    assert labels, "the plan shows no buttons"
    return labels[0]


async def run(bot: Bot, clock: FrozenClock) -> Tally:
    """Play the script: an interview five days ahead, then the 40 actions."""
    alice = bot.user(1001)
    bot.store.ensure_user(USER, clock.now())
    bot.store.set_timezone(USER, "UTC", clock.now())
    interview_id = bot.store.add_interview(USER, "Globex", "Analyst", "second", clock.now())
    bot.store.set_schedule(USER, interview_id, clock.now() + timedelta(days=5), 60)
    user, interview = bot.store.get_user(USER), bot.store.get_interview(USER, interview_id)
    assert user is not None and interview is not None
    replan(bot.store, user, interview, clock.now())
    tally, actions = Tally(), 0
    for kind, what in SCRIPT:
        sent, edited = calls(bot, "sendMessage"), calls(bot, "editMessageText")
        if kind == "due":
            (row,) = [r for r in bot.store.upcoming_reminders(USER) if r.kind is what]
            clock.set(row.due_at)
            await bot.dispatcher.deliver(row.id)
            tally.delivered += calls(bot, "sendMessage") - sent
            continue
        actions += 1
        if kind == "send":
            await alice.send(str(what))
        else:
            await alice.press(open_item(alice) if what == ITEM else str(what))
        new_sent = calls(bot, "sendMessage") - sent
        tally.sent += new_sent
        tally.edited += calls(bot, "editMessageText") - edited
        tally.log.append(f"{what}: {new_sent}")
    assert actions == ACTIONS
    return tally


async def test_forty_actions_send_at_most_half_the_messages_they_used_to(
    bot: Bot, clock: FrozenClock
) -> None:
    tally = await run(bot, clock)
    print(
        f"sent {tally.sent} (before: {BEFORE}), edited {tally.edited}, reminders {tally.delivered}"
    )
    print("\n".join(tally.log))
    assert tally.sent * 2 <= BEFORE, tally.log
    assert tally.edited > 0  # what changed was shown in place, not lost
    assert bot.errors == []


def labels_of(message: dict[str, Any]) -> list[str]:
    """The button labels under one message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]
