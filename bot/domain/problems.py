"""What can be wrong: a refused answer, and a problem in the content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Refusal:
    """A refused input: the error template key (templates/errors/KEY.j2) and its context."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DialogProblem:
    """One thing wrong with a dialog file."""

    file: Path
    line: int | None
    state: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        state = f" state '{self.state}':" if self.state else ""
        return f"{where}:{state} {self.message}"


class DialogError(Exception):
    """Raised when dialogs fail to load; carries every problem found."""

    def __init__(self, problems: list[DialogProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
