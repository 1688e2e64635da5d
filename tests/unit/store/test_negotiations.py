"""The `negotiations` table keeps cards and offers apart, reads offers back whole, and loses
them with their interview or user."""

from __future__ import annotations

from datetime import date

from bot.domain.offers import Bonus, Money, Offer
from bot.store import Store
from tests.support.coach import START

USER = "test:alice"


def _interview(store: Store) -> int:
    store.ensure_user(USER, START)
    return store.add_interview(USER, "Acme", "Analyst", None, START)


def test_an_offer_is_read_back_whole_and_is_not_a_card(fresh_db: Store) -> None:
    interview_id = _interview(fresh_db)
    offer = Offer(
        interview_id,
        START,
        base=Money(85000, "EUR"),
        bonus=Bonus("10%", percent=10.0),
        start="1 February",
        deadline=date(2026, 11, 27),
        reminder_id=7,
    )
    fresh_db.add_offer(USER, offer)
    assert fresh_db.latest_offer(USER, interview_id) == offer
    assert fresh_db.negotiations(USER) == []
    assert fresh_db.latest_offer("test:bob", interview_id) is None


def test_a_damaged_offer_row_reads_as_unknown_figures(fresh_db: Store) -> None:
    interview_id = _interview(fresh_db)
    fresh_db.add_offer(USER, Offer(interview_id, START, base=Money(1000)))
    fresh_db.db.execute("UPDATE negotiations SET offer = 'not json'")
    read = fresh_db.latest_offer(USER, interview_id)
    assert read is not None and not read.has_figures


def test_offers_go_with_their_interview_and_their_user(fresh_db: Store) -> None:
    interview_id = _interview(fresh_db)
    fresh_db.add_offer(USER, Offer(interview_id, START, base=Money(85000)))
    fresh_db.delete_interview(USER, interview_id)
    assert fresh_db.latest_offer(USER, interview_id) is None
    again = _interview(fresh_db)
    fresh_db.add_offer(USER, Offer(again, START, base=Money(85000)))
    assert fresh_db.export_user(USER)["negotiations"][0]["kind"] == "offer"
    fresh_db.delete_user(USER)
    assert fresh_db.db.execute("SELECT count(*) FROM negotiations").fetchone()[0] == 0
