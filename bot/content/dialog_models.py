"""Validated models of a dialog file (dialogs/*.yaml)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FINISH = "finish"
"""The `next` target that ends a dialog and hands its answers to the dialog's finisher."""

# Choice ids travel in Telegram callback data (64 bytes in all), so they stay short and ASCII.
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,24}$")]
StateName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=40)]
"""A button label or a band name: short enough for a phone-width button."""
LongLabel = Annotated[str, StringConstraints(min_length=1, max_length=80)]
Meaning = Literal["yes", "no", "unsure"]
"""What a choice of a yes/no question means, whatever its label says."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChoiceModel(_Strict):
    """One button: its id, label, score weight, where it leads and what it suggests."""

    id: ChoiceId
    label: Label
    weight: float = Field(default=0, ge=0, le=100)
    next: str | None = None
    note: str | None = None
    """Text (or template) the result shows when this answer was given."""
    means: Meaning | None = None
    """What the choice answers to a yes/no question: typed "yeah", "nope", "idk" or 👍 pick it
    (the words are in dialogs/synonyms.yaml). Leave it off a destructive choice."""


class InputModel(_Strict):
    """A free-text answer, checked by a named validator."""

    validator: str


class StateModel(_Strict):
    """One question of a dialog."""

    question: str
    label: LongLabel | None = None
    """Short name of what the question asks about, used when a result lists the answers."""
    save_as: str | None = None
    choices: tuple[ChoiceModel, ...] = ()
    choices_from: str | None = None
    """Name of a provider that adds one choice per record (e.g. the user's interviews)."""
    skip_if_single: bool = False
    """Pick the only choice without asking when there is just one."""
    auto_pick_record: bool = False
    """When `choices_from` offers exactly one record, pick it without asking; when it offers
    none, take the only fixed choice (e.g. "None of these") without asking."""
    input: InputModel | None = None
    """A typed answer; fixed choices may stand beside it (e.g. "Skip")."""
    next: str | None = None
    on_answer: str | None = None
    """Name of an action (code) run when this state is answered, e.g. tick a prep item."""
    why: str | None = None
    """Why its choices weigh what they do (for people editing the weights; never shown)."""

    @model_validator(mode="after")
    def _one_kind_of_answer(self) -> StateModel:
        if self.input is not None and self.choices_from:
            raise ValueError("a state with a free-text input takes fixed choices only")
        ids = [c.id for c in self.choices]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate choice ids: {', '.join(dupes)}")
        meant = [c.means for c in self.choices if c.means is not None]
        if len(meant) != len(set(meant)):
            raise ValueError("two choices have the same `means`")
        return self

    @property
    def answer_key(self) -> str | None:
        """Return the key this state's answer is saved under (None when it saves nothing)."""
        return self.save_as

    def targets(self) -> list[str | None]:
        """Return every `next` target an answer here can lead to (None = nowhere)."""
        found: list[str | None] = [c.next or self.next for c in self.choices]
        if self.choices_from or self.input is not None:
            found.append(self.next)
        return found


class BandModel(_Strict):
    """A named range of the score."""

    min: float = Field(ge=0, le=100)
    name: Label
    summary: str
    why: str | None = None
    """Why the band starts where it does (for people editing the thresholds; never shown)."""
    formerly: tuple[Label, ...] = ()
    """Names this band had before: stored readings keep the name they were saved with."""


class DialogModel(_Strict):
    """One dialog file."""

    name: StateName
    title: Label
    start: str
    finish: str
    """Name of the finisher (code) that turns the answers into a result."""
    bands: tuple[BandModel, ...] = ()
    states: dict[StateName, StateModel]

    @model_validator(mode="after")
    def _bands_cover_zero(self) -> DialogModel:
        mins = [b.min for b in self.bands]
        if mins and 0 not in mins:
            raise ValueError("bands must start at min 0 so every score has a band")
        if len(set(mins)) != len(mins):
            raise ValueError("two bands have the same min")
        return self

    def qualified(self, state: str) -> str:
        """Return the namespaced state name, e.g. `signals:met_leaders`."""
        return f"{self.name}:{state}"


def band_for(bands: tuple[BandModel, ...], score: float) -> BandModel:
    """Return the band a score falls in: the one with the highest `min` not above it."""
    fitting = [b for b in bands if b.min <= score]
    if not fitting:
        raise ValueError(f"no band covers the score {score}")
    return max(fitting, key=lambda b: b.min)
