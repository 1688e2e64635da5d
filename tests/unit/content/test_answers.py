"""Straight answers (dialogs/answers.yaml, templates/answers/): they load, read well and are
honest; a broken answers file is reported problem by problem, with the line where it can be."""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.content.answers import ANSWERS_FILE, Answer, load_answers, phrasing_key
from bot.content.commands import COMMANDS_FILE
from bot.content.intents import INTENT_NAMES, INTENTS_FILE
from bot.content.paths import dialogs_dir, templates_dir
from bot.content.templates import Renderer
from bot.domain.records import Interview, User
from bot.router import normalise

ROUTER_TESTS = Path(__file__).parents[1] / "router"
ANSWERS_SET = ROUTER_TESTS / "answers_set.yaml"
NEGATIONS_SET = ROUTER_TESTS / "negations_set.yaml"
ROUTING_SET = ROUTER_TESTS / "routing_set.yaml"

WHEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
USER = User("42", "Europe/Lisbon", {}, True, WHEN)
INTERVIEW = Interview(42, "42", "<b>Acme & Co</b>", "Analyst", "second", "open", WHEN)
TELEGRAM_TAGS = {"b", "i", "u", "s", "code", "pre", "a"}
# Honest: signs, never a probability, a rank or a promise.
NOT_HONEST = re.compile(
    r"\d+ ?%|percent|probab|chance|odds|likel(y|ihood)|guaranteed|you will get|you'll get"
    r"|top candidate|rank",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(r"\{\{|\{%|\[your|\[name|\bTODO\b|XXX", re.IGNORECASE)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    """The shipped templates and labels."""
    return Renderer(templates_dir())


@pytest.fixture(scope="module")
def commands() -> set[str]:
    """The command names of the shipped dialogs/commands.yaml."""
    data = yaml.safe_load((dialogs_dir() / COMMANDS_FILE).read_text(encoding="utf-8"))
    return set(data["commands"])


@pytest.fixture(scope="module")
def shipped(renderer: Renderer, commands: set[str]) -> dict[str, Answer]:
    """The shipped answers; loading them must report nothing."""
    answers, problems = load_answers(dialogs_dir(), commands, renderer.label_keys())
    assert [str(p) for p in problems] == []
    return answers


def _sentences(html: str) -> list[str]:
    text = re.sub(r"<[^>]+>", "", html)
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def test_the_shipped_answers_cover_enough_questions_and_feelings(
    shipped: dict[str, Answer],
) -> None:
    kinds = [answer.kind for answer in shipped.values()]
    assert kinds.count("question") >= 30
    assert kinds.count("feeling") >= 5
    thin = [a.id for a in shipped.values() if len(a.phrasings) < 5]
    assert thin == []


def test_every_answer_offers_a_known_command_with_a_label(
    shipped: dict[str, Answer], commands: set[str], renderer: Renderer
) -> None:
    # One button after each answer: a real command, labelled in plain words.
    for answer in shipped.values():
        assert answer.action in commands, answer.id
        assert answer.label is not None
        assert renderer.label(answer.label).strip(), answer.id
    assert shipped["start_dates"].action == "signals"
    assert shipped["start_dates"].template == "answers/start_dates.j2"
    assert shipped["nervous"].kind == "feeling"


@pytest.mark.parametrize("after", [False, True], ids=["before", "after the interview"])
@pytest.mark.parametrize("interview", [None, INTERVIEW], ids=["no interview", "interview"])
def test_every_answer_renders_short_plain_and_honest(
    shipped: dict[str, Answer], renderer: Renderer, interview: Interview | None, after: bool
) -> None:
    for answer in shipped.values():
        text = renderer.render(answer.template, user=USER, interview=interview, after=after)
        where = f"{answer.template}: {text}"
        assert PLACEHOLDER.search(text) is None, where
        assert NOT_HONEST.search(text) is None, where
        assert 2 <= len(_sentences(text)) <= 6, where
        assert len(text) < 700, where
        assert set(re.findall(r"</?([a-z]+)", text)) <= TELEGRAM_TAGS, where
        # The company's name is the user's text: escaped, never markup.
        assert "<b>Acme" not in text, where


def test_an_answer_names_the_company_when_it_knows_it(
    shipped: dict[str, Answer], renderer: Renderer
) -> None:
    template = shipped["start_dates"].template
    with_company = renderer.render(template, user=USER, interview=INTERVIEW, after=False)
    without = renderer.render(template, user=USER, interview=None, after=False)
    assert "<b>&lt;b&gt;Acme &amp; Co&lt;/b&gt;</b>" in with_company
    assert "Acme" not in without
    assert "the company" in without


def test_the_templates_folder_holds_no_answer_the_file_lacks(
    shipped: dict[str, Answer], renderer: Renderer
) -> None:
    on_disk = {n for n in renderer.list_templates() if n.startswith("answers/")}
    assert on_disk == {answer.template for answer in shipped.values()}


def test_phrasings_compare_without_case_punctuation_or_spacing() -> None:
    assert phrasing_key("Should I  follow-up, yet?") == phrasing_key("should i follow up yet")
    assert phrasing_key("i'm nervous") != phrasing_key("i'm excited")


# --- The held-out router sets (tests/unit/router/) ------------------------------------------


def _trained(shipped: dict[str, Answer]) -> set[str]:
    intents = yaml.safe_load((dialogs_dir() / INTENTS_FILE).read_text(encoding="utf-8"))
    phrasings = [p for ps in intents["intents"].values() for p in ps]
    phrasings += [p for answer in shipped.values() for p in answer.phrasings]
    return {normalise(p) for p in phrasings}


def test_the_answers_held_out_set_has_two_new_phrasings_per_answer(
    shipped: dict[str, Answer],
) -> None:
    held = yaml.safe_load(ANSWERS_SET.read_text(encoding="utf-8"))
    assert set(held) == set(shipped)
    assert all(len(texts) == 2 for texts in held.values())
    texts = [str(t) for ts in held.values() for t in ts]
    assert len({normalise(t) for t in texts}) == len(texts)
    copied = [t for t in texts if normalise(t) in _trained(shipped)]
    assert copied == []


def test_the_negations_set_names_real_intents_and_is_held_out(
    shipped: dict[str, Answer],
) -> None:
    cases = yaml.safe_load(NEGATIONS_SET.read_text(encoding="utf-8"))
    assert len(cases) >= 25
    assert all(set(case) == {"text", "not"} for case in cases)
    assert {case["not"] for case in cases} <= set(INTENT_NAMES)
    assert {"offer", "rejected"} <= {case["not"] for case in cases}
    copied = [c["text"] for c in cases if normalise(c["text"]) in _trained(shipped)]
    assert copied == []


def test_no_answer_phrasing_is_copied_from_the_routing_set(shipped: dict[str, Answer]) -> None:
    held = yaml.safe_load(ROUTING_SET.read_text(encoding="utf-8"))
    held_out = {normalise(str(t)) for texts in held.values() for t in texts}
    copied = [p for a in shipped.values() for p in a.phrasings if normalise(p) in held_out]
    assert copied == []


# --- A broken file --------------------------------------------------------------------------

GOOD_PHRASINGS = [f"what does sign number {n} mean" for n in range(5)]


def _folder(tmp_path: Path, answers: object, templates: Sequence[str] = ()) -> Path:
    dialogs = tmp_path / "dialogs"
    dialogs.mkdir()
    shutil.copy(dialogs_dir() / INTENTS_FILE, dialogs / INTENTS_FILE)
    text = answers if isinstance(answers, str) else yaml.safe_dump(answers, sort_keys=False)
    (dialogs / ANSWERS_FILE).write_text(text, encoding="utf-8")
    (tmp_path / "templates" / "answers").mkdir(parents=True)
    for name in templates:
        (tmp_path / "templates" / "answers" / f"{name}.j2").write_text("Hi. There.\n")
    return dialogs


def _messages(folder: Path) -> list[str]:
    _, problems = load_answers(folder, {"signals", "prep"}, {"check_signals"})
    return [p.message for p in problems]


def test_a_good_file_in_another_folder_loads(tmp_path: Path) -> None:
    entry = {"kind": "question", "phrasings": GOOD_PHRASINGS, "action": "signals"}
    folder = _folder(tmp_path, {"answers": {"sign": {**entry, "label": "check_signals"}}}, ["sign"])
    answers, problems = load_answers(folder, {"signals"}, {"check_signals"})
    assert problems == []
    assert answers["sign"] == Answer(
        id="sign",
        kind="question",
        phrasings=tuple(GOOD_PHRASINGS),
        action="signals",
        label="check_signals",
    )


def test_unknown_names_missing_templates_and_repeats_are_each_reported(tmp_path: Path) -> None:
    data = {
        "answers": {
            "typo": {
                "kind": "question",
                "phrasings": GOOD_PHRASINGS,
                "action": "signalz",
                "label": "check_signalz",
            },
            "again": {
                "kind": "feeling",
                # One repeats an answer above (case and punctuation aside), one an intent.
                "phrasings": [
                    "WHAT DOES SIGN NUMBER 0 MEAN?",
                    "should I follow up yet",
                    "i feel a",
                    "i feel b",
                    "i feel c",
                ],
            },
        }
    }
    messages = _messages(_folder(tmp_path, data, ["typo"]))
    assert "answer 'typo': unknown command '/signalz'" in messages
    assert "answer 'typo': unknown label 'check_signalz'" in messages
    assert "answer 'again': missing template 'answers/again.j2'" in messages
    assert (
        "answer 'again': 'WHAT DOES SIGN NUMBER 0 MEAN?' is already listed under answer 'typo'"
        in messages
    )
    assert (
        "answer 'again': 'should I follow up yet' is already listed under"
        " intent 'follow_up' in intents.yaml" in messages
    )
    assert len(messages) == 5


def test_problems_name_the_line(tmp_path: Path) -> None:
    text = (
        "answers:\n"
        "  sign:\n"
        "    kind: question\n"
        "    phrasings: [a b c, d e f, g h i, j k l, m n o]\n"
        "    action: nope\n"
        "    label: check_signals\n"
    )
    folder = _folder(tmp_path, text, ["sign"])
    _, problems = load_answers(folder, {"signals"}, {"check_signals"})
    assert [(p.line, p.message) for p in problems] == [
        (5, "answer 'sign': unknown command '/nope'")
    ]
    assert str(problems[0]).startswith(f"{folder / ANSWERS_FILE}:5:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("answers:\n  a: [", "not valid YAML"),
        ("", "the file is empty"),
        ("answers:\n  Bad-Id:\n    kind: question\n    phrasings: [a]\n", "Bad-Id"),
        (
            "answers:\n  few:\n    kind: question\n    phrasings: [one a, two b]\n",
            "answers.few.phrasings: List should have at least 5 items",
        ),
        (
            "answers:\n  odd:\n    kind: mood\n    phrasings: [a a, b b, c c, d d, e e]\n",
            "answers.odd.kind",
        ),
        (
            "answers:\n  half:\n    kind: question\n    phrasings: [a a, b b, c c, d d, e e]\n"
            "    action: signals\n",
            "give 'action' and 'label' together, or neither",
        ),
        (
            "answers:\n  extra:\n    kind: question\n    phrasings: [a a, b b, c c, d d, e e]\n"
            "    colour: red\n",
            "answers.extra.colour: unknown key",
        ),
        (
            "answers:\n  twice:\n    kind: question\n    phrasings: [a a, b b, c c, d d, e e]\n"
            "  twice:\n    kind: feeling\n    phrasings: [a a, b b, c c, d d, e e]\n",
            "'twice' is given twice; keys must be unique",
        ),
    ],
    ids=["yaml", "empty", "id", "few phrasings", "kind", "action without label", "key", "dupe"],
)
def test_a_malformed_file_is_reported_clearly(tmp_path: Path, text: str, expected: str) -> None:
    messages = _messages(_folder(tmp_path, text, ["twice", "few", "odd", "half", "extra"]))
    assert any(expected in m for m in messages), messages


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    answers, problems = load_answers(tmp_path, {"signals"}, set())
    assert answers == {}
    assert [p.message for p in problems] == ["the answers file is missing"]
