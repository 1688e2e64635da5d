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


def test_main_menu_under_a_result_shows_the_menu_alone(alice: Driver) -> None:
    alice.send("/prep")  # no interview yet: a way to add one, and the main menu
    assert "Main menu" in alice.labels

    alice.click("Main menu")

    (menu,) = alice.replies
    assert "interview coach" not in menu.text  # not the whole welcome again
    assert alice.labels == MENU
