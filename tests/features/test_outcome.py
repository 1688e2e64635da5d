"""/outcome: an offer, a rejection and its reflection, and the patterns across interviews."""

from __future__ import annotations

from bot.store import Store
from tests.support.coach import Driver


def test_outcomes_and_patterns(alice: Driver, store: Store) -> None:
    for company, seen in (("Acme", "Yes"), ("Globex", "No")):
        alice.add_interview(company=company)
        alice.send("/signals")
        alice.answer(f"{company} – Analyst")
        while alice.prompt.token and alice.prompt.token.startswith("signals:"):
            state = alice.prompt.token.split(":", 1)[1]
            if state == "met_executives":
                alice.click(seen)
            else:
                alice.click(alice.labels[1] if state != "round_format" else alice.labels[0])
    alice.send("/outcome")
    alice.answer("Acme – Analyst")
    alice.click("I got an offer")
    assert "Congratulations" in alice.text
    assert "Prepare to negotiate" in alice.labels
    alice.send("/outcome")
    alice.click("They said no")
    alice.send("The case study")
    alice.send("More numbers in my stories")
    assert "one suggestion" in alice.text
    assert "Your patterns so far" in alice.text
    assert "Met senior decision-makers: seen in 100% of offers, 0% of rejections" in alice.text
    assert store.outcomes("test:alice") == {
        i.id: ("offer" if i.company == "Acme" else "rejected")
        for i in store.interviews("test:alice", open_only=False)
    }
