"""Fixtures of the feature tests, which drive the coach through its commands."""

from __future__ import annotations

import pytest

from tests.support.coach import Driver


@pytest.fixture
def berliner(alice: Driver) -> Driver:
    """Alice, living in Berlin with the default quiet hours (21:00-08:00)."""
    alice.set_timezone("Europe/Berlin")
    return alice
