"""People as users type them: the interviewers of a round ("Rui Costa (VP Eng), Ana, Tomás")
read as names with roles, and a name to sign notes with. Pure functions, no I/O.

The interviewers are stored as the user typed them; the drafts read them here each time, so
"Dear Rui Costa (VP Eng), Ana, Tomás" becomes "Hi Rui, Ana and Tomás" and a role never
lands in a greeting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_NAME = 40
"""The longest name kept to sign notes with."""

_SEPARATORS = re.compile(r"\s*(?:[,;/|&+\n]|\band\b|\bplus\b)\s*", re.IGNORECASE)
_ENCLOSED = re.compile(r"[(\[{][^)\]}]*[)\]}]")
_BRACKETED = re.compile(r"[(\[{](?P<role>[^)\]}]*)[)\]}]?")
_DASHED = re.compile(r"\s+[-\u2013\u2014:]\s+|\s*:\s+|\s+from\s+", re.IGNORECASE)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame"})
_ROLE_WORDS_TEXT = (
    "ceo cto cfo coo cio cpo cmo vp svp evp avp head director manager mgr lead leader "
    "engineer engineering eng recruiter recruiting recruitment talent hr people partner "
    "founder co-founder cofounder chief president officer analyst designer developer dev "
    "product sales marketing team member senior sr staff principal hiring owner architect "
    "scientist consultant coordinator specialist executive exec ops operations finance data "
    "tech technical panel interviewer someone somebody colleague peer future my boss ceo's "
    "assistant associate intern teammate teammates human resources sourcer of the a an for "
    "in at on to with & - their his her"
)
_ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())
"""Words that describe a role rather than name a person (and the small words between)."""
_UNKNOWN = re.compile(
    r"\b(?:don'?t know|not sure|unknown|no idea|tbd|tba|n/?a|none|nobody|no one|"
    r"not yet|idk|various|several|some people|a few people)\b",
    re.IGNORECASE,
)
_RECRUITER = re.compile(
    r"\b(?:recruit\w*|talent|hr|human resources|people partner|people team|sourcer|"
    r"hiring coordinator)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Person:
    """One interviewer: a name, a role, or both ("Rui Costa", "VP Eng")."""

    name: str | None
    role: str | None = None

    @property
    def first_name(self) -> str | None:
        """Return what to greet them by: "Rui" for "Rui Costa", "Dr Silva" for "Dr Silva"."""
        if self.name is None:
            return None
        words = self.name.split()
        if len(words) > 1 and _bare(words[0]) in _TITLES:
            return self.name if len(words) == 2 else words[1]
        return words[0]

    @property
    def recruiter(self) -> bool:
        """Tell whether they are the recruiter (or HR, talent, people partner)."""
        return bool(_RECRUITER.search(f"{self.role or ''} {self.name or ''}"))


def read_people(text: str | None) -> tuple[Person, ...]:
    """Read the interviewers as typed: names split on commas, "and", "&", slashes or lines;
    a role in brackets, after a dash or "from", or as a comma part after a name ("Rui, CTO").
    Parts that only say the user doesn't know are dropped."""
    if not text:
        return ()
    found: list[Person] = []
    for part in _parts(text):
        if _UNKNOWN.search(part):
            continue
        name, role = _name_and_role(part)
        if name is None and role is None:
            continue
        previous = found[-1] if found else None
        if name is None and previous is not None and previous.role is None and previous.name:
            found[-1] = Person(previous.name, role)  # "Rui Costa, VP Eng"
            continue
        found.append(Person(name, role))
    return tuple(found)


def clean_name(text: str | None) -> str | None:
    """Return a name to sign notes with, tidied (spaces, emoji and symbols dropped), or None
    when nothing like a name is left."""
    if not text:
        return None
    kept = "".join(
        ch if unicodedata.category(ch)[0] in ("L", "M") or ch in " -'.\u2019" else " "
        for ch in text
    )
    name = " ".join(kept.split()).strip(" -'.")
    if not any(unicodedata.category(ch)[0] == "L" for ch in name):
        return None
    return name[:MAX_NAME].strip()


def _parts(text: str) -> list[str]:
    """Split on the separators that lie outside brackets ("VP Sales & Marketing" inside
    brackets stays one role)."""
    masked = _ENCLOSED.sub(lambda m: "_" * len(m.group()), text)  # same length, no separators
    parts, start = [], 0
    for found in _SEPARATORS.finditer(masked):
        parts.append(text[start : found.start()])
        start = found.end()
    parts.append(text[start:])
    return [" ".join(p.split()).strip(" .") for p in parts if p.strip(" .")]


def _name_and_role(part: str) -> tuple[str | None, str | None]:
    """Split one person's part into a name and a role."""
    role: str | None = None
    bracket = _BRACKETED.search(part)
    if bracket:
        role = bracket.group("role").strip() or None
        part = (part[: bracket.start()] + " " + part[bracket.end() :]).strip()
    else:
        dashed = _DASHED.split(part, maxsplit=1)
        if len(dashed) == 2 and _looks_like_name(dashed[0]):
            part, role = dashed[0].strip(), dashed[1].strip() or None
    words = part.split()
    if not words:
        return None, role
    if all(_bare(w) in _ROLE_WORDS for w in words):
        return None, role or part
    if any(_bare(w) in _ROLE_WORDS for w in words):
        name, rest = _name_run(words)
        if name is None:
            return None, role or part
        return name, role or rest
    return _tidy(part), role


def _name_run(words: list[str]) -> tuple[str | None, str | None]:
    """Take the run of capitalised words that are not role words as the name ("Head of Data
    Ana Silva": "Ana Silva"); the other words are the role."""
    best: tuple[int, int] = (0, 0)
    start = None
    for i, word in enumerate([*words, ""]):
        is_name = bool(word) and word[0].isupper() and _bare(word) not in _ROLE_WORDS
        if is_name and start is None:
            start = i
        elif not is_name and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    if best == (0, 0):
        return None, None
    rest = " ".join(words[: best[0]] + words[best[1] :]) or None
    return " ".join(words[best[0] : best[1]]), rest


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and not all(_bare(w) in _ROLE_WORDS for w in words)


def _tidy(name: str) -> str:
    """Capitalise a name typed all in lower case ("rui costa": "Rui Costa")."""
    if name != name.lower():
        return name
    return " ".join(w[:1].upper() + w[1:] for w in name.split())


def _bare(word: str) -> str:
    return word.casefold().strip(".,;:()[]")
