"""Load dialogs/answers.yaml: straight answers to questions and feelings, typed as free text.

Each answer names the phrasings the router learns it from, the template that holds its words
(templates/answers/ID.j2) and, usually, one command offered as a button after it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from bot.content.dialogs import parse_file
from bot.content.intents import INTENTS_FILE, IntentsError, load_intents
from bot.domain.problems import DialogProblem

ANSWERS_FILE = "answers.yaml"
TEMPLATE_FOLDER = "answers"
MIN_PHRASINGS = 5
"""Fewer phrasings than this and the router cannot learn an answer reliably."""

AnswerId = Annotated[str, StringConstraints(pattern=r"^[a-z_]+$", max_length=40)]
Kind = Literal["question", "feeling"]
Phrasing = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200)]

_Where = tuple[str | int, ...]


class AnswerEntry(BaseModel):
    """One answer as written in the file (its id is the key above it)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    """`question`: what something means or how to handle it; `feeling`: a human reply first."""
    phrasings: Annotated[list[Phrasing], Field(min_length=MIN_PHRASINGS)]
    """Ways people type it, for the router."""
    action: str | None = None
    """The command offered as a button after the answer (a name from commands.yaml)."""
    label: str | None = None
    """The button's label: a key of templates/labels.yaml."""
    after_action: str | None = None
    """The command offered instead once the user's interview is behind them."""
    after_label: str | None = None
    """That button's label key."""

    @model_validator(mode="after")
    def _action_has_label(self) -> Self:
        if (self.action is None) != (self.label is None):
            raise ValueError("give 'action' and 'label' together, or neither")
        if (self.after_action is None) != (self.after_label is None):
            raise ValueError("give 'after_action' and 'after_label' together, or neither")
        return self


class AnswersFile(BaseModel):
    """The whole answers file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answers: dict[AnswerId, AnswerEntry]


class Answer(BaseModel):
    """A straight answer: its id, what people type for it, and the button that follows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: AnswerId
    kind: Kind
    phrasings: tuple[str, ...]
    action: str | None = None
    label: str | None = None
    after_action: str | None = None
    after_label: str | None = None

    def button(self, after: bool) -> tuple[str, str] | None:
        """Return the (command, label key) offered after the answer: the after-interview one
        when the interview is behind the user and the answer has one."""
        if after and self.after_action and self.after_label:
            return self.after_action, self.after_label
        if self.action and self.label:
            return self.action, self.label
        return None

    @property
    def template(self) -> str:
        """Return the template holding the answer's words: "answers/<id>.j2"."""
        return f"{TEMPLATE_FOLDER}/{self.id}.j2"


def phrasing_key(text: str) -> str:
    """Return the form two phrasings are compared in: case, punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def load_answers(
    folder: Path,
    commands: Collection[str],
    labels: Collection[str],
    *,
    templates: Path | None = None,
) -> tuple[dict[str, Answer], list[DialogProblem]]:
    """Load and check dialogs/answers.yaml.

    Reported as problems: a file that is missing or does not validate, an unknown command, an
    unknown label key, a missing template (looked for in `templates`, by default the
    templates/ folder beside `folder`), and a phrasing given twice, within this file or
    already used by an intent of intents.yaml (the router learns from both).
    """
    file = folder / ANSWERS_FILE
    templates = templates if templates is not None else folder.parent / "templates"
    try:
        data, lines, problems = parse_file(file)
    except FileNotFoundError:
        return {}, [DialogProblem(file, None, None, "the answers file is missing")]
    if data is None:
        return {}, problems
    try:
        model = AnswersFile.model_validate(data)
    except ValidationError as exc:
        return {}, [*problems, *_validation_problems(file, exc, lines)]

    def problem(message: str, *where: str | int) -> None:
        problems.append(DialogProblem(file, _line(lines, ("answers", *where)), None, message))

    answers: dict[str, Answer] = {}
    for answer_id, entry in model.answers.items():
        answer = Answer(
            id=answer_id,
            kind=entry.kind,
            phrasings=tuple(entry.phrasings),
            action=entry.action,
            label=entry.label,
            after_action=entry.after_action,
            after_label=entry.after_label,
        )
        answers[answer_id] = answer
        for key, command in (("action", entry.action), ("after_action", entry.after_action)):
            if command is not None and command not in commands:
                problem(f"answer '{answer_id}': unknown command '/{command}'", answer_id, key)
        for key, label in (("label", entry.label), ("after_label", entry.after_label)):
            if label is not None and label not in labels:
                problem(f"answer '{answer_id}': unknown label '{label}'", answer_id, key)
        if not (templates / answer.template).is_file():
            problem(f"answer '{answer_id}': missing template '{answer.template}'", answer_id)
    seen = _intent_phrasings(folder)
    for answer_id, entry in model.answers.items():
        for i, phrasing in enumerate(entry.phrasings):
            key = phrasing_key(phrasing)
            if key in seen:
                problem(
                    f"answer '{answer_id}': '{phrasing}' is already listed under {seen[key]}",
                    answer_id,
                    "phrasings",
                    i,
                )
            seen.setdefault(key, f"answer '{answer_id}'")
    return answers, problems


def _intent_phrasings(folder: Path) -> dict[str, str]:
    """Return each intent phrasing's key with where it is; a broken intents file is skipped
    (its own loader reports it)."""
    try:
        intents = load_intents(folder / INTENTS_FILE)
    except IntentsError:
        return {}
    return {
        phrasing_key(p): f"intent '{name}' in {INTENTS_FILE}"
        for name, phrasings in intents.intents.items()
        for p in phrasings
    }


def _line(lines: Mapping[_Where, int], where: _Where) -> int | None:
    """Return the line of the deepest known node along `where`."""
    for end in range(len(where), -1, -1):
        if where[:end] in lines:
            return lines[where[:end]]
    return None


def _validation_problems(
    file: Path, exc: ValidationError, lines: Mapping[_Where, int]
) -> list[DialogProblem]:
    problems = []
    for err in exc.errors():
        loc: _Where = tuple(err["loc"])
        where = ".".join(str(p) for p in loc)
        if err["type"] == "extra_forbidden":
            message = f"{where}: unknown key"
        elif err["type"] == "missing":
            message = f"{where}: missing"
        else:
            message = f"{where + ': ' if where else ''}{err['msg']}"
        problems.append(DialogProblem(file, _line(lines, loc), None, message))
    return problems
