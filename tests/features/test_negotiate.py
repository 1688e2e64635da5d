"""/negotiate: the negotiation card, asked for, kept and shown."""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import Driver


def test_negotiation_card(alice: Driver, store: Store) -> None:
    alice.add_interview()
    alice.send("/negotiate")
    alice.answer("Acme – Analyst")
    alice.send("€70,000")
    alice.send("€82,000")
    alice.send("3 months' notice, March")
    alice.click("Hybrid")
    alice.send("cut reporting time by 40%")
    assert "Your negotiation card" in alice.text
    assert "€82,000" in alice.text and "hybrid" in alice.text
    assert "data" in alice.text
    (card,) = store.negotiations("test:alice")
    assert (card.minimum, card.ideal, card.location) == ("€70,000", "€82,000", "hybrid")
