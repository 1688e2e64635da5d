"""The terminal chat: numbered choices, piped scripts, resuming on the same database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.coach.coach import Coach
from bot.console import ConsoleChat
from bot.content.plain_text import plain

REPO = Path(__file__).resolve().parents[2]

# A whole signal check typed as a person would: menu item 1, a new interview, nine answers.
SCRIPT = "\n".join(
    ["1", "Initech", "Platform Engineer", "1", "yes", "1", "YES", "2", "3", "1", "4", "1"]
)


def run_chat(db: Path, stdin: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--db", str(db), "--user", "sam", *extra],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_plain_turns_html_into_terminal_text() -> None:
    assert plain("<b>Hi</b> &lt;b&gt;Acme &amp; Co&lt;/b&gt;") == "Hi <b>Acme & Co</b>"
    assert plain('<a href="https://example.org">site</a>') == "site (https://example.org)"


def test_choices_are_numbered_and_numbers_or_labels_pick_them(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    chat.open()
    assert (
        "  1. Read my signals\n  2. My interviews\n  3. Prep plan\n  4. Reminders\n"
        "  5. My timezone\n"
    ) in out.getvalue()
    chat.send("2")
    assert "aren't tracking any interviews" in out.getvalue()
    chat.send("add an INTERVIEW")
    assert "Which company" in out.getvalue()
    chat.send("9")  # a number with no choice behind it is just text: here, a company name
    assert "And the role at 9?" in out.getvalue()


def test_a_number_outside_the_choices_is_refused_clearly(coach: Coach) -> None:
    out = io.StringIO()
    chat = ConsoleChat(coach, "cli:sam", out)
    chat.open()
    chat.send("1")
    chat.send("Initech")
    chat.send("Engineer")
    out.truncate(0)
    chat.send("42")
    assert "Please pick one of the options" in out.getvalue()
    assert "1/9" in out.getvalue()


def test_piped_session_walks_a_whole_signal_check(tmp_path: Path) -> None:
    done = run_chat(tmp_path / "coach.db", SCRIPT + "\n")
    assert done.returncode == 0, done.stderr
    assert "> Initech" in done.stdout  # piped lines are echoed so the transcript reads well
    assert "Your signals: Initech – Platform Engineer" in done.stdout
    assert "Reading: Final-stage signs · score 71/100" in done.stdout
    assert "nothing is an offer until you hold the offer letter" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_readmes_scripted_session_reaches_the_reading(tmp_path: Path) -> None:
    (line,) = [row for row in (REPO / "README.md").read_text().splitlines() if "| make run" in row]
    script = line.split("'")[1].encode().decode("unicode_escape")

    done = run_chat(tmp_path / "coach.db", script)

    assert done.returncode == 0, done.stderr
    assert "Your signals: Initech – Platform Engineer" in done.stdout
    assert "What you saw, and what it suggests" in done.stdout


def test_a_stopped_chat_resumes_at_the_same_question(tmp_path: Path) -> None:
    db = tmp_path / "coach.db"
    first = run_chat(db, "1\nInitech\nEngineer\n1\n")
    assert first.returncode == 0, first.stderr
    assert first.stdout.rstrip().endswith("5. Cancel")
    assert "2/9" in first.stdout.split("> 1")[-1]
    second = run_chat(db, "")
    assert "Welcome back. We were in the middle of Signal check" in second.stdout
    assert "2/9 Did you meet several senior leaders" in second.stdout
    other_user = run_chat(db, "", "--user", "kim")
    assert "Welcome back" not in other_user.stdout


def test_make_run_without_a_token_runs_the_terminal_chat(tmp_path: Path) -> None:
    if not (REPO / ".venv" / "bin" / "interview-coach").exists():
        pytest.skip("make run needs the .venv that `make test` creates")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("TELEGRAM_BOT_TOKEN", "MAKEFLAGS", "MFLAGS")
    }
    env["COACH_DB"] = str(tmp_path / "coach.db")
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "run"],
        input=SCRIPT + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Your signals: Initech – Platform Engineer" in done.stdout
    assert (tmp_path / "coach.db").exists()


def test_run_with_a_token_starts_telegram_and_checks_its_settings(tmp_path: Path) -> None:
    # A webhook URL without its secret stops the bot before it opens any connection.
    env = dict(
        os.environ,
        TELEGRAM_BOT_TOKEN="123456:SECRET-token",
        COACH_DB=str(tmp_path / "c.db"),
        COACH_WEBHOOK_URL="https://coach.example.org/telegram",
    )
    env.pop("COACH_WEBHOOK_SECRET", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        input="",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "cannot start the Telegram bot: COACH_WEBHOOK_SECRET is required" in done.stderr
    assert "SECRET-token" not in done.stderr + done.stdout
