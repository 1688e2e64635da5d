"""/start: the welcome and the menu; in the middle of a dialog, the open question again."""

from __future__ import annotations

from tests.support.coach import MENU, Driver, at_first_signal


def test_start_greets_and_offers_the_menu(alice: Driver) -> None:
    alice.send("/start")
    assert "interview coach" in alice.text
    assert alice.labels == MENU


def test_start_in_the_middle_picks_the_dialog_up(alice: Driver) -> None:
    at_first_signal(alice)
    alice.send("/start")
    assert "Welcome back" in alice.text
    assert alice.prompt.token == "signals:met_executives"
