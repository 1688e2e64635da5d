"""Read which button a typed answer means, when it is not the button's exact label.

In order, the first that fits wins:

1. the label or id itself, ignoring case, spaces, punctuation and apostrophes
   ("yes thats right" is "Yes, that's right");
2. a word for the meaning a choice is tagged with (`means: yes` in its dialog): "yeah", "nope",
   "idk", 👍, 🤷‍♀️ (dialogs/synonyms.yaml); stretched letters ("yesss") and emoji skin tones
   or genders don't matter, and "yeah 👍" is as good as "yeah";
3. the first words of exactly one label, two words at least ("yes, delete" for "Yes, delete
   it"): one word is never enough, so a loose "yes" can't pick "Yes, delete it" this way;
4. a rank, for a label that starts with one: "2nd round", "second", "round 2", "2nd" for
   "Second round", "final" or "last" for "Final round", "2" for "2 hours";
5. a length that equals exactly one label's ("an hour", "about an hour i think" for "1 hour").

Each step needs exactly one choice to fit; two that fit equally are no answer. A choice with
no `means` (a destructive "Yes, delete it") is only ever picked by steps 1, 3 and 4.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Protocol

from bot.content.dialog_models import Meaning
from bot.parsing.durations import read_span


class ChoiceLike(Protocol):
    """A button as the matcher sees it: id, label and what it means to a yes/no question."""

    @property
    def id(self) -> str:
        """The id the core understands."""
        ...

    @property
    def label(self) -> str:
        """The label the user sees."""
        ...

    @property
    def means(self) -> str | None:
        """ "yes", "no", "unsure", or None when the choice is not a yes/no answer."""
        ...


Meanings = Mapping[Meaning, Collection[str]]
"""The words of each meaning: {"yes": ["yep", "👍", ...], "no": [...], "unsure": [...]}."""

_MIN_PREFIX_WORDS = 2
_UNSEEN = "\ufe0f\ufe0e\u200d\u2640\u2642'\u2018\u2019`\u00b4"
"""Dropped before comparing: emoji variation selectors, the joiner and gender signs of 🤷‍♀️,
and apostrophes ("don't" is "dont")."""
_DROPPED = {ord(ch): None for ch in _UNSEEN} | {c: None for c in range(0x1F3FB, 0x1F400)}
_STRETCHED = re.compile(r"([^\d\s])\1+")

_ORDINALS: dict[str, str] = {
    "first": "1",
    "second": "2",
    "third": "3",
    "fourth": "4",
    "fifth": "5",
    "sixth": "6",
    "seventh": "7",
    "eighth": "8",
    "ninth": "9",
    "tenth": "10",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "final": "final",
    "last": "final",
}
_NUMBERED = re.compile(r"(?P<n>\d{1,2})(?:st|nd|rd|th)?")
_RANK_MARK = "#"
_FILLERS = frozenset(
    {"the", "a", "an", "its", "it", "was", "is", "will", "be", "one", "i", "think", "my", "this"}
    | {"that", "thats", "guess", "probably", "number"}
)
"""Words around a rank that don't change it ("it's the 2nd one")."""


def plain(text: str) -> str:
    """Return text casefolded, without punctuation or apostrophes, spaces collapsed."""
    kept = text.casefold().translate(_DROPPED)
    spaced = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in kept)
    return " ".join(spaced.split())


def loose(text: str) -> str:
    """Return `plain(text)` with stretched letters and repeated emoji squeezed ("yesss" is
    "yes", "👍👍" is "👍"); both a synonym and a typed answer are compared this way."""
    return _STRETCHED.sub(r"\1", plain(text))


def read_choice(text: str, choices: Sequence[ChoiceLike], meanings: Meanings) -> str | None:
    """Return the id of the choice the typed text means, or None when none fits (or several).

    `meanings` are the words for each value a choice's `means` can take.
    """
    typed = plain(text)
    if not typed:
        return None
    for choice in choices:
        if typed in (plain(choice.label), plain(choice.id)):
            return choice.id
    found = (
        _by_meaning(typed, choices, meanings)
        or _by_prefix(typed, choices)
        or _by_rank(typed, choices)
        or _by_length(text, choices)
    )
    return found


def meaning_of(text: str, meanings: Meanings) -> str | None:
    """Return the meaning ("yes", "no", "unsure") the text is a word for, or None.

    Several words of one meaning count as it too ("yeah 👍"); mixed meanings are none.
    """
    index = _index(tuple((meaning, tuple(words)) for meaning, words in meanings.items()))
    squeezed = loose(text)
    if squeezed in index:
        return index[squeezed]
    found = {index.get(word) for word in squeezed.split()}
    if len(found) == 1 and None not in found:
        return found.pop()
    return None


@lru_cache(maxsize=8)
def _index(meanings: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, str]:
    """Map every word, compared loosely, to its meaning."""
    return {loose(word): meaning for meaning, words in meanings for word in words}


def _by_meaning(typed: str, choices: Sequence[ChoiceLike], meanings: Meanings) -> str | None:
    meaning = meaning_of(typed, meanings)
    if meaning is None:
        return None
    return _only(c.id for c in choices if c.means == meaning)


def _by_prefix(typed: str, choices: Sequence[ChoiceLike]) -> str | None:
    words = typed.split()
    if len(words) < _MIN_PREFIX_WORDS:
        return None
    return _only(c.id for c in choices if plain(c.label).split()[: len(words)] == words)


def _by_rank(typed: str, choices: Sequence[ChoiceLike]) -> str | None:
    """A label that starts with the one rank typed, and holds every other word typed."""
    words = {_rank(word) for word in typed.split() if word not in _FILLERS}
    ranks = [word for word in words if word.startswith(_RANK_MARK)]
    if len(ranks) != 1:
        return None
    found = []
    for choice in choices:
        label = [_rank(word) for word in plain(choice.label).split()]
        if label and label[0] == ranks[0] and words <= set(label):
            found.append(choice.id)
    return _only(found)


def _rank(word: str) -> str:
    """Mark a rank or small number ("2nd", "second", "2" are all "#2"); other words as they are."""
    if word in _ORDINALS:
        return _RANK_MARK + _ORDINALS[word]
    numbered = _NUMBERED.fullmatch(word)
    if numbered is not None and 1 <= int(numbered["n"]) <= 10:
        return _RANK_MARK + str(int(numbered["n"]))
    return word


def _by_length(text: str, choices: Sequence[ChoiceLike]) -> str | None:
    span = read_span(text)
    if span is None:
        return None
    return _only(c.id for c in choices if read_span(c.label) == span)


def _only(ids: Iterable[str]) -> str | None:
    """The one id given, or None when there are none or several."""
    found = list(dict.fromkeys(ids))
    return found[0] if len(found) == 1 else None
