"""Route free text to an intent: a small classifier trained on the phrasings of intents.yaml.

Text is normalised (casefold, contractions spelled out, emoji and punctuation dropped), words
the phrasings never use are snapped to the closest word they do use (rapidfuzz, edit distance
counting a swap of two letters as one edit: "folow" -> "follow", "neogtiate" -> "negotiate"),
then cut to crude stems. Features are the stems,
stem pairs and character 3/4-grams, weighted TF-IDF. A softmax (logistic regression) model
learned from the phrasings ranks the intents; its probability is scaled by how close the text
is to any phrasing at all, so off-topic text gets a low confidence whatever the ranking.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.intents import UNKNOWN, Intents, load_intents

MAX_CHARS = 500
"""Longer input is cut to this many characters before matching (keeps route() fast)."""
MAX_WORDS = 80
"""At most this many words of a text are matched."""
STEM_CHARS = 6
"""Words are cut to this many characters after dropping -s/-ing (cheap stemming)."""
TYPO_CUTOFF = 0.81
"""An unknown word is replaced by a known one this similar (one slip in a 6-letter word)."""
TYPO_MIN_LEN = 5
TYPO_MAX_LEN = 20
TYPO_CACHE = 10_000
"""Corrections are remembered; the memory is emptied when it holds this many words."""
EPOCHS = 15
"""Passes over the phrasings when training (about 0.3 s for 300 phrasings)."""
LEARNING_RATE = 2.0
"""Step size of the first pass; later passes take smaller steps."""
BIAS_RATE = 0.1
"""The per-intent bias learns this much slower than the feature weights."""
SEED = 0
"""Training shuffles the phrasings with this seed, so the same file gives the same router."""
RELEVANT = 0.3
"""Cosine similarity to the nearest phrasing at which a text counts as fully on-topic."""

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
_THANK_YOU = re.compile(r"\bthank you\b")


def normalise(text: str) -> str:
    """Casefold, spell out contractions and drop everything but letters and digits."""
    text = text[:MAX_CHARS].casefold().translate(_APOSTROPHES)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    words = _NOT_WORD.sub(" ", text).split()
    return _THANK_YOU.sub("thanks", " ".join(_SHORTHAND.get(word, word) for word in words))


def stem(word: str) -> str:
    """Reduce a normalised word to a crude stem: no -s/-ing, at most STEM_CHARS letters.

    -ed stays: "they asked for references" (it happened) and "can I ask for more" (a request)
    belong to different intents.
    """
    for suffix in ("ing", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:STEM_CHARS]


def features(stems: Sequence[str]) -> Counter[str]:
    """Return the features of a text: its stems, stem pairs and character 3/4-grams."""
    found: Counter[str] = Counter(f"w:{s}" for s in stems)
    found.update(f"b:{a}_{b}" for a, b in pairwise(stems))
    for s in stems:
        padded = f" {s} "
        for size in (3, 4):
            found.update(padded[i : i + size] for i in range(max(1, len(padded) - size + 1)))
    return found


@dataclass(frozen=True)
class Routed:
    """Where a text was routed: the intent, its confidence and the runner-up."""

    intent: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float


Sparse = list[tuple[int, float]]


class Router:
    """Choose an intent for free text, or `unknown` when no intent is clearly meant."""

    def __init__(self, intents: Intents) -> None:
        self.threshold = intents.threshold
        self.margin = intents.margin
        self.names: tuple[str, ...] = tuple(intents.intents)
        self._words: set[str] = set()
        labels: list[int] = []
        bags: list[Counter[str]] = []
        for label, phrasings in enumerate(intents.intents.values()):
            for phrasing in phrasings:
                words = normalise(phrasing).split()
                self._words.update(words)
                labels.append(label)
                bags.append(features([stem(w) for w in words]))
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self._words):
            self._by_length.setdefault(len(word), []).append(word)
        frequency = Counter(f for bag in bags for f in bag)
        self._index = {f: i for i, f in enumerate(sorted(frequency))}
        count = len(bags) + 1
        self._idf = [0.0] * len(self._index)
        for feature, i in self._index.items():
            self._idf[i] = math.log(count / (frequency[feature] + 1)) + 1
        self._unseen_idf = math.log(count) + 1
        examples = [self._vector(bag)[0] for bag in bags]
        self._postings: list[Sparse] = [[] for _ in self._index]
        for number, example in enumerate(examples):
            for i, value in example:
                self._postings[i].append((number, value))
        self._weights, self._bias = _train(examples, labels, len(self.names), len(self._index))
        self._corrected: dict[str, str] = {}

    @classmethod
    def from_file(cls, path: Path) -> Router:
        """Build a router from an intents file (raises IntentsError naming the file)."""
        return cls(load_intents(path))

    def route(self, text: str) -> Routed:
        """Return the intent `text` most likely means, or `unknown` when unsure."""
        ranked = sorted(self.confidences(text).items(), key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] <= 0:
            return Routed(UNKNOWN, 0.0, None, 0.0)
        (best, confidence), (second, second_confidence) = ranked[0], ranked[1]
        if confidence < self.threshold or confidence - second_confidence < self.margin:
            return Routed(UNKNOWN, confidence, best, confidence)
        return Routed(best, confidence, second, second_confidence)

    def confidences(self, text: str) -> dict[str, float]:
        """Return every intent's confidence (0..1) for `text`; empty when it has no words."""
        stems = [stem(self._correct(word)) for word in normalise(text).split()[:MAX_WORDS]]
        if not stems:
            return {}
        known, unseen_norm = self._vector(features(stems))
        relevance = min(1.0, self._nearest(known, unseen_norm) / RELEVANT)
        scores = [
            bias + sum(weights[i] * value for i, value in known)
            for weights, bias in zip(self._weights, self._bias, strict=True)
        ]
        probabilities = _softmax(scores)
        return {
            name: round(relevance * p, 4) for name, p in zip(self.names, probabilities, strict=True)
        }

    def _nearest(self, known: Sparse, unseen_norm: float) -> float:
        """Return the cosine similarity of the text to its closest phrasing."""
        if not known:
            return 0.0
        similarity: dict[int, float] = {}
        for i, value in known:
            for number, other in self._postings[i]:
                similarity[number] = similarity.get(number, 0.0) + value * other
        best = max(similarity.values(), default=0.0)
        return best * math.sqrt(max(0.0, 1.0 - unseen_norm**2))

    def _vector(self, bag: Mapping[str, int]) -> tuple[Sparse, float]:
        """Return the known features as unit-length TF-IDF, and the share of unseen ones.

        Features no phrasing has cannot help the classifier, but they do make the text less
        like any phrasing: the second value is their part of the vector's length.
        """
        known: Sparse = []
        unseen = 0.0
        for feature, count in bag.items():
            i = self._index.get(feature)
            if i is None:
                unseen += (count * self._unseen_idf) ** 2
            else:
                known.append((i, count * self._idf[i]))
        total = math.sqrt(unseen + sum(v * v for _, v in known)) or 1.0
        known_norm = math.sqrt(sum(v * v for _, v in known)) or 1.0
        return [(i, v / known_norm) for i, v in known], math.sqrt(unseen) / total

    def _correct(self, word: str) -> str:
        """Snap a word unknown to the phrasings onto the closest known word, if close enough."""
        if word in self._words or not TYPO_MIN_LEN <= len(word) <= TYPO_MAX_LEN:
            return word
        if not word.isalpha():
            return word
        if word not in self._corrected:
            if len(self._corrected) >= TYPO_CACHE:
                self._corrected.clear()
            # TYPO_CUTOFF allows at most two edits for the longest words: skip the rest.
            near = [
                w for n in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(n, ())
            ]
            found = process.extractOne(
                word,
                near,
                scorer=OSA.normalized_similarity,
                score_cutoff=TYPO_CUTOFF,
            )
            self._corrected[word] = found[0] if found else word
        return self._corrected[word]


def _softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def _train(
    examples: Sequence[Sparse], labels: Sequence[int], classes: int, size: int
) -> tuple[list[list[float]], list[float]]:
    """Fit a softmax regression by stochastic gradient descent (seeded, so repeatable)."""
    weights = [[0.0] * size for _ in range(classes)]
    bias = [0.0] * classes
    order = list(range(len(examples)))
    shuffle = random.Random(SEED).shuffle
    for epoch in range(EPOCHS):
        shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for number in order:
            example = examples[number]
            scores = [
                b + sum(w[i] * value for i, value in example)
                for w, b in zip(weights, bias, strict=True)
            ]
            for label, p in enumerate(_softmax(scores)):
                gradient = p - (label == labels[number])
                if -1e-4 < gradient < 1e-4:
                    continue
                step = rate * gradient
                w = weights[label]
                for i, value in example:
                    w[i] -= step * value
                bias[label] -= step * BIAS_RATE
    return weights, bias
