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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.answers import Answer, load_answers
from bot.content.intents import INTENTS_FILE, UNKNOWN, Intents, load_intents
from bot.content.routes import ANSWER_PREFIX

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
LEARNING_RATE = 4.0
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


NEGATED = "n!"
"""Marks a stem said under a negation: "no offer" has `n!offer`, never `offer`."""
NEGATIONS = frozenset({"no", "not", "never", "nothing", "none", "nobody", "without", "nor"})
NEGATION_SCOPE = 3
"""How many words after "no"/"not" a negation reaches."""
SCOPE_ENDS = frozenset({"but", "just", "only", "and", "so", "because", "they", "i", "we", "yet"})
"""Words that start a new thought: "not rejected, just waiting" negates only "rejected"."""


def mark_negations(stems: Sequence[str]) -> list[str]:
    """Mark the stems a negation reaches, so "no offer" and "offer" are different evidence
    (the classic negation scope of sentiment analysis; the words themselves stay unmarked)."""
    marked: list[str] = []
    reach = 0
    for s in stems:
        if s in NEGATIONS and not reach:
            marked.append(s)
            reach = NEGATION_SCOPE
        elif reach and s not in SCOPE_ENDS:
            marked.append(NEGATED + s)
            reach -= 1
        else:
            marked.append(s)
            reach = 0
    return marked


def features(stems: Sequence[str]) -> Counter[str]:
    """Return the features of a text: its stems, stem pairs and character 3/4-grams (those of
    a negated stem marked too)."""
    found: Counter[str] = Counter(f"w:{s}" for s in stems)
    found.update(f"b:{a}_{b}" for a, b in pairwise(stems))
    for s in stems:
        mark = NEGATED if s.startswith(NEGATED) else ""
        padded = f" {s.removeprefix(NEGATED)} "
        for size in (3, 4):
            found.update(mark + padded[i : i + size] for i in range(max(1, len(padded) - size + 1)))
    return found


@dataclass(frozen=True)
class Routed:
    """Where a text was routed: the intent, its confidence and the runner-up."""

    intent: str
    confidence: float
    runner_up: str | None
    runner_up_confidence: float


Sparse = list[tuple[int, float]]
FloatArray = npt.NDArray[np.float64]


class Router:
    """Choose an intent for free text, or `unknown` when no intent is clearly meant.

    `extra` adds classes beyond the intents file, trained in the same model so that the best
    of all wins: the straight answers of dialogs/answers.yaml ("answer:start_dates").
    """

    def __init__(self, intents: Intents, extra: Mapping[str, Sequence[str]] | None = None) -> None:
        self.threshold = intents.threshold
        self.margin = intents.margin
        self._negated = {
            name: {NEGATED + stem(w) for p in guard.negated for w in normalise(p).split()}
            for name, guard in intents.guards.items()
        }
        self._undone = {
            name: [f" {normalise(p)} " for p in guard.undone_by]
            for name, guard in intents.guards.items()
        }
        classes: dict[str, Sequence[str]] = {str(k): v for k, v in intents.intents.items()}
        classes.update(extra or {})
        self.names: tuple[str, ...] = tuple(classes)
        self._words: set[str] = set()
        labels: list[int] = []
        bags: list[Counter[str]] = []
        for label, phrasings in enumerate(classes.values()):
            for phrasing in phrasings:
                words = normalise(phrasing).split()
                self._words.update(words)
                labels.append(label)
                bags.append(features(mark_negations([stem(w) for w in words])))
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
    def from_file(cls, path: Path, extra: Mapping[str, Sequence[str]] | None = None) -> Router:
        """Build a router from an intents file (raises IntentsError naming the file)."""
        return cls(load_intents(path), extra)

    @classmethod
    def from_folder(cls, folder: Path) -> Router:
        """Build the router the coach uses: the intents of intents.yaml and the straight
        answers of answers.yaml, as "answer:ID" (the answers file is checked elsewhere, by
        `interview-coach check`; here only its phrasings count)."""
        answers, _ = load_answers(folder, (), ())
        return cls.from_file(folder / INTENTS_FILE, answer_classes(answers.values()))

    def route(self, text: str) -> Routed:
        """Return the intent `text` most likely means, or `unknown` when unsure. An intent its
        guard rules out ("no offer :(" is no offer) is never chosen."""
        ruled_out = self.ruled_out(text)
        ranked = sorted(
            ((name, c) for name, c in self.confidences(text).items() if name not in ruled_out),
            key=lambda item: item[1],
            reverse=True,
        )
        if not ranked or ranked[0][1] <= 0:
            return Routed(UNKNOWN, 0.0, None, 0.0)
        (best, confidence), (second, second_confidence) = ranked[0], ranked[1]
        if confidence < self.threshold or confidence - second_confidence < self.margin:
            return Routed(UNKNOWN, confidence, best, confidence)
        return Routed(best, confidence, second, second_confidence)

    def ruled_out(self, text: str) -> set[str]:
        """Return the intents the text's own words rule out (intents.yaml `guards`)."""
        words = normalise(text).split()[:MAX_WORDS]
        stems = set(mark_negations([stem(self._correct(word)) for word in words]))
        padded = f" {' '.join(words)} "
        return {
            name
            for name in self._negated.keys() | self._undone.keys()
            if stems & self._negated.get(name, set())
            or any(phrase in padded for phrase in self._undone.get(name, ()))
        }

    def confidences(self, text: str) -> dict[str, float]:
        """Return every intent's confidence (0..1) for `text`; empty when it has no words."""
        words = normalise(text).split()[:MAX_WORDS]
        stems = mark_negations([stem(self._correct(word)) for word in words])
        if not stems:
            return {}
        known, unseen_norm = self._vector(features(stems))
        relevance = min(1.0, self._nearest(known, unseen_norm) / RELEVANT)
        if known:
            rows = np.fromiter((i for i, _ in known), dtype=np.intp, count=len(known))
            values = np.fromiter((v for _, v in known), dtype=np.float64, count=len(known))
            scores = self._bias + values @ self._weights[rows]
        else:
            scores = self._bias.copy()
        probabilities = _softmax(scores)
        return {
            name: round(relevance * float(p), 4)
            for name, p in zip(self.names, probabilities, strict=True)
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


def answer_classes(answers: Iterable[Answer]) -> dict[str, Sequence[str]]:
    """Return the straight answers as router classes: "answer:ID" and its phrasings."""
    return {ANSWER_PREFIX + a.id: a.phrasings for a in answers}


def _softmax(scores: FloatArray) -> FloatArray:
    exps = np.exp(scores - scores.max())
    result: FloatArray = exps / exps.sum()
    return result


def _train(
    examples: Sequence[Sparse], labels: Sequence[int], classes: int, size: int
) -> tuple[FloatArray, FloatArray]:
    """Fit a softmax regression by stochastic gradient descent (seeded, so repeatable).

    Weights are a features x intents matrix; each step touches only the rows of the
    example's features (numpy does the arithmetic, so hundreds of classes train in a second).
    """
    weights = np.zeros((size, classes))
    bias = np.zeros(classes)
    sparse = [
        (
            np.fromiter((i for i, _ in example), dtype=np.intp, count=len(example)),
            np.fromiter((v for _, v in example), dtype=np.float64, count=len(example)),
        )
        for example in examples
    ]
    targets = np.eye(classes)[list(labels)]
    order = list(range(len(examples)))
    shuffle = random.Random(SEED).shuffle
    for epoch in range(EPOCHS):
        shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.2)
        for number in order:
            rows, values = sparse[number]
            gradient = _softmax(bias + values @ weights[rows]) - targets[number]
            gradient[np.abs(gradient) < 1e-4] = 0.0
            weights[rows] -= rate * np.outer(values, gradient)
            bias -= rate * BIAS_RATE * gradient
    return weights, bias
