"""Score a signal check: a score 0-100, the band (the stage the signs point to), and what was
and was not seen. The weights and band thresholds are data, in dialogs/signals.yaml."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.dialog_models import BandModel, DialogModel, StateModel, band_for
from bot.domain.records import AnswerRow, Reading

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
    top_band: bool
    """Whether the band is the highest the dialog has (the signs point to the final stage)."""
    seen: tuple[Line, ...]
    unsure: tuple[Line, ...]
    not_seen: tuple[Line, ...]
    context: tuple[Line, ...]
    """Labelled answers that are not yes/no signals: the round's format, the company's habit."""
    answers: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class Earlier:
    """A stored reading as today's check counts it, to compare a retake with."""

    score: int
    band: BandModel
    recounted: bool
    """True when the score was counted again from its stored answers with today's weights;
    False when the reading kept no answers and is shown as it was saved."""


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
    band = band_for(dialog.bands, value)
    return SignalResult(
        score=value,
        band=band,
        top_band=band.min == max(b.min for b in dialog.bands),
        seen=tuple(seen),
        unsure=tuple(unsure),
        not_seen=tuple(not_seen),
        context=tuple(context),
        answers=tuple(rows),
    )


def rescore(dialog: DialogModel, rows: Sequence[AnswerRow]) -> SignalResult:
    """Score a stored reading's answers again with today's weights.

    Answers to questions the check no longer asks are left out; questions it did not ask then
    count as unanswered.
    """
    by_key = {
        dialog.qualified(name): state.save_as
        for name, state in dialog.states.items()
        if state.save_as is not None
    }
    answers = {by_key[r.question]: r.answer for r in rows if r.question in by_key}
    return score(dialog, answers)


def stored_band(bands: Sequence[BandModel], name: str, value: float) -> BandModel:
    """Return today's band for a band name a reading was stored with.

    A current name is itself; an old name maps to the band that lists it under `formerly`;
    a name nobody knows falls back to the band the stored score falls in.
    """
    for band in bands:
        if name == band.name or name in band.formerly:
            return band
    return band_for(tuple(bands), value)


def earlier(dialog: DialogModel, reading: Reading, rows: Sequence[AnswerRow]) -> Earlier:
    """Return a stored reading as today's check counts it (its answers recounted if kept)."""
    if rows:
        again = rescore(dialog, rows)
        return Earlier(again.score, again.band, recounted=True)
    return Earlier(reading.score, stored_band(dialog.bands, reading.band, reading.score), False)
