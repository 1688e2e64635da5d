"""The checks a STAR story passes before it counts (bot/rules/star.py)."""

from __future__ import annotations

import pytest

from bot.rules.star import Problem, concrete, measurable, only_we, problems


@pytest.mark.parametrize(
    "result",
    [
        "Churn fell 12%",
        "Saved $40k a year",
        "Shipped in 3 weeks instead of 8",
        "Cut the backlog by half",
        "Sign-ups doubled",
        "Onboarding took two days instead of ten",
        "€5,000 less per month",
    ],
)
def test_a_result_with_a_number_money_or_a_share_is_measurable(result: str) -> None:
    assert measurable(result)


@pytest.mark.parametrize(
    "result", ["it went ok", "The client was happy", "Much better", "we finished it", ""]
)
def test_a_result_without_a_number_is_not(result: str) -> None:
    assert not measurable(result)


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("we did it", True),
        ("We planned the migration and our team ran it", True),
        ("The team rewrote the service", True),
        ("I rewrote the service with the team", False),
        ("We agreed on a plan, then I wrote the scripts", False),
        ("I’ve mapped every step", False),
        ("Mapped every step and cut two approvals", False),  # no "we" at all
    ],
)
def test_only_we_means_we_and_never_i(action: str, expected: bool) -> None:
    assert only_we(action) is expected


@pytest.mark.parametrize(
    "action",
    [
        "I interviewed 20 customers",
        "I cut the scope with the PM",
        "I moved jobs to spot instances",
        "I wrote a runbook and paired with each new hire",
        "Mapped the steps, then removed two approvals",
    ],
)
def test_an_action_naming_a_step_is_concrete(action: str) -> None:
    assert concrete(action)


@pytest.mark.parametrize(
    "action", ["it went ok", "we did it", "I handled it", "I did my best there", "worked hard", ""]
)
def test_an_action_naming_no_step_is_vague(action: str) -> None:
    assert not concrete(action)


def test_the_issues_example_fails_on_all_three_counts() -> None:
    found = problems({"situation": "we planned it", "action": "we did it", "result": "it went ok"})
    assert found == [Problem.ONLY_WE, Problem.VAGUE_ACTION, Problem.NO_NUMBER]


def test_a_good_story_has_no_problems() -> None:
    parts = {"action": "I interviewed 20 customers and rewrote the pricing page"}
    assert problems({**parts, "result": "Churn fell 12% in a quarter"}) == []
    assert problems({**parts, "result": "Customers were happier"}) == [Problem.NO_NUMBER]
