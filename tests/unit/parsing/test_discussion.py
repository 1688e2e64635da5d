"""The debrief's discussion point read as the end of "our conversation about …"."""

from __future__ import annotations

import pytest

from bot.parsing.discussion import topic_of


@pytest.mark.parametrize(
    ("typed", "topic"),
    [
        ("the ledger migration", "the ledger migration"),
        ("The Q3 roadmap.", "the Q3 roadmap"),
        # A note to them speaks to them.
        ("how they're splitting their ledger", "how you're splitting your ledger"),
        ("their plan to move billing to <Stripe>", "your plan to move billing to <Stripe>"),
        # A whole sentence typed anyway is reduced to its topic.
        ("it went well… Rui asked a lot about the ledger migration", "the ledger migration"),
        ("I enjoyed our conversation about Kafka", "Kafka"),
        ("we talked about scaling the data team.", "scaling the data team"),
        ("they liked my portfolio and asked about the migration", "the migration"),
        ("it was great! we discussed their move to Postgres", "your move to Postgres"),
        ("About the team structure", "the team structure"),
        # No topic to read: never pasted into the note.
        ("it went well", None),
        ("I think I did ok but not sure", None),
        ("Rui was very friendly", None),
        ("i blew it", None),
        ("...", None),
        ("", None),
        (None, None),
    ],
)
def test_a_point_finishes_the_sentence_or_is_left_out(typed: str | None, topic: str) -> None:
    assert topic_of(typed) == topic


def test_the_coach_quotes_the_topic_as_the_user_put_it() -> None:
    assert topic_of("how they're splitting their ledger", to_them=False) == (
        "how they're splitting their ledger"
    )
