"""The checks a STAR story passes before it counts: a concrete action told with "I", and a
result someone could measure. Pure functions over the words typed; no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
DIGIT = re.compile(r"\d")
MONEY_OR_SHARE = re.compile(r"[%$€£¥₹]")


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMBER_WORDS = _set(
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty hundred thousand million billion dozen half double doubled twice triple "
    "tripled halved quadrupled percent"
)
"""Words that put a quantity on a result without a digit ("doubled", "half the time")."""
MINE = _set("i i'm i've i'd i'll me my myself")
OURS = _set("we we're we've we'd we'll us our ours ourselves team")
VAGUE_VERBS = _set(
    "be is was were been am are go went gone goes do did done does get got happen happened "
    "work worked try tried handle handled help helped manage managed deal dealt"
)
"""Verbs that say something happened without saying what was done ("it went ok")."""
ACTION_VERBS = _set(
    "build built write wrote written lead led run ran make made set find found teach taught "
    "sell sold speak spoke meet met bring brought buy bought cut choose chose draw drew give "
    "gave hold held keep kept send sent spend spent take took think thought win won rebuild "
    "rebuilt rewrite rewrote split "
    "fix test plan ask call talk design create propose negotiate analyse analyze review "
    "automate migrate train coach hire launch ship present organise organize measure reduce "
    "draft map interview prioritise prioritize merge escalate document prototype mentor "
    "persuade convince pitch pair refactor debug investigate research compare replace "
    "introduce schedule track report email visit survey sketch simplify streamline "
    "delegate recruit onboard deploy"
)
MIN_ACTION_WORDS = 3


class Problem(StrEnum):
    """What keeps a story from counting; each has its own "improve it" question."""

    NO_NUMBER = "no_number"
    """The result has no number, share, sum of money or time in it."""
    ONLY_WE = "only_we"
    """The action says "we" and never "I": the interviewer cannot tell what you did."""
    VAGUE_ACTION = "vague_action"
    """The action names no concrete step ("it went ok", "did it")."""


PART_OF = {
    Problem.NO_NUMBER: "result",
    Problem.ONLY_WE: "action",
    Problem.VAGUE_ACTION: "action",
}
"""The part of the story each problem is in (the one to improve)."""


def words(text: str) -> list[str]:
    """Return the lower-case words of a text (apostrophes kept: "i've")."""
    return WORD.findall(text.lower().replace("\u2019", "'"))


def measurable(result: str) -> bool:
    """Tell whether a result puts a number on what changed (digits, %, money, number words)."""
    if DIGIT.search(result) or MONEY_OR_SHARE.search(result):
        return True
    return any(word in NUMBER_WORDS for word in words(result))


def only_we(action: str) -> bool:
    """Tell whether an action speaks of "we" (or the team) and never of "I"."""
    found = set(words(action))
    return bool(found & OURS) and not found & MINE


def concrete(action: str) -> bool:
    """Tell whether an action names a real step: a few words and a verb that does something
    (a known action verb, or one in the past tense that is not a vague "went", "did")."""
    found = words(action)
    if len(found) < MIN_ACTION_WORDS:
        return False
    return any(
        word in ACTION_VERBS or (word.endswith("ed") and len(word) > 4 and word not in VAGUE_VERBS)
        for word in found
    )


def problems(parts: Mapping[str, str]) -> list[Problem]:
    """Return what keeps a story from counting, in the order to fix it (the action first)."""
    action, result = parts.get("action", ""), parts.get("result", "")
    found: list[Problem] = []
    if only_we(action):
        found.append(Problem.ONLY_WE)
    if not concrete(action):
        found.append(Problem.VAGUE_ACTION)
    if not measurable(result):
        found.append(Problem.NO_NUMBER)
    return found
