"""The discussion point of a debrief, read as the end of "I enjoyed our conversation about …".

People answer "Finish the sentence" with the ending ("the ledger migration", "how they're
splitting their ledger"), and sometimes with a whole sentence anyway ("it went well… Rui asked
a lot about the ledger migration"). `topic_of` gives the words that finish the sentence in a
note to the interviewers: the topic taken out of such a sentence, and "they/their" turned to
"you/your" (the note speaks to them); None when no topic can be read, and then the note must
not carry the user's words at all (the coach quotes them back instead).
"""

from __future__ import annotations

import re

MAX_TOPIC = 140
"""Longer than this, it is a paragraph, not the end of a sentence."""

_LEAD_INS = re.compile(
    r"^(?:i (?:really |especially |most )?(?:enjoyed|liked|loved)(?: our| the)?"
    r"(?: (?:conversation|discussion|chat|talk))?(?: (?:about|on|around|regarding))?|"
    r"(?:our|the) (?:conversation|discussion|chat|talk) (?:about|on|around|regarding)|"
    r"(?:we )?(?:talked|spoke|chatted) (?:a lot |mostly |mainly )?(?:about|on)|"
    r"(?:we )?discussed|talking about|discussing|about|re|regarding)\b[\s:,\-]*",
    re.IGNORECASE,
)
_CLAUSES = re.compile(
    r"\s*(?:\u2026|\.{2,}|[.!?;]\s+|[.!?;]$|\s[-\u2013\u2014]\s|\n|, but\b|, so\b)\s*"
)
_ABOUT = re.compile(
    r"\b(?:asked|talked|spoke|chatted|discussed|told me|explained|went into|dug into|"
    r"questions?|conversation|discussion|chat|talk|focus(?:ed)?|interested|curious|keen)"
    r"(?: (?:me|us|a lot|lots|loads|mostly|mainly|in depth|in detail|a bit|quite a bit|"
    r"many questions|a few questions|some questions))*"
    r" (?:about|on|around|regarding|into)\s+(?P<topic>.+)$",
    re.IGNORECASE,
)
_MOOD = re.compile(
    r"\b(?:went|go|goes|going|felt|feel|feels|was|seemed|think|thought)\b.*\b(?:well|good|great|"
    r"ok|okay|fine|badly|bad|alright|awful|terrible|amazing|nervous|positive)\b|"
    r"^(?:good|great|fine|ok|okay|not bad|alright|so-so)\b",
    re.IGNORECASE,
)
_SUBJECTS_TEXT = "i i'm i've i'd we we're they they're he she it it's you there that this"
_SUBJECTS = frozenset(_SUBJECTS_TEXT.split())
"""Words a whole sentence starts with (it has its own subject): not the end of ours."""
_FRAGMENT_STARTS_TEXT = (
    "the a an how why what whether when where which who their your our my its these those "
    "some ways plans"
)
_FRAGMENT_STARTS = frozenset(_FRAGMENT_STARTS_TEXT.split())
_YOU = {
    "they": "you",
    "they're": "you're",
    "they've": "you've",
    "they'll": "you'll",
    "they'd": "you'd",
    "their": "your",
    "theirs": "yours",
    "them": "you",
    "themselves": "yourselves",
}
_PRONOUNS = re.compile(r"\b(?:" + "|".join(sorted(_YOU, key=len, reverse=True)) + r")\b", re.I)
_VERBISH = re.compile(r"^\S+ (?:\S+ed|is|was|were|are|has|had|said|told|asked|wants|liked)\b")


def topic_of(text: str | None, *, to_them: bool = True) -> str | None:
    """Return the words that finish "our conversation about …" in a note, or None.

    `to_them`: the words speak to the interviewers ("their ledger" becomes "your ledger"), as
    a note to them does; without it they stay as the user put them (the coach's own text)."""
    if not text:
        return None
    cleaned = " ".join(text.replace("\u2019", "'").split())
    candidates = []
    for clause in _CLAUSES.split(cleaned):
        clause = clause.strip(" ,.:;!?\"'")
        if not clause or _MOOD.search(clause):
            continue
        candidates.append(clause)
    for clause in candidates:
        topic = _topic_in(clause)
        if topic is not None:
            return _for_them(topic) if to_them else topic
    return None


def _topic_in(clause: str) -> str | None:
    """The topic one clause names, or None when it is a sentence of its own."""
    trimmed = _LEAD_INS.sub("", clause, count=1).strip(" ,.:;!?\"'")
    if trimmed != clause:
        return _fits(trimmed)
    about = _ABOUT.search(clause)
    if about:
        return _fits(about.group("topic"))
    first = clause.split(" ", 1)[0].casefold()
    if first in _SUBJECTS or _VERBISH.match(clause):
        return None
    return _fits(clause)


def _fits(topic: str) -> str | None:
    """The topic if it can end a sentence: some words, not too long, not a sentence."""
    topic = topic.strip(" ,.:;!?\"'")
    if not any(ch.isalnum() for ch in topic) or len(topic) > MAX_TOPIC:
        return None
    first, _, rest = topic.partition(" ")
    if first.casefold() in _SUBJECTS:
        return None
    if first.casefold() in _FRAGMENT_STARTS and first == first.capitalize():
        topic = f"{first.lower()} {rest}".strip()
    return topic


def _for_them(topic: str) -> str:
    """Speak to the interviewers: "how they're splitting their ledger" reads "how you're
    splitting your ledger" in a note to them."""
    return _PRONOUNS.sub(lambda m: _YOU[m.group().casefold()], topic)
