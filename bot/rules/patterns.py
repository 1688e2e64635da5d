"""Patterns across a user's own interviews: what differed between offers and rejections, from
what is known only.

An interview with no signal reading says nothing about signals, and one whose prep plan was
never used says nothing about prep: both are left out of the comparison (and named, so the
user can fill them in), never counted as "not seen". A signal answered "not sure" is left out
for that signal. Shares are never shown: the counts are ("in 1 of 1 offer, 0 of 2
rejections"), so a comparison of one interview with another cannot pass for a statistic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_OUTCOMES = 2
NOTABLE = 0.5
"""How far apart (as a share of the interviews known on each side) offers and rejections
must be for a signal or prep item to be mentioned."""
OFFER, REJECTED = "offer", "rejected"
SEEN, NOT_SEEN = "yes", "no"
"""What a signal answer means (a choice's `means`); anything else ("unsure") is not known."""


@dataclass(frozen=True)
class Difference:
    """One signal or prep item found more often on one side than the other, with the counts
    it rests on: in how many interviews it was there, out of how many where it is known."""

    key: str
    label: str
    offers_with: int
    offers_known: int
    rejections_with: int
    rejections_known: int


@dataclass(frozen=True)
class Patterns:
    """The comparison, what it rests on, and what is missing for it."""

    offers: tuple[int, ...]
    rejections: tuple[int, ...]
    others: int
    """Outcomes that are neither (no answer, withdrawn): not compared."""
    unread: tuple[int, ...]
    """Offers and rejections with no signal reading, oldest first."""
    signals: tuple[Difference, ...]
    prep: tuple[Difference, ...]
    read_offers: int
    read_rejections: int

    @property
    def outcomes(self) -> int:
        """Return how many outcomes are on record."""
        return len(self.offers) + len(self.rejections) + self.others

    @property
    def both(self) -> bool:
        """Tell whether there is at least one offer and one rejection on record."""
        return bool(self.offers) and bool(self.rejections)

    @property
    def comparable(self) -> bool:
        """Tell whether signals can be compared: a reading for an offer and for a rejection."""
        return self.read_offers > 0 and self.read_rejections > 0


def compare(
    outcomes: Mapping[int, str],
    signals: Mapping[int, Mapping[str, str]],
    done: Mapping[int, set[str]],
    signal_labels: Mapping[str, str],
    prep_labels: Mapping[str, str],
) -> Patterns | None:
    """Compare offers with rejections; None below two outcomes.

    `signals[i]` holds what each signal's answer meant ("yes", "no", "unsure") in interview
    i's latest reading, only for interviews that have one; `done[i]` its ticked prep items
    (an interview with none ticked is taken as one whose plan was not used). The labels name
    the signals and prep items and fix their order.
    """
    if len(outcomes) < MIN_OUTCOMES:
        return None
    ordered = sorted(outcomes)
    offers = tuple(i for i in ordered if outcomes[i] == OFFER)
    rejections = tuple(i for i in ordered if outcomes[i] == REJECTED)
    seen = {i: {k for k, v in answers.items() if v == SEEN} for i, answers in signals.items()}
    known = {
        i: {k for k, v in answers.items() if v in (SEEN, NOT_SEEN)}
        for i, answers in signals.items()
    }
    prepped = {i: items for i, items in done.items() if items}
    prep_known = {i: set(prep_labels) for i in prepped}
    return Patterns(
        offers=offers,
        rejections=rejections,
        others=len(outcomes) - len(offers) - len(rejections),
        unread=tuple(i for i in ordered if i in offers + rejections and i not in signals),
        signals=_differences(offers, rejections, seen, known, signal_labels),
        prep=_differences(offers, rejections, prepped, prep_known, prep_labels),
        read_offers=sum(i in signals for i in offers),
        read_rejections=sum(i in signals for i in rejections),
    )


def _differences(
    offers: Sequence[int],
    rejections: Sequence[int],
    present: Mapping[int, set[str]],
    known: Mapping[int, set[str]],
    labels: Mapping[str, str],
) -> tuple[Difference, ...]:
    """Each item known on both sides whose shares differ by NOTABLE or more, widest first."""
    found = []
    for key, label in labels.items():
        offers_known = [i for i in offers if key in known.get(i, set())]
        rejections_known = [i for i in rejections if key in known.get(i, set())]
        if not offers_known or not rejections_known:
            continue  # nothing known on one side: no comparison, and no share from nothing
        offers_with = sum(key in present.get(i, set()) for i in offers_known)
        rejections_with = sum(key in present.get(i, set()) for i in rejections_known)
        difference = Difference(
            key,
            label,
            offers_with,
            len(offers_known),
            rejections_with,
            len(rejections_known),
        )
        if abs(_spread(difference)) >= NOTABLE:
            found.append(difference)
    return tuple(sorted(found, key=lambda d: -abs(_spread(d))))


def _spread(difference: Difference) -> float:
    """How much more often (as a share) the item was there for offers than for rejections."""
    return (
        difference.offers_with / difference.offers_known
        - difference.rejections_with / difference.rejections_known
    )
