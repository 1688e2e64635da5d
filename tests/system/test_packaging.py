"""An installed wheel carries dialogs/ and templates/ and finds them without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bot.content.paths import resource_dir

REPO = Path(__file__).resolve().parents[2]


def test_checkout_folders_are_found_from_the_package() -> None:
    assert resource_dir("dialogs") == REPO / "dialogs"
    assert resource_dir("templates") == REPO / "templates"


def test_packaged_folders_win_over_a_checkout(tmp_path: Path) -> None:
    package = tmp_path / "site" / "bot"
    (package / "_data" / "dialogs").mkdir(parents=True)
    assert resource_dir("dialogs", package) == package / "_data" / "dialogs"
    with pytest.raises(FileNotFoundError, match="templates"):
        resource_dir("templates", package)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("interview_coach-*.whl")
    return built


def test_wheel_ships_every_dialog_and_template(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for file in [*REPO.glob("dialogs/*.yaml"), *REPO.glob("templates/**/*.*")]:
        top = file.relative_to(REPO)
        assert f"bot/_data/{top.as_posix()}" in names


def test_installed_wheel_runs_the_check_without_a_checkout(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import bot.content.paths, bot.cli;"
        "print(bot.content.paths.dialogs_dir());"
        "raise SystemExit(bot.cli.main(['check']))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == str(site / "bot" / "_data" / "dialogs")
    assert "dialogs and templates OK" in done.stdout
