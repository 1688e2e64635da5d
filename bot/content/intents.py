"""Load and validate dialogs/intents.yaml: the example phrasings of each free-text intent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

INTENTS_FILE = "intents.yaml"
UNKNOWN = "unknown"

IntentName = Literal[
    "follow_up",
    "signals",
    "prep",
    "thank_you",
    "negotiate",
    "offer",
    "rejected",
    "new_interview",
    "change_interview",
    "reminders",
    "remind_me",
    "help",
]
INTENT_NAMES: tuple[str, ...] = get_args(IntentName)
"""Every intent the router can choose, `unknown` aside (that one is the fallback)."""

Phrasing = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class IntentsError(ValueError):
    """The intents file is missing, not YAML, or does not validate; the message names it."""


class Guard(BaseModel):
    """Words that decide against an intent, whatever the classifier says."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    negated: list[Phrasing] = []
    """Words that, said under a negation ("didn't get rejected", "no offer"), rule it out."""
    undone_by: list[Phrasing] = []
    """Words or phrases that rule it out wherever they appear ("the offer fell through")."""


class Intents(BaseModel):
    """The whole intents file: matching thresholds and the example phrasings per intent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(gt=0, lt=1)
    """Below this confidence the router answers `unknown`."""
    margin: float = Field(ge=0, lt=1)
    """When the two best intents are closer than this, the router answers `unknown`."""
    intents: dict[IntentName, Annotated[list[Phrasing], Field(min_length=1)]]
    guards: dict[IntentName, Guard] = {}
    """Per intent, what rules it out (see Guard)."""

    def check_complete(self) -> list[str]:
        """Return the problems a loaded file can still have: missing intents, repeated phrasings."""
        problems = [f"intents: missing intent '{n}'" for n in INTENT_NAMES if n not in self.intents]
        seen: dict[str, str] = {}
        for name, phrasings in self.intents.items():
            for phrasing in phrasings:
                key = " ".join(phrasing.casefold().split())
                if key in seen:
                    problems.append(
                        f"intents.{name}: '{phrasing}' is already listed under '{seen[key]}'"
                    )
                seen.setdefault(key, name)
        return problems


def load_intents(path: Path) -> Intents:
    """Read and validate an intents file; raise IntentsError naming the file on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IntentsError(f"{path}: the intents file is missing") from None
    except yaml.YAMLError as exc:
        raise IntentsError(f"{path}: not valid YAML: {exc}") from None
    try:
        model = Intents.model_validate(data)
    except ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(top)'}: {e['msg']}" for e in exc.errors()
        )
        raise IntentsError(f"{path}: {details}") from None
    problems = model.check_complete()
    if problems:
        raise IntentsError(f"{path}: {'; '.join(problems)}")
    return model
