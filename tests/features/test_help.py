"""/help: every command listed; in the middle of a dialog, the open question stays open."""

from __future__ import annotations

from bot.app import Content
from tests.support.coach import Driver, at_first_signal


def test_help_lists_every_command(alice: Driver, content: Content) -> None:
    alice.send("/help")
    for name in content.commands:
        assert f"/{name}" in alice.text


def test_help_in_the_middle_keeps_the_question(alice: Driver) -> None:
    at_first_signal(alice)
    alice.send("/help")
    assert "What I can do" in alice.replies[0].text
    assert alice.prompt.token == "signals:met_executives"
