"""The house rules: bot/ is layered (import-linter), its packages form no cycle, and every
command's Python sits in the feature module named after it."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest
import yaml

from bot.features import FEATURES, REGISTRY

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "bot"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def package_graph(package: Path) -> dict[str, set[str]]:
    """Return, for each top-level module of the package, the top-level modules it imports."""
    name = package.name
    graph: dict[str, set[str]] = {}
    for file in package.rglob("*.py"):
        parts = file.relative_to(package).with_suffix("").parts
        source = parts[0]
        found = graph.setdefault(source, set())
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                pieces = target.split(".")
                if pieces[0] == name and len(pieces) > 1 and pieces[1] != source:
                    found.add(pieces[1])
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle between the packages, or None when there is none."""
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        return list(exc.args[1])
    return None


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Run import-linter on the checkout at `root` (its pyproject.toml, its bot/)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_bot(tmp_path: Path) -> Path:
    """Return a throwaway checkout holding bot/ and pyproject.toml."""
    shutil.copytree(BOT, tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layer_contract_is_kept() -> None:
    result = lint_imports(ROOT)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_layer_contract(tmp_path: Path) -> None:
    checkout = copy_of_bot(tmp_path)
    events = checkout / "bot" / "domain" / "events.py"
    events.write_text(events.read_text() + "\nimport bot.store  # the domain reaching up\n")

    result = lint_imports(checkout)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
    assert "bot.domain.events -> bot.store" in result.stdout


def test_a_new_top_level_module_must_be_given_a_layer(tmp_path: Path) -> None:
    checkout = copy_of_bot(tmp_path)
    (checkout / "bot" / "helpers.py").write_text('"""Somewhere to put things."""\n')

    result = lint_imports(checkout)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "bot.helpers" in result.stdout


def test_the_packages_of_bot_import_each_other_without_a_cycle() -> None:
    graph = package_graph(BOT)

    assert {"domain", "content", "rules", "store", "features", "coach"} <= set(graph)
    assert cycle_in(graph) is None
    assert graph["domain"] == set()  # the vocabulary imports nothing else from bot/


def test_the_cycle_check_finds_a_cycle(tmp_path: Path) -> None:
    checkout = copy_of_bot(tmp_path)
    records = checkout / "bot" / "domain" / "records.py"
    records.write_text(records.read_text() + "\nfrom bot.features import FEATURES\n")

    cycle = cycle_in(package_graph(checkout / "bot"))

    assert cycle is not None and "domain" in cycle and "features" in cycle


def _commands() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((ROOT / "dialogs" / "commands.yaml").read_text(encoding="utf-8"))
    commands: dict[str, dict[str, object]] = data["commands"]
    return commands


@pytest.mark.parametrize("name", sorted(_commands()))
def test_a_commands_python_is_in_the_feature_module_named_after_it(name: str) -> None:
    command = _commands()[name]
    module = BOT / "features" / f"{name}.py"
    assert module.is_file(), f"/{name} has no bot/features/{name}.py"
    dialog = command.get("dialog")
    if dialog is not None:
        assert dialog == name
        assert REGISTRY.owners[f"finish:{dialog}"] == name
        spec = yaml.safe_load((ROOT / "dialogs" / f"{dialog}.yaml").read_text(encoding="utf-8"))
        for state in spec["states"].values():
            if "on_answer" in state:
                assert REGISTRY.owners[f"on_answer:{state['on_answer']}"] == name
    else:
        assert REGISTRY.owners[f"command:{command['action']}"] == name


def test_every_feature_module_is_switched_on() -> None:
    modules = {p.stem for p in (BOT / "features").glob("*.py")} - {"__init__", "common"}

    assert {hooks.feature for hooks in FEATURES} == modules
