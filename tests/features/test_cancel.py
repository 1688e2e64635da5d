"""/cancel and the Cancel button: back to the menu, and nothing of the dialog saved."""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import Driver, at_first_signal


def test_cancel_goes_to_the_menu_and_saves_nothing(alice: Driver, store: Store) -> None:
    at_first_signal(alice)
    alice.click("Cancel")
    assert "Nothing from that conversation was saved" in alice.text
    assert alice.prompt.token == "menu"
    assert store.load_dialog_state("test:alice") is None
    assert store.interviews("test:alice") == []
    alice.send("/cancel")
    assert "nothing to cancel" in alice.text
