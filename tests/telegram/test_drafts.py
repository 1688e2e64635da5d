"""Drafts over Telegram: the first name the update carries signs the notes, until the user
chooses another; the drafts go to the user's own chat only (the coach never sends them on)."""

from __future__ import annotations

from datetime import timedelta

from tests.support.coach import START
from tests.support.telegram_bot import Bot


async def test_the_first_name_from_telegram_signs_the_thank_you_note(bot: Bot) -> None:
    sam = bot.user(3001, first_name="Sam")
    await sam.send("/start")
    interview = bot.store.add_interview("tg:3001", "Acme", "Analyst", "second", START)
    bot.store.set_schedule("tg:3001", interview, START - timedelta(hours=3), 60)
    bot.store.set_interview_details("tg:3001", interview, interviewers="Rui Costa (VP Eng), Ana")

    sent = await sam.send("/thankyou")

    text = "\n".join(m["text"] for m in sent)
    assert "Hi Rui and Ana,\n" in text
    assert "Best regards,\nSam\n" in text
    assert "Add your name" not in text
    assert {int(m["chat"]["id"]) for m in bot.api.sent_to(3001)} == {3001}
    assert [c for c in bot.api.calls if c.method == "sendMessage"] == [
        c for c in bot.api.calls if c.method == "sendMessage" and int(c.params["chat_id"]) == 3001
    ]
    assert bot.errors == []


async def test_a_button_press_carries_the_first_name_too_and_a_chosen_name_wins(bot: Bot) -> None:
    sam = bot.user(3002, first_name="Sam")
    await sam.send("/start")
    interview = bot.store.add_interview("tg:3002", "Acme", "Analyst", "second", START)
    bot.store.set_schedule("tg:3002", interview, START - timedelta(hours=3), 60)
    bot.store.set_interview_details("tg:3002", interview, interviewers="Rui, Ana")
    await sam.send("/thankyou")

    renamed = bot.user(3002, first_name="Sammy")  # the name changed in Telegram since
    pressed = await renamed.press("One note each")
    assert "\n".join(m["text"] for m in pressed).count("Best regards,\nSammy\n") == 2

    await renamed.press("Sign as …")
    await renamed.send("Samantha Rivera")
    sent = await sam.send("/thankyou")  # Telegram's name no longer replaces the chosen one
    text = "\n".join(m["text"] for m in sent)
    assert "Best regards,\nSamantha Rivera\n" in text
    assert bot.errors == []
