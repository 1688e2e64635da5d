"""Acceptance: a whole signal check in Telegram, over polling, by pressing buttons."""

from __future__ import annotations

from tests.support.telegram_bot import Bot


async def test_start_then_a_whole_signal_check_by_buttons(bot: Bot) -> None:
    alice = bot.user(1001)
    sent = await alice.send("/start")
    assert "interview coach" in sent[0]["text"]
    assert [b["text"] for r in sent[-1]["reply_markup"]["inline_keyboard"] for b in r] == [
        "Read my signals",
        "My interviews",
        "Prep plan",
        "Reminders",
        "My timezone",
    ]
    await alice.press("Read my signals")
    await alice.send("<b>Acme & Co</b>")
    sent = await alice.send("Analyst")
    assert "<b>Acme & Co</b>" in sent[-1]["text"]  # shown literally, never as markup
    for label in [
        "Yes",
        "No",
        "Yes",
        "Not sure",
        "Yes",
        "No",
        "Yes",
        "Presentation or case",
        "Only finalists",
    ]:
        await alice.press(label)
    result = alice.screen[-1]["text"]
    assert "Your signals: <b>Acme & Co</b> – Analyst" in result
    assert "nothing is an offer" in result

    methods = bot.api.methods()
    answered = [c for c in bot.api.calls if c.method == "answerCallbackQuery"]
    edited = [c for c in bot.api.calls if c.method == "editMessageText"]
    assert len(answered) == 10  # the menu button and nine answers
    assert len(edited) == 10
    assert all(not c.params.get("reply_markup") for c in edited)
    assert all("» <b>" in c.params["text"] for c in edited)
    # Only the result's own buttons are left on screen: every old keyboard is gone.
    assert alice.buttons == ["Take the check again", "Main menu"]
    assert "setMyCommands" in methods
