"""Read dialogs/*.yaml into validated models, naming file, line and state for every problem."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.content.dialog_models import FINISH, DialogModel, StateModel
from bot.domain.problems import DialogProblem

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class KnownNames:
    """The names that dialog files may refer to, provided by code."""

    finishers: frozenset[str]
    validators: frozenset[str]
    providers: frozenset[str]
    actions: frozenset[str] = frozenset()


@dataclass
class LoadedDialog:
    """A validated dialog with where it came from."""

    model: DialogModel
    file: Path
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, *path: str | int) -> int | None:
        """Return the line of the deepest known node along `path`."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def _plain(node: yaml.Node, path: Path_, lines: dict[Path_, int], dupes: list[Path_]) -> Any:
    """Turn a composed YAML node into plain data, recording each node's line."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            if key in out:
                dupes.append((*path, key))
                lines[(*path, key)] = key_node.start_mark.line + 1
                continue
            out[key] = _plain(value_node, (*path, key), lines, dupes)
            lines[(*path, key)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, i), lines, dupes) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    """Build a scalar's value with YAML's safe rules (so `yes` stays a bool, `"yes"` a string)."""
    return yaml.SafeLoader("").construct_object(node, deep=True)


def parse_file(file: Path) -> tuple[Any, dict[Path_, int], list[DialogProblem]]:
    """Parse one YAML file into plain data and a line map; syntax problems are returned."""
    lines: dict[Path_, int] = {}
    dupes: list[Path_] = []
    try:
        node = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark else None
        return None, lines, [DialogProblem(file, line, None, f"not valid YAML: {exc.problem}")]
    if node is None:
        return None, lines, [DialogProblem(file, None, None, "the file is empty")]
    data = _plain(node, (), lines, dupes)
    problems = [
        DialogProblem(
            file, lines.get(d), _state_of(d), f"'{d[-1]}' is given twice; keys must be unique"
        )
        for d in dupes
    ]
    return data, lines, problems


def _state_of(path: Iterable[str | int]) -> str | None:
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "states":
        return str(parts[1])
    return None


def _validation_problems(
    file: Path, exc: ValidationError, lines: Mapping[Path_, int], dialog: str
) -> list[DialogProblem]:
    problems = []
    for err in exc.errors():
        loc: Path_ = tuple(err["loc"])
        line = None
        for end in range(len(loc), -1, -1):
            if loc[:end] in lines:
                line = lines[loc[:end]]
                break
        state = _state_of(loc)
        if err["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
        elif err["type"] == "missing":
            message = f"missing key '{loc[-1]}'"
        else:
            where = (
                ".".join(str(p) for p in loc[2:] if p != "question")
                if state
                else ".".join(str(p) for p in loc)
            )
            message = f"{where + ': ' if where else ''}{err['msg']}"
        problems.append(DialogProblem(file, line, f"{dialog}:{state}" if state else None, message))
    return problems


def check_structure(loaded: LoadedDialog, registry: KnownNames) -> list[DialogProblem]:
    """Check references and the shape of the graph of one dialog."""
    model, file = loaded.model, loaded.file
    problems: list[DialogProblem] = []

    def problem(state: str | None, message: str, *path: str | int) -> None:
        qualified = model.qualified(state) if state else None
        problems.append(DialogProblem(file, loaded.line_of(*path), qualified, message))

    if model.name != file.stem:
        problem(None, f"name '{model.name}' must match the file name '{file.stem}'", "name")
    if model.start not in model.states:
        problem(None, f"start state '{model.start}' does not exist", "start")
    if model.finish not in registry.finishers:
        known = ", ".join(sorted(registry.finishers))
        problem(None, f"unknown finisher '{model.finish}' (known: {known})", "finish")

    for name, state in model.states.items():
        base = ("states", name)
        for i, choice in enumerate(state.choices):
            # A choice without its own `next` uses the state's, which is checked below.
            if choice.next is None and state.next is None:
                problem(
                    name,
                    f"choice '{choice.id}' has no next state: no way forward",
                    *base,
                    "choices",
                    i,
                )
            elif choice.next not in (None, FINISH) and choice.next not in model.states:
                problem(name, f"unknown next state '{choice.next}'", *base, "choices", i, "next")
        if state.next is not None and state.next != FINISH and state.next not in model.states:
            problem(name, f"unknown next state '{state.next}'", *base, "next")
        if not state.choices and not state.choices_from and state.input is None:
            problem(name, "no choices and no input: no way forward", *base)
        elif (state.choices_from or state.input is not None) and state.next is None:
            problem(name, "an answer here has no next state: no way forward", *base)
        if state.input is not None and state.input.validator not in registry.validators:
            known = ", ".join(sorted(registry.validators))
            problem(
                name,
                f"unknown validator '{state.input.validator}' (known: {known})",
                *base,
                "input",
                "validator",
            )
        if state.on_answer is not None and state.on_answer not in registry.actions:
            known = ", ".join(sorted(registry.actions)) or "none"
            problem(
                name,
                f"unknown action '{state.on_answer}' (known: {known})",
                *base,
                "on_answer",
            )
        if state.choices_from is not None and state.choices_from not in registry.providers:
            known = ", ".join(sorted(registry.providers))
            problem(
                name,
                f"unknown choices_from '{state.choices_from}' (known: {known})",
                *base,
                "choices_from",
            )

    if model.start in model.states:
        reached = _reachable(model.start, model.states)
        for name in model.states:
            if name not in reached:
                problem(
                    name, f"unreachable: no path leads here from '{model.start}'", "states", name
                )
        for name in sorted(reached - _can_leave(model.states)):
            problem(
                name,
                "no way forward: every path from here loops without finishing",
                "states",
                name,
            )
    return problems


def _reachable(start: str, states: Mapping[str, StateModel]) -> set[str]:
    seen = {start}
    queue = deque([start])
    while queue:
        for target in states[queue.popleft()].targets():
            if target and target != FINISH and target in states and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def _can_leave(states: Mapping[str, StateModel]) -> set[str]:
    """Return the states from which some path reaches `finish` or a dead end.

    Dead ends (no answer, no next, an unknown next) are reported on their own; the states left
    out are those whose every path loops among existing states without finishing.
    """
    good: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name, state in states.items():
            if name in good:
                continue
            targets = state.targets()
            if not targets or any(t == FINISH or t not in states or t in good for t in targets):
                good.add(name)
                changed = True
    return good


def load_file(file: Path, registry: KnownNames) -> tuple[LoadedDialog | None, list[DialogProblem]]:
    """Load and check one dialog file."""
    data, lines, problems = parse_file(file)
    if data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, [*problems, DialogProblem(file, 1, None, "a dialog file must be a mapping")]
    # States are named `dialog:state` in every message, duplicate keys included.
    dialog = str(data.get("name", file.stem))
    problems = [replace(p, state=f"{dialog}:{p.state}") if p.state else p for p in problems]
    try:
        model = DialogModel.model_validate(data)
    except ValidationError as exc:
        return None, [*problems, *_validation_problems(file, exc, lines, dialog)]
    loaded = LoadedDialog(model=model, file=file, lines=lines)
    return loaded, [*problems, *check_structure(loaded, registry)]


def load_dialogs(
    folder: Path, registry: KnownNames
) -> tuple[dict[str, LoadedDialog], list[DialogProblem]]:
    """Load every dialogs/*.yaml file (commands.yaml aside) and return them with all problems."""
    dialogs: dict[str, LoadedDialog] = {}
    problems: list[DialogProblem] = []
    for file in sorted(folder.glob("*.yaml")):
        if file.name in NOT_DIALOGS:
            continue
        loaded, found = load_file(file, registry)
        problems.extend(found)
        if loaded is not None:
            dialogs[loaded.model.name] = loaded
    return dialogs, problems


NOT_DIALOGS = frozenset(
    {
        "commands.yaml",
        "prep_plan.yaml",
        "intents.yaml",
        "routes.yaml",
        "synonyms.yaml",
        "answers.yaml",
    }
)
