"""A reply that never reached the user: their next message is not filed under a question they
never saw (issue 14: `company = role = "Acme Widgets"`)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.botapi import Failure
from tests.support.telegram_bot import Bot

SOMETHING_WENT_WRONG = "something went wrong on my side"


def texts(sent: list[dict[str, Any]]) -> str:
    """Everything the bot said, as the user reads it."""
    return "\n".join(m["text"] for m in sent)


def answers(bot: Bot, user: str) -> tuple[str, dict[str, Any]]:
    """The open question of a user and the answers of its dialog so far."""
    state = bot.store.load_dialog_state(user)
    assert state is not None
    return str(state["state"]), dict(state["answers"])


async def fail_the_reply_to(bot: Bot, user_id: int, text: str) -> list[dict[str, Any]]:
    """Send `text`, with Telegram failing the bot's reply to it (a 502)."""
    bot.api.fail_next("sendMessage", Failure(502, "Bad Gateway"))
    sent = await bot.user(user_id).send(text)
    assert len(bot.errors) == 1
    bot.errors.clear()
    return sent


async def test_a_retried_answer_is_not_filed_under_the_question_the_user_never_saw(
    bot: Bot,
) -> None:
    alice = bot.user(3101)
    await alice.send("/signals")
    told = await fail_the_reply_to(bot, 3101, "Acme Widgets")
    assert SOMETHING_WENT_WRONG in texts(told)  # the role question never arrived

    sent = await alice.send("Acme Widgets")

    state, saved = answers(bot, "tg:3101")
    assert state == "signals:role"  # still waiting for the role: nothing was misfiled
    assert saved.get("company") == "Acme Widgets"
    assert "role" not in saved
    said = texts(sent)
    assert "didn't reach you" in said
    assert "“Acme Widgets”" in said and "already" in said  # the same answer: already saved
    assert "role" in sent[-1]["text"].lower()  # the question they missed, sent again
    assert bot.errors == []

    await alice.send("Senior Analyst")
    state, saved = answers(bot, "tg:3101")
    assert (saved["company"], saved["role"]) == ("Acme Widgets", "Senior Analyst")
    assert bot.errors == []


async def test_other_words_after_a_lost_reply_are_quoted_and_the_question_shown(bot: Bot) -> None:
    alice = bot.user(3102)
    await alice.send("/signals")
    await fail_the_reply_to(bot, 3102, "Acme Widgets")

    sent = await alice.send("Globex")

    state, saved = answers(bot, "tg:3102")
    assert state == "signals:role" and "role" not in saved
    said = texts(sent)
    assert "didn't reach you" in said and "“Globex”" in said
    assert "role" in sent[-1]["text"].lower()
    # Once seen, the question takes the next message as usual.
    await alice.send("Globex")
    assert answers(bot, "tg:3102")[1]["role"] == "Globex"
    assert bot.errors == []


async def test_a_command_after_a_lost_reply_is_carried_out(bot: Bot) -> None:
    alice = bot.user(3103)
    await alice.send("/signals")
    await fail_the_reply_to(bot, 3103, "Acme Widgets")

    sent = await alice.send("/help")

    assert "didn't reach you" not in texts(sent)
    assert "/followup" in texts(sent)
    assert bot.errors == []


@pytest.mark.parametrize("status", [500, 502, 504])
async def test_a_lost_reply_after_a_press_protects_the_next_message_too(
    bot: Bot, status: int
) -> None:
    alice = bot.user(3104)
    await alice.send("/signals")
    await alice.send("Acme")
    await alice.send("Analyst")
    bot.api.fail_next("sendMessage", Failure(status, "Server error"))
    await alice.press("Yes")  # met the executives; the next question never arrives
    assert len(bot.errors) == 1
    bot.errors.clear()
    asked_before, _ = answers(bot, "tg:3104")

    sent = await alice.send("yes")

    state, _ = answers(bot, "tg:3104")
    assert state == asked_before  # "yes" was not taken for a question never shown
    assert "didn't reach you" in texts(sent)
    assert bot.errors == []
