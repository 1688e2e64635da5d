"""Load dialogs/synonyms.yaml: the words and emoji that mean yes, no or "not sure"."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from bot.content.dialog_models import Meaning
from bot.content.paths import dialogs_dir
from bot.domain.problems import DialogError, DialogProblem

SYNONYMS_FILE = "synonyms.yaml"

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class Synonyms(BaseModel):
    """The whole synonyms file: a list of words for each meaning a choice can be tagged with."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    yes: tuple[Word, ...]
    no: tuple[Word, ...]
    unsure: tuple[Word, ...]

    def by_meaning(self) -> dict[Meaning, tuple[str, ...]]:
        """Return the words of each meaning."""
        return {"yes": self.yes, "no": self.no, "unsure": self.unsure}


def load_synonyms(folder: Path) -> tuple[Synonyms | None, list[DialogProblem]]:
    """Load and check the synonyms file: three lists, no word under two meanings."""
    file = folder / SYNONYMS_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        found = Synonyms.model_validate(data)
    except FileNotFoundError:
        return None, [DialogProblem(file, None, None, "the synonyms file is missing")]
    except yaml.YAMLError as exc:
        return None, [DialogProblem(file, None, None, f"not valid YAML: {exc}")]
    except ValidationError as exc:
        unquoted = isinstance(data, dict) and (True in data or False in data)
        hint = ' (quote the keys "yes" and "no")' if unquoted else ""
        return None, [
            DialogProblem(file, None, None, f"{'.'.join(map(str, e['loc']))}: {e['msg']}{hint}")
            for e in exc.errors()
        ]
    seen: dict[str, str] = {}
    problems: list[DialogProblem] = []
    for meaning, words in found.by_meaning().items():
        for word in words:
            key = word.casefold()
            if key in seen and seen[key] != meaning:
                message = f"'{word}' is under both '{seen[key]}' and '{meaning}'"
                problems.append(DialogProblem(file, None, None, message))
            seen.setdefault(key, meaning)
    return found, problems


@cache
def synonyms() -> Synonyms:
    """Return the packaged synonyms file, loaded once; raises DialogError when it is broken."""
    found, problems = load_synonyms(dialogs_dir())
    if found is None or problems:
        raise DialogError(problems)
    return found
