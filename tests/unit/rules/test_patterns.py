"""Patterns across outcomes: only from what is known, counts never shares of nothing."""

from __future__ import annotations

from bot.rules.patterns import Difference, compare

SIGNALS = {"met_executives": "Met senior decision-makers", "met_team": "Met the team"}
PREP = {"stories": "Three STAR stories", "questions": "Your questions"}
ALL_YES = {"met_executives": "yes", "met_team": "yes"}
ALL_NO = {"met_executives": "no", "met_team": "no"}


def test_one_offer_and_one_unread_rejection_give_no_comparison() -> None:
    """The bug: the rejection had no reading, and the old comparison counted its signals as
    "not seen", which read "seen in 100% of offers, 0% of rejections" for every signal."""
    patterns = compare({1: "offer", 2: "rejected"}, {1: ALL_YES}, {}, SIGNALS, PREP)
    assert patterns is not None
    assert patterns.both and not patterns.comparable
    assert patterns.signals == ()
    assert patterns.unread == (2,)
    assert (patterns.read_offers, patterns.read_rejections) == (1, 0)


def test_both_sides_read_give_counts_on_what_is_known() -> None:
    patterns = compare({1: "offer", 2: "rejected"}, {1: ALL_YES, 2: ALL_NO}, {}, SIGNALS, PREP)
    assert patterns is not None and patterns.comparable
    assert patterns.signals == (
        Difference("met_executives", "Met senior decision-makers", 1, 1, 0, 1),
        Difference("met_team", "Met the team", 1, 1, 0, 1),
    )
    assert patterns.unread == ()


def test_not_sure_is_not_known_for_that_signal() -> None:
    rejection = {"met_executives": "unsure", "met_team": "no"}
    patterns = compare({1: "offer", 2: "rejected"}, {1: ALL_YES, 2: rejection}, {}, SIGNALS, PREP)
    assert patterns is not None
    assert [d.key for d in patterns.signals] == ["met_team"]


def test_the_denominator_is_the_interviews_read_not_all_outcomes() -> None:
    outcomes = {1: "offer", 2: "offer", 3: "rejected", 4: "rejected"}
    readings = {1: ALL_YES, 3: ALL_NO, 4: ALL_NO}  # offer 2 was never read
    patterns = compare(outcomes, readings, {}, SIGNALS, PREP)
    assert patterns is not None
    assert patterns.unread == (2,)
    (first, _) = patterns.signals
    assert (first.offers_with, first.offers_known) == (1, 1)
    assert (first.rejections_with, first.rejections_known) == (0, 2)


def test_a_prep_plan_never_used_says_nothing_about_prep() -> None:
    outcomes = {1: "offer", 2: "rejected"}
    unused = compare(outcomes, {}, {1: {"stories"}, 2: set()}, SIGNALS, PREP)
    assert unused is not None and unused.prep == ()
    used = compare(outcomes, {}, {1: {"stories"}, 2: {"questions"}}, SIGNALS, PREP)
    assert used is not None
    assert [(d.key, d.offers_with, d.rejections_with) for d in used.prep] == [
        ("stories", 1, 0),
        ("questions", 0, 1),
    ]


def test_small_differences_and_other_outcomes_are_not_compared() -> None:
    outcomes = {1: "offer", 2: "offer", 3: "rejected", 4: "ghosted", 5: "rejected"}
    readings = {1: ALL_YES, 2: ALL_NO, 3: ALL_NO, 4: ALL_YES, 5: ALL_YES}
    patterns = compare(outcomes, readings, {}, SIGNALS, PREP)
    assert patterns is not None
    assert patterns.others == 1 and patterns.outcomes == 5
    assert patterns.signals == ()  # 1 of 2 against 1 of 2: nothing differs


def test_fewer_than_two_outcomes_give_no_patterns() -> None:
    assert compare({1: "offer"}, {1: ALL_YES}, {}, SIGNALS, PREP) is None
