"""Load dialogs/prep_plan.yaml: the prep items, the format tips and the day-of tips."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from bot.domain.problems import DialogProblem
from bot.domain.reminders import PREP_KINDS, Kind

PLAN_FILE = "prep_plan.yaml"
ITEM_PREFIX = "p_"

ItemKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,20}$")]


class PrepItem(BaseModel):
    """One thing to do before the interview."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    due: Kind
    detail: str


class PrepPlan(BaseModel):
    """The whole plan file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: dict[ItemKey, PrepItem]
    formats: dict[str, str]
    day_of: str

    def due_at(self, kind: Kind) -> list[str]:
        """Return the keys of the items a reminder of `kind` brings up."""
        return [key for key, item in self.items.items() if item.due == kind]

    def templates(self) -> list[str]:
        """Return every template the plan names."""
        return [i.detail for i in self.items.values()] + [*self.formats.values(), self.day_of]


def load_plan(folder: Path) -> tuple[PrepPlan | None, list[DialogProblem]]:
    """Load and check the prep plan."""
    file = folder / PLAN_FILE
    try:
        plan = PrepPlan.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None, [DialogProblem(file, None, None, "the prep plan is missing")]
    except yaml.YAMLError as exc:
        return None, [DialogProblem(file, None, None, f"not valid YAML: {exc}")]
    except ValidationError as exc:
        return None, [
            DialogProblem(file, None, None, f"{'.'.join(map(str, e['loc']))}: {e['msg']}")
            for e in exc.errors()
        ]
    wrong = [k for k, i in plan.items.items() if i.due not in PREP_KINDS]
    problems = [
        DialogProblem(file, None, None, f"item '{k}' is due at a reminder that is not a prep one")
        for k in wrong
    ]
    return plan, problems
