"""A first timezone guess from the app's language: only where the language implies one."""

from __future__ import annotations

import zoneinfo

import pytest

from bot.parsing.languages import LANGUAGE_ZONES, zone_for_language


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("de", "Europe/Berlin"),
        ("de-AT", "Europe/Berlin"),  # a region of a guessed language falls back to it
        ("en-GB", "Europe/London"),
        ("en_IN", "Asia/Kolkata"),
        ("pt-BR", "America/Sao_Paulo"),
        ("en", None),  # spoken in too many zones to guess
        ("es", None),
        ("pt", None),
        ("", None),
        (None, None),
    ],
)
def test_zone_for_language(code: str | None, zone: str | None) -> None:
    assert zone_for_language(code) == zone


def test_every_guess_is_a_real_zone() -> None:
    available = zoneinfo.available_timezones()

    assert set(LANGUAGE_ZONES.values()) <= available
