"""What the parser tests share: a parse result that must be a refusal."""

from __future__ import annotations

from bot.domain.problems import Refusal


def refusal(found: object) -> Refusal:
    """Return `found`, failing the test unless the parser refused."""
    assert isinstance(found, Refusal), found
    return found
