"""The terminal chat holds a conversation: a question inside a question is answered with a
numbered way back, feelings and straight questions get their reply, loose answers count."""

from __future__ import annotations

import io

from bot.coach.coach import Coach
from bot.console import ConsoleChat


def test_the_terminal_answers_in_between_and_goes_back(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    chat.open()
    chat.send("/signals")
    chat.send("Initech")
    chat.send("Platform Engineer")
    asked = out.getvalue()
    assert "1/9" in asked

    chat.send("what does it mean that they talked about start dates?")
    answered = out.getvalue()[len(asked) :]
    assert "offer letter" in answered
    assert "  1. Check my signals\n  2. ↩ Back to Signal check\n" in answered

    chat.send("2")
    back = out.getvalue()[len(asked) + len(answered) :]
    assert "1/9" in back
    chat.send("yeah")
    assert "2/9" in out.getvalue()[len(asked) + len(answered) + len(back) :]


def test_the_terminal_meets_a_feeling_warmly(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    chat.send("I think I blew it")
    said = out.getvalue()
    assert "not sure what you mean" not in said
    assert "  1. " in said
