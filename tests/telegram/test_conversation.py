"""A conversation over Telegram: a question typed in the middle of another is answered with a
way back, a straight question gets one message with its button, and nothing typed is lost."""

from __future__ import annotations

from typing import Any

from tests.support.telegram_bot import Bot


def texts(sent: list[dict[str, Any]]) -> str:
    """Everything the bot said, as the user reads it."""
    return "\n".join(m["text"] for m in sent)


def labels(message: dict[str, Any]) -> list[str]:
    """The button labels under one message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


async def test_a_question_inside_a_question_is_answered_and_the_way_back_works(bot: Bot) -> None:
    alice = bot.user(2001)
    await alice.send("/signals")
    await alice.send("Acme")
    asked = await alice.send("Analyst")
    assert labels(asked[-1])[:3] == ["Yes", "No", "Not sure"]

    sent = await alice.send("should I follow up yet?")

    assert "/followup" in texts(sent)
    assert "↩ Back to Signal check" in labels(sent[-1])
    back = await alice.press("↩ Back to Signal check")
    assert labels(back[-1])[:3] == ["Yes", "No", "Not sure"]
    state = bot.store.load_dialog_state("tg:2001")
    assert state is not None and state["state"] == "signals:met_executives"
    assert bot.errors == []


async def test_a_feeling_gets_one_warm_message_with_one_way_to_help(bot: Bot) -> None:
    alice = bot.user(2002)

    sent = await alice.send("I'm nervous")

    assert len(sent) == 1
    assert "not sure what you mean" not in sent[0]["text"]
    assert len(labels(sent[0])) == 1
    assert bot.errors == []
