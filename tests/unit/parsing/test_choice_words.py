"""Reading which button a typed answer means: labels, yes/no words and emoji, ranks, lengths."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.paths import dialogs_dir
from bot.content.synonyms import Synonyms, load_synonyms, synonyms
from bot.domain.events import Choice
from bot.parsing.choice_words import loose, meaning_of, plain, read_choice

WORDS = synonyms().by_meaning()
YES_NO = [
    Choice("yes", "Yes", "yes"),
    Choice("no", "No", "no"),
    Choice("unsure", "Not sure", "unsure"),
]
CONFIRM = [Choice("yes", "Yes, that's right", "yes"), Choice("change", "No, change it", "no")]
DELETE = [Choice("yes", "Yes, delete it"), Choice("no", "No, keep it", "no")]
ROUND = [
    Choice("second", "Second round"),
    Choice("third", "Third round"),
    Choice("final", "Final round"),
    Choice("other", "Another stage"),
]
LENGTH = [
    Choice("m45", "45 minutes"),
    Choice("m60", "1 hour"),
    Choice("m90", "90 minutes"),
    Choice("m120", "2 hours"),
]


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("yes", "yes"),
        ("Yeah", "yes"),
        ("yep", "yes"),
        ("yup", "yes"),
        ("sure", "yes"),
        ("of course", "yes"),
        ("Definitely!", "yes"),
        ("y", "yes"),
        ("Yesss!!", "yes"),
        ("yeah 👍", "yes"),
        ("👍", "yes"),
        ("👍🏽", "yes"),
        ("👍👍", "yes"),
        ("✅", "yes"),
        ("nope", "no"),
        ("nah", "no"),
        ("Not really", "no"),
        ("n", "no"),
        ("NO.", "no"),
        ("👎", "no"),
        ("❌", "no"),
        ("idk", "unsure"),
        ("no idea", "unsure"),
        ("dunno", "unsure"),
        ("not sure", "unsure"),
        ("maybe", "unsure"),
        ("can't remember", "unsure"),
        ("I don\u2019t know", "unsure"),
        ("🤷", "unsure"),
        ("🤷\u200d\u2640\ufe0f", "unsure"),  # 🤷‍♀️
        ("🤷🏻\u200d\u2642\ufe0f", "unsure"),  # 🤷🏻‍♂️
    ],
)
def test_yes_no_and_not_sure_in_words_and_emoji(text: str, picked: str) -> None:
    assert read_choice(text, YES_NO, WORDS) == picked


@pytest.mark.parametrize("text", ["hello", "yes no", "👍👎", "", "   ", "?", "the CTO was there"])
def test_what_is_no_answer_or_two_answers_picks_nothing(text: str) -> None:
    assert read_choice(text, YES_NO, WORDS) is None


def test_the_meaning_goes_to_the_choice_tagged_with_it_whatever_its_label() -> None:
    assert read_choice("yep", CONFIRM, WORDS) == "yes"
    assert read_choice("nah", CONFIRM, WORDS) == "change"
    assert read_choice("idk", CONFIRM, WORDS) is None  # no "not sure" here


def test_labels_and_ids_match_without_case_spaces_or_punctuation() -> None:
    assert read_choice("yes thats right", CONFIRM, WORDS) == "yes"
    assert read_choice("  NO,   change it ", CONFIRM, WORDS) == "change"
    assert read_choice("change", CONFIRM, WORDS) == "change"
    assert read_choice("Not sure", YES_NO, WORDS) == "unsure"


@pytest.mark.parametrize("text", ["y", "yeah", "yep", "👍", "✅", "sure", "ok", "yes please"])
def test_a_loose_yes_never_picks_a_destructive_choice(text: str) -> None:
    assert read_choice(text, DELETE, WORDS) is None


@pytest.mark.parametrize("text", ["Yes, delete it", "yes delete it", "yes, delete", "yes"])
def test_deleting_takes_its_label_its_first_words_or_its_id(text: str) -> None:
    assert read_choice(text, DELETE, WORDS) == "yes"


def test_keeping_takes_a_loose_no() -> None:
    assert read_choice("nope", DELETE, WORDS) == "no"
    assert read_choice("👎", DELETE, WORDS) == "no"


def test_one_word_of_a_label_is_not_enough_to_pick_it() -> None:
    assert read_choice("no", [Choice("keep", "No, keep it")], WORDS) is None
    assert read_choice("No keep", [Choice("keep", "No, keep it")], WORDS) == "keep"


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("2nd round", "second"),
        ("second", "second"),
        ("round 2", "second"),
        ("2nd", "second"),
        ("it's the second one", "second"),
        ("3rd", "third"),
        ("third round", "third"),
        ("final", "final"),
        ("the last round", "final"),
        ("1st round", None),  # no such button
        ("round", None),  # every label has it
    ],
)
def test_ranks_pick_the_round(text: str, picked: str | None) -> None:
    assert read_choice(text, ROUND, WORDS) == picked


def test_a_rank_inside_a_label_is_no_rank_of_it() -> None:
    # An interview listed with its date: a typed "1" is not that label's rank.
    listed = [Choice("i1", "Acme – Analyst, Tue 1 Dec"), Choice("i2", "Globex – Analyst")]
    assert read_choice("1", listed, WORDS) is None


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("1 hour", "m60"),
        ("an hour", "m60"),
        ("about an hour i think", "m60"),
        ("60 min", "m60"),
        ("an hour or so", "m60"),
        ("an hour and a half", "m90"),
        ("1.5h", "m90"),
        ("45ish minutes", "m45"),
        ("2", "m120"),
        ("3 hours", None),  # no button: typed, it is read as an answer of its own
    ],
)
def test_a_length_picks_the_button_of_that_length(text: str, picked: str | None) -> None:
    assert read_choice(text, LENGTH, WORDS) == picked


def test_normalising_drops_case_punctuation_apostrophes_and_emoji_modifiers() -> None:
    assert plain("  Don\u2019t   KNOW!! ") == "dont know"
    assert plain("🤷\u200d\u2640\ufe0f") == "🤷"
    assert loose("Yesss") == "yes"
    assert loose("👍👍👍") == "👍"


def test_meaning_of_words_alone() -> None:
    assert meaning_of("Nope!", WORDS) == "no"
    assert meaning_of("nope yes", WORDS) is None
    assert meaning_of("the CEO", WORDS) is None


# the synonyms file


def test_every_shipped_word_reads_as_its_own_meaning() -> None:
    for meaning, words in WORDS.items():
        for word in words:
            assert loose(word), word
            assert meaning_of(word, WORDS) == meaning, word


def test_the_shipped_synonyms_file_has_no_problems() -> None:
    found, problems = load_synonyms(dialogs_dir())
    assert isinstance(found, Synonyms)
    assert problems == []


def test_a_word_under_two_meanings_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "synonyms.yaml").write_text(
        '"yes": [yep, sure]\n"no": [nope, Sure]\nunsure: [idk]\n', encoding="utf-8"
    )
    found, problems = load_synonyms(tmp_path)
    assert found is not None
    assert ["'Sure' is under both 'yes' and 'no'" in str(p) for p in problems] == [True]


def test_unquoted_yes_and_no_keys_are_a_problem_that_says_so(tmp_path: Path) -> None:
    (tmp_path / "synonyms.yaml").write_text(
        "yes: [yep]\nno: [nope]\nunsure: [idk]\n", encoding="utf-8"
    )
    found, problems = load_synonyms(tmp_path)
    assert found is None
    assert problems and all('quote the keys "yes" and "no"' in str(p) for p in problems)


def test_a_missing_synonyms_file_is_a_problem(tmp_path: Path) -> None:
    found, problems = load_synonyms(tmp_path)
    assert found is None
    assert "the synonyms file is missing" in str(problems[0])
