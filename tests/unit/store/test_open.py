"""A database the bot cannot use is one clear line naming it and exit code 2, for every command.

The reasons: a folder that cannot be written, a file that cannot be read, a file that is not a
SQLite database, a database written by a newer version (it records migrations this code does
not know). Permission cases run the command as a real process; as root (which ignores file
permissions) it runs without the capabilities that let root do so (`setpriv`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from bot import cli
from bot.store import DatabaseUnusable, Store
from bot.telegram import redaction

REPO = Path(__file__).resolve().parents[3]
TOKEN = "123456:AAopen-test-token-never-printed"


def not_a_database(path: Path) -> Path:
    path.write_bytes(b"these are my interview notes, not SQLite\n" * 100)
    return path


def from_a_newer_version(path: Path) -> Path:
    Store.open(path).close()
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('interview_coach', 'm999_from_the_future', '2031-01-01')"
        )
    return path


def test_a_file_that_is_not_a_database_is_refused_by_name(tmp_path: Path) -> None:
    path = not_a_database(tmp_path / "coach.db")
    with pytest.raises(DatabaseUnusable) as refused:
        Store.open(path)
    assert str(refused.value) == (
        f"cannot use the database {path}: the file is not a SQLite database"
    )


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = from_a_newer_version(tmp_path / "coach.db")
    before = path.read_bytes()
    with pytest.raises(DatabaseUnusable, match="newer version") as refused:
        Store.open(path, exclusive=True)
    assert str(path) in str(refused.value) and "m999_from_the_future" in str(refused.value)
    assert path.read_bytes() == before
    with pytest.raises(DatabaseUnusable):  # not DatabaseBusy: the refusal let the lock go
        Store.open(path, exclusive=True)


def test_a_folder_given_as_the_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnusable, match="it is a folder"):
        Store.open(tmp_path)


def test_a_database_of_this_version_opens(tmp_path: Path) -> None:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    Store.open(path, exclusive=True).close()


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() installs the redaction hooks; put the old ones back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(redaction.threading, "excepthook", redaction.threading.excepthook)
    monkeypatch.setattr(redaction, "_active", redaction.Redactor([]))
    yield


COMMANDS = ["telegram", "run", "chat", "backup"]


def argv(command: str, db: Path, tmp_path: Path) -> list[str]:
    if command == "chat":
        return ["chat", "--db", str(db), "--user", "alice"]
    if command == "backup":
        return ["backup", "--db", str(db), str(tmp_path / "copy.db")]
    return [command]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("make", [not_a_database, from_a_newer_version])
def test_every_command_refuses_an_unusable_database_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hooks: None,
    command: str,
    make: object,
) -> None:
    assert callable(make)
    db = make(tmp_path / "coach.db")
    monkeypatch.setenv("COACH_DB", str(db))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 (closed by pytest)
    assert cli.main(argv(command, db, tmp_path)) == 2
    err = capsys.readouterr().err
    (line,) = err.splitlines()
    assert f"cannot use the database {db}: " in line
    assert "Traceback" not in err
    assert not (tmp_path / "copy.db").exists()


# --- permissions, in a real process --------------------------------------------------------


def without_root_powers() -> list[str]:
    """A command prefix under which file permissions apply, even to root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]


def run_cli(args: list[str], db: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "COACH_"))}
    env.update(
        COACH_DB=str(db),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL="http://127.0.0.1:9",  # never reached: the database comes first
        COACH_CACHE_DIR=str(tmp_path / "cache"),
        HOME=str(tmp_path),
    )
    return subprocess.run(
        [*without_root_powers(), sys.executable, "-m", "bot", *args],
        env=env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    Store.open(folder / "coach.db").close()
    folder.chmod(0o500)
    yield folder
    folder.chmod(0o700)


@pytest.fixture
def unreadable_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "coach.db"
    Store.open(path).close()
    path.chmod(0o000)
    yield path
    path.chmod(0o600)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_that_cannot_be_written_is_one_line(
    read_only_folder: Path, tmp_path: Path, command: str
) -> None:
    db = read_only_folder / "coach.db"
    done = run_cli(argv(command, db, tmp_path), db, tmp_path)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert f"cannot use the database {db}: {read_only_folder} is not writable" in line


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_that_cannot_be_read_is_one_line(
    unreadable_file: Path, tmp_path: Path, command: str
) -> None:
    done = run_cli(argv(command, unreadable_file, tmp_path), unreadable_file, tmp_path)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.splitlines()
    assert f"cannot use the database {unreadable_file}: " in line
    assert "cannot read and write" in line
