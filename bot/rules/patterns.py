"""Patterns across a user's own interviews: what differed between offers and rejections."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_OUTCOMES = 2
NOTABLE = 0.5
"""How far apart (as a share of interviews) offers and rejections must be to be mentioned."""


@dataclass(frozen=True)
class Difference:
    """One signal or prep item seen more often on one side than the other."""

    key: str
    label: str
    offers: float  # share of offer interviews where it was seen / done
    rejections: float


@dataclass(frozen=True)
class Patterns:
    """The comparison, or why there is none yet."""

    outcomes: int
    offers: int
    rejections: int
    signals: tuple[Difference, ...]
    prep: tuple[Difference, ...]

    @property
    def comparable(self) -> bool:
        """Tell whether there is at least one offer and one rejection to compare."""
        return self.offers > 0 and self.rejections > 0


def compare(
    outcomes: Mapping[int, str],
    seen: Mapping[int, set[str]],
    done: Mapping[int, set[str]],
    signal_labels: Mapping[str, str],
    prep_labels: Mapping[str, str],
) -> Patterns | None:
    """Compare offers with rejections; None below two outcomes.

    `seen[i]` holds the signals answered "yes" in interview i's latest reading, `done[i]` its
    ticked prep items; the labels name them and fix the order.
    """
    if len(outcomes) < MIN_OUTCOMES:
        return None
    offers = [i for i, o in outcomes.items() if o == "offer"]
    rejections = [i for i, o in outcomes.items() if o == "rejected"]
    return Patterns(
        outcomes=len(outcomes),
        offers=len(offers),
        rejections=len(rejections),
        signals=_differences(offers, rejections, seen, signal_labels),
        prep=_differences(offers, rejections, done, prep_labels),
    )


def _differences(
    offers: Sequence[int],
    rejections: Sequence[int],
    present: Mapping[int, set[str]],
    labels: Mapping[str, str],
) -> tuple[Difference, ...]:
    if not offers or not rejections:
        return ()
    found = []
    for key, label in labels.items():
        in_offers = sum(key in present.get(i, set()) for i in offers) / len(offers)
        in_rejections = sum(key in present.get(i, set()) for i in rejections) / len(rejections)
        if abs(in_offers - in_rejections) >= NOTABLE:
            found.append(Difference(key, label, in_offers, in_rejections))
    return tuple(sorted(found, key=lambda d: -abs(d.offers - d.rejections)))
