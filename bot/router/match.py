"""Route free text to an intent by fuzzy matching against the example phrasings."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.router.model import UNKNOWN, Intents, load_intents

MAX_CHARS = 500
"""Longer input is cut to this many characters before matching (keeps route() fast)."""
STEM_CHARS = 6
"""Words are cut to this many characters after dropping -s/-ed/-ing (cheap stemming)."""
TYPO_CUTOFF = 80.0
"""A word unknown to the phrasings is replaced by a known one at least this similar."""
TYPO_MIN_LEN = 4
FUZZY_WEIGHT = 0.5
"""Share of the confidence that comes from the closest phrasing; the rest from word weights."""
SMOOTHING = 0.02
"""Added to every intent's share of a word, so a word seen once is not taken as certain."""
UNSEEN_WORD = 0.5
"""How much a word never seen in any phrasing dilutes the word-weight score."""

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), " is"),
)
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "im": "i am",
    "ive": "i have",
    "dont": "do not",
    "didnt": "did not",
    "doesnt": "does not",
    "havent": "have not",
    "hasnt": "has not",
    "wasnt": "was not",
    "isnt": "is not",
    "cant": "can not",
    "wont": "will not",
    "whats": "what is",
    "thx": "thanks",
    "ty": "thanks",
    "thankyou": "thanks",
    "thanku": "thanks",
    "remindme": "remind me",
}
_NOT_WORD = re.compile(r"[\W_]+")
_THANK_YOU = re.compile(r"\bthank (you|u)\b")


def normalise(text: str) -> str:
    """Casefold, spell out contractions and drop everything but letters and digits."""
    text = text[:MAX_CHARS].casefold().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    words = _NOT_WORD.sub(" ", text).split()
    text = " ".join(_SHORTHAND.get(word, word) for word in words)
    return _THANK_YOU.sub("thanks", text)


def stem(word: str) -> str:
    """Reduce a normalised word to a crude stem: no -s/-ed/-ing, at most STEM_CHARS letters."""
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:STEM_CHARS]


@dataclass(frozen=True)
class Routed:
    """Where a text was routed: the intent, its confidence and the runner-up."""

    intent: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float


@dataclass(frozen=True)
class _Example:
    intent: str
    text: str


class Router:
    """Choose an intent for free text, or `unknown` when no intent is clearly meant."""

    def __init__(
        self,
        intents: Intents,
        scorer: Callable[..., float] = fuzz.token_sort_ratio,
        fuzzy_weight: float = FUZZY_WEIGHT,
    ) -> None:
        self.threshold = intents.threshold
        self.margin = intents.margin
        self.names: tuple[str, ...] = tuple(intents.intents)
        self._scorer = scorer
        self._fuzzy_weight = fuzzy_weight
        self._words: set[str] = set()
        examples: list[_Example] = []
        for name, phrasings in intents.intents.items():
            for phrasing in phrasings:
                words = normalise(phrasing).split()
                self._words.update(words)
                examples.append(_Example(name, " ".join(stem(w) for w in words)))
        self._examples = tuple(examples)
        self._texts = [e.text for e in examples]
        self._vocabulary = sorted(self._words)
        self._weights = _word_weights(self.names, examples)
        self._corrected: dict[str, str] = {}

    @classmethod
    def from_file(cls, path: Path) -> Router:
        """Build a router from an intents file (raises IntentsError naming the file)."""
        return cls(load_intents(path))

    def route(self, text: str) -> Routed:
        """Return the intent `text` most likely means, or `unknown` when unsure."""
        stems = [stem(self._correct(word)) for word in normalise(text).split()]
        if not stems:
            return Routed(UNKNOWN, 0.0, None, 0.0)
        scores = self.scores(stems)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        (best, confidence), (second, second_confidence) = ranked[0], ranked[1]
        if confidence < self.threshold or confidence - second_confidence < self.margin:
            return Routed(UNKNOWN, round(confidence, 4), best, round(confidence, 4))
        return Routed(best, round(confidence, 4), second, round(second_confidence, 4))

    def scores(self, stems: list[str]) -> dict[str, float]:
        """Return every intent's confidence (0..1) for a text already reduced to stems."""
        query = " ".join(stems)
        fuzzy = dict.fromkeys(self.names, 0.0)
        for _, score, index in process.extract(query, self._texts, scorer=self._scorer, limit=None):
            name = self._examples[index].intent
            fuzzy[name] = max(fuzzy[name], score / 100.0)
        words = _keyword_scores(self.names, self._weights, stems)
        w = self._fuzzy_weight
        return {name: w * fuzzy[name] + (1 - w) * words[name] for name in self.names}

    def _correct(self, word: str) -> str:
        """Snap a word unknown to the phrasings onto the closest known word, if close enough."""
        if word in self._words or len(word) < TYPO_MIN_LEN or word.isdigit():
            return word
        if word not in self._corrected:
            found = process.extractOne(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF
            )
            self._corrected[word] = found[0] if found else word
        return self._corrected[word]


@dataclass(frozen=True)
class _Weight:
    info: float
    """How much the word says about the intent at all (0: used evenly by all, 1: by one)."""
    share: Mapping[str, float]
    """Each intent's share of the word (sums to 1)."""


def _word_weights(names: tuple[str, ...], examples: Iterable[_Example]) -> dict[str, _Weight]:
    """Learn from the phrasings how strongly each stem points to each intent."""
    sizes = dict.fromkeys(names, 0)
    counts: dict[str, dict[str, int]] = {}
    for example in examples:
        sizes[example.intent] += 1
        for word in set(example.text.split()):
            counts.setdefault(word, dict.fromkeys(names, 0))[example.intent] += 1
    weights = {}
    top = math.log(len(names)) if len(names) > 1 else 1.0
    for word, per_intent in counts.items():
        rates = {n: per_intent[n] / max(sizes[n], 1) + SMOOTHING for n in names}
        total = sum(rates.values())
        share = {n: r / total for n, r in rates.items()}
        entropy = -sum(p * math.log(p) for p in share.values() if p > 0)
        weights[word] = _Weight(info=max(0.0, 1 - entropy / top), share=share)
    return weights


def _keyword_scores(
    names: tuple[str, ...], weights: Mapping[str, _Weight], stems: list[str]
) -> dict[str, float]:
    """Return each intent's weighted share of the text's words (0..1)."""
    evidence = dict.fromkeys(names, 0.0)
    mass = 0.0
    for word in set(stems):
        weight = weights.get(word)
        if weight is None:
            mass += UNSEEN_WORD
            continue
        mass += weight.info
        for name in names:
            evidence[name] += weight.info * weight.share[name]
    if mass == 0:
        return evidence
    return {name: value / mass for name, value in evidence.items()}
