"""The checks of free-text answers: each returns the cleaned value or the reason it was refused."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.problems import Refusal
from bot.flow.validators import VALIDATORS, InputContext, Invalid

CTX = InputContext(now=datetime(2026, 11, 25, 14, 0, tzinfo=UTC), zone=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize("name", ["company", "role"])
@pytest.mark.parametrize("raw", ["", " ", "\n\t  "])
def test_short_text_refuses_empty(name: str, raw: str) -> None:
    assert VALIDATORS[name].check(raw, CTX) == Invalid("empty")


def test_company_refuses_too_long() -> None:
    result = VALIDATORS["company"].check("a" * 5000, CTX)
    assert isinstance(result, Invalid)
    assert result.key == "too_long"
    assert result.params == {"limit": 80, "length": 5000}


def test_company_length_counts_after_collapsing_whitespace() -> None:
    assert VALIDATORS["company"].check("a" * 80, CTX) == "a" * 80
    assert VALIDATORS["company"].check("  " + "a" * 80 + "  ", CTX) == "a" * 80
    result = VALIDATORS["company"].check("a" * 81, CTX)
    assert isinstance(result, Invalid) and result.params == {"limit": 80, "length": 81}


@pytest.mark.parametrize("raw", ["🙂🙂🙂", "...", "!? -", "🙂 🙂"])
def test_company_refuses_text_without_words(raw: str) -> None:
    assert VALIDATORS["company"].check(raw, CTX) == Invalid("no_words")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Acme \t  &\n Co  ", "Acme & Co"),
        ("<b>Acme & Co</b>", "<b>Acme & Co</b>"),
        ("Robert'); DROP TABLE users;--", "Robert'); DROP TABLE users;--"),
        ("Zürich Versicherung", "Zürich Versicherung"),
        ("3M", "3M"),
        ("Acme 🙂", "Acme 🙂"),
    ],
)
def test_company_accepts_and_collapses_whitespace(raw: str, clean: str) -> None:
    assert VALIDATORS["company"].check(raw, CTX) == clean


def test_validator_samples_pass_their_own_check() -> None:
    for name, validator in VALIDATORS.items():
        assert not isinstance(validator.check(validator.sample, CTX), Invalid), name


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("Europe/Berlin", "Europe/Berlin"),
        ("  EUROPE/BERLIN  ", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("UTC", "UTC"),
        ("Berlin", "Europe/Berlin"),
        ("UTC+2", "Etc/GMT-2"),
        ("UTC+5:30", "Asia/Kolkata"),
    ],
)
def test_zone_accepts_names_cities_and_offsets_in_any_case(raw: str, zone: str) -> None:
    assert VALIDATORS["zone"].check(raw, CTX) == zone


def test_the_old_timezone_validator_is_gone() -> None:
    assert "timezone" not in VALIDATORS


def test_zone_refuses_unknown() -> None:
    result = VALIDATORS["zone"].check("Mars/Olympus", CTX)
    assert result == Invalid("unknown_timezone", {"given": "Mars/Olympus"})


def test_zone_refuses_empty_and_too_long() -> None:
    assert VALIDATORS["zone"].check("   ", CTX) == Invalid("empty")
    result = VALIDATORS["zone"].check("x" * 500, CTX)
    assert isinstance(result, Invalid) and result.key == "too_long"
    assert result.params == {"limit": 64, "length": 500}


def test_invalid_is_the_when_refusal() -> None:
    assert Invalid is Refusal
