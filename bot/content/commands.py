"""The command list (dialogs/commands.yaml): what each command starts, and the menu."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from bot.domain.problems import DialogProblem

COMMANDS_FILE = "commands.yaml"

CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class CommandModel(BaseModel):
    """One slash command."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: Annotated[str, StringConstraints(min_length=3, max_length=256)]
    dialog: str | None = None
    action: str | None = None
    """A command a feature registers with `@hooks.command(NAME)` (bot/features/)."""
    menu: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = None
    planned: bool = False
    """True for a command announced but not built yet: the coach says so plainly."""
    text: bool = False
    """What follows the command answers its dialog's first question when that question takes
    text ("/remind tomorrow at 9 to call Ana"); otherwise it can only name a choice."""


class CommandsModel(BaseModel):
    """The whole command file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    commands: dict[CommandName, CommandModel]


def load_commands(
    folder: Path, dialog_names: set[str], actions: frozenset[str] = frozenset()
) -> tuple[dict[str, CommandModel], list[DialogProblem]]:
    """Load dialogs/commands.yaml and check that each command does exactly one known thing."""
    file = folder / COMMANDS_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        model = CommandsModel.model_validate(data)
    except FileNotFoundError:
        return {}, [DialogProblem(file, None, None, "the command list is missing")]
    except yaml.YAMLError as exc:
        return {}, [DialogProblem(file, None, None, f"not valid YAML: {exc}")]
    except ValidationError as exc:
        return {}, [
            DialogProblem(file, None, None, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
    problems = []
    for name, command in model.commands.items():
        does = [x for x in (command.dialog, command.action) if x] + (["planned"] * command.planned)
        if len(does) != 1:
            problems.append(
                DialogProblem(
                    file,
                    None,
                    None,
                    f"command '/{name}' needs exactly one of dialog, action or planned",
                )
            )
        if command.dialog and command.dialog not in dialog_names:
            problems.append(
                DialogProblem(
                    file, None, None, f"command '/{name}': unknown dialog '{command.dialog}'"
                )
            )
        if command.action and command.action not in actions:
            problems.append(
                DialogProblem(
                    file, None, None, f"command '/{name}': unknown action '{command.action}'"
                )
            )
    return dict(model.commands), problems
