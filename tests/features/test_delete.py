"""/delete: called off, it deletes nothing.

That a yes leaves no row of the user is checked after an /export, in test_export.py.
"""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import Driver


def test_delete_can_be_called_off(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/delete")
    alice.click("No, keep it")
    assert "Nothing was deleted" in alice.text
    assert store.interviews("test:alice")
