"""One bot per database: a second bot on the same file is refused, and the lock goes with the
process that held it, however it ended."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import DatabaseBusy, Store

REPO = Path(__file__).resolve().parents[3]


def test_a_second_bot_on_the_same_file_is_refused_until_the_first_closes(db_path: Path) -> None:
    first = Store.open(db_path, exclusive=True)
    with pytest.raises(DatabaseBusy, match="another bot is already running"):
        Store.open(db_path, exclusive=True)
    reader = Store.open(db_path)  # the terminal chat or a backup need no lock
    reader.close()
    first.close()
    second = Store.open(db_path, exclusive=True)
    second.close()


def test_a_killed_bot_leaves_no_stale_lock(db_path: Path) -> None:
    script = (
        "import sys; from bot.store import Store;"
        f"s = Store.open({str(db_path)!r}, exclusive=True); print('locked', flush=True);"
        "sys.stdin.read()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            with pytest.raises(DatabaseBusy):
                Store.open(db_path, exclusive=True)
        finally:
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(timeout=30)
    after = Store.open(db_path, exclusive=True)
    after.close()


def test_starting_a_second_bot_says_so_in_one_line_and_exits_2(db_path: Path) -> None:
    first = Store.open(db_path, exclusive=True)
    try:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("COACH_", "TELEGRAM_"))},
            "TELEGRAM_BOT_TOKEN": "123456:TEST-token-for-the-lock",
            "COACH_DB": str(db_path),
        }
        done = subprocess.run(
            [sys.executable, "-m", "bot", "telegram"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        first.close()
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "another bot is already running" in lines[0]
    assert "TEST-token" not in done.stderr + done.stdout
