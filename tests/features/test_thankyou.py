"""/thankyou: the note drafted from the interview's own facts, escaped, and marking it sent."""

from __future__ import annotations

from bot.domain.reminders import Kind
from bot.store import Store
from tests.support.coach import Driver


def only_interview(store: Store, user: str) -> int:
    (interview,) = store.interviews(user, open_only=False)
    return interview.id


def test_the_thank_you_draft_uses_the_interviews_own_facts(alice: Driver, store: Store) -> None:
    alice.add_interview(company="<b>Acme & Co</b>", interviewers="Dana <Kim>")
    interview = only_interview(store, "test:alice")
    store.set_debrief("test:alice", interview, "their <script> migration plan", "a code sample")
    alice.send("/thankyou")
    draft = alice.text
    assert "Dana &lt;Kim&gt;" in draft
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in draft
    assert "their &lt;script&gt; migration plan" in draft
    assert "a code sample" in draft
    assert "<script>" not in draft
    alice.click("I've sent it")
    saved = store.get_interview("test:alice", interview)
    assert saved is not None and saved.thank_you_sent_at is not None
    assert not [r for r in store.upcoming_reminders("test:alice") if r.kind is Kind.THANK_YOU]
