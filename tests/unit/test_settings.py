"""COACH_REMINDER_WINDOW: the cap on reminders in flight at once (a crash duplicates up to that
many; below it the number follows the round trip); 8 by default, at most 30."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError

TOKEN = "123456789:AAE-test-token-never-to-be-logged_0123456"


def from_env(**env: str) -> Settings:
    return Settings.from_env({"HOME": "/home/someone", "TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_at_most_eight_reminders_in_flight_unless_told_otherwise() -> None:
    settings = from_env()
    settings.check_telegram()
    assert settings.reminder_window_size == 8
    assert from_env(COACH_REMINDER_WINDOW="  ").reminder_window_size == 8


@pytest.mark.parametrize(("given", "window"), [("1", 1), (" 4 ", 4), ("30", 30)])
def test_the_window_is_read_from_the_environment(given: str, window: int) -> None:
    settings = from_env(COACH_REMINDER_WINDOW=given)
    settings.check_telegram()
    assert settings.reminder_window_size == window


@pytest.mark.parametrize("given", ["0", "31", "-1", "2.5", "four", "1e3"])
def test_a_window_outside_1_to_30_is_refused_with_its_name(given: str) -> None:
    settings = from_env(COACH_REMINDER_WINDOW=given)
    with pytest.raises(SettingsError, match=r"COACH_REMINDER_WINDOW must be a whole number from 1"):
        settings.check_telegram()


def test_a_window_set_in_code_is_checked_too(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "c.db", telegram_token=TOKEN, reminder_window=50)
    with pytest.raises(SettingsError, match="not 50"):
        settings.check_telegram()
