"""Score a signal check: strength 0-100, its band, and what was and was not seen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.content.dialog_models import BandModel, DialogModel, StateModel, band_for
from bot.domain.records import AnswerRow

SEEN, NOT_SEEN, UNSURE = "yes", "no", "unsure"
YES_NO_UNSURE = frozenset({SEEN, NOT_SEEN, UNSURE})


@dataclass(frozen=True)
class Line:
    """One labelled answer of the check, with the note its answer carries (text or template)."""

    key: str
    label: str
    answer: str
    answer_label: str
    note: str | None


@dataclass(frozen=True)
class SignalResult:
    """The outcome of one signal check."""

    score: int
    band: BandModel
    seen: tuple[Line, ...]
    unsure: tuple[Line, ...]
    not_seen: tuple[Line, ...]
    context: tuple[Line, ...]
    """Labelled answers that are not yes/no signals: the round's format, the company's habit."""
    answers: tuple[AnswerRow, ...]


def is_signal(state: StateModel) -> bool:
    """Tell whether a state is a yes / no / not sure hiring signal."""
    return state.label is not None and {c.id for c in state.choices} == YES_NO_UNSURE


def score(dialog: DialogModel, answers: Mapping[str, Any]) -> SignalResult:
    """Score the answers of a signal check against the weights in its dialog."""
    got = possible = 0.0
    seen: list[Line] = []
    unsure: list[Line] = []
    not_seen: list[Line] = []
    context: list[Line] = []
    rows: list[AnswerRow] = []
    for name, state in dialog.states.items():
        if not state.save_as or not state.choices:
            continue
        top = max(c.weight for c in state.choices)
        if top == 0 and state.label is None:
            continue  # e.g. which interview: part of the dialog, not of the reading
        possible += top
        given = answers.get(state.save_as)
        choice = next((c for c in state.choices if c.id == given), None)
        if choice is None:
            continue
        got += choice.weight
        rows.append(AnswerRow(dialog.qualified(name), choice.id, choice.weight))
        if state.label is None:
            continue
        line = Line(name, state.label, choice.id, choice.label, choice.note)
        if not is_signal(state):
            context.append(line)
        elif choice.id == SEEN:
            seen.append(line)
        elif choice.id == UNSURE:
            unsure.append(line)
        else:
            not_seen.append(line)
    value = round(100 * got / possible) if possible else 0
    return SignalResult(
        score=value,
        band=band_for(dialog.bands, value),
        seen=tuple(seen),
        unsure=tuple(unsure),
        not_seen=tuple(not_seen),
        context=tuple(context),
        answers=tuple(rows),
    )
