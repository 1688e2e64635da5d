"""Free-text routing: held-out phrasings reach the right intent or straight answer, off-topic
text stays unknown, and a negation never reaches its opposite.

The phrasings in tests/unit/router/routing_set.yaml (intents), answers_set.yaml (straight
answers) and negations_set.yaml are held out: they must never be copied into
dialogs/intents.yaml or dialogs/answers.yaml, or what is measured here stops meaning anything.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.content.answers import load_answers
from bot.content.intents import INTENTS_FILE
from bot.content.paths import dialogs_dir
from bot.content.routes import ANSWER_PREFIX
from bot.router import INTENT_NAMES, UNKNOWN, IntentsError, Router, load_intents, normalise
from bot.router.cli import route_command

ROUTING_SET = Path(__file__).with_name("routing_set.yaml")
ANSWERS_SET = Path(__file__).with_name("answers_set.yaml")
NEGATIONS_SET = Path(__file__).with_name("negations_set.yaml")
INTENTS = dialogs_dir() / INTENTS_FILE
ANSWERS, _ = load_answers(dialogs_dir(), (), ())
ANSWER_NAMES = tuple(ANSWER_PREFIX + a for a in ANSWERS)

Case = tuple[str, str]


@pytest.fixture(scope="module")
def router() -> Router:
    """The router the coach uses: the shipped intents and straight answers."""
    return Router.from_folder(dialogs_dir())


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    """Every (expected intent, text) pair of the held-out routing set."""
    data = yaml.safe_load(ROUTING_SET.read_text(encoding="utf-8"))
    return [(intent, str(text)) for intent, texts in data.items() for text in texts]


@pytest.fixture(scope="module")
def answer_cases() -> list[Case]:
    """Every ("answer:ID", text) pair of the held-out straight-answer set."""
    data = yaml.safe_load(ANSWERS_SET.read_text(encoding="utf-8"))
    return [(ANSWER_PREFIX + key, str(text)) for key, texts in data.items() for text in texts]


@pytest.fixture(scope="module")
def results(router: Router, cases: list[Case]) -> list[tuple[str, str, str]]:
    """(expected, routed, text) for every case."""
    return [(expected, router.route(text).intent, text) for expected, text in cases]


def _summary(results: list[tuple[str, str, str]]) -> str:
    confusion = Counter((expected, got) for expected, got, _ in results if expected != got)
    lines = [f"  {expected} -> {got}: {n}" for (expected, got), n in confusion.most_common()]
    lines += [
        f"  [{expected} -> {got}] {text}" for expected, got, text in results if expected != got
    ]
    return "\n".join(["misrouted:", *lines])


def _accuracy(results: list[tuple[str, str, str]], intent: str | None = None) -> float:
    chosen = [(e, g) for e, g, _ in results if intent is None or e == intent]
    return sum(e == g for e, g in chosen) / len(chosen)


def test_routing_set_is_big_varied_and_held_out(cases: list[Case]) -> None:
    counts = Counter(intent for intent, _ in cases)
    assert len(cases) >= 170
    assert {*INTENT_NAMES, UNKNOWN} <= set(counts) <= {*INTENT_NAMES, *ANSWER_NAMES, UNKNOWN}
    assert counts[UNKNOWN] >= 15
    trained = {normalise(p) for ps in load_intents(INTENTS).intents.values() for p in ps}
    # Compared after normalising: changing only case, punctuation or emoji is still a copy.
    copied = [text for _, text in cases if normalise(text) in trained]
    assert not copied, f"held-out phrasings copied into {INTENTS}: {copied}"


def test_overall_accuracy(results: list[tuple[str, str, str]]) -> None:
    accuracy = _accuracy(results)
    assert accuracy >= 0.95, f"accuracy {accuracy:.3f}\n{_summary(results)}"


def test_straight_answers_are_found(router: Router, answer_cases: list[Case]) -> None:
    assert {key for key, _ in answer_cases} == set(ANSWER_NAMES)
    results = [(key, router.route(text).intent, text) for key, text in answer_cases]
    accuracy = _accuracy(results)
    assert accuracy >= 0.90, f"accuracy {accuracy:.3f}\n{_summary(results)}"
    # A question about the process is never taken for a command that acts on the user's data.
    acting = {"offer", "rejected", "new_interview", "change_interview", "remind_me"}
    wrong = [(key, got, text) for key, got, text in results if got in acting]
    assert not wrong, _summary(wrong)


def test_answers_held_out_set_is_not_copied(answer_cases: list[Case]) -> None:
    trained = {normalise(p) for a in ANSWERS.values() for p in a.phrasings}
    trained |= {normalise(p) for ps in load_intents(INTENTS).intents.values() for p in ps}
    copied = [text for _, text in answer_cases if normalise(text) in trained]
    assert not copied, f"held-out phrasings copied into the training files: {copied}"


def test_a_negation_never_reaches_its_opposite(router: Router) -> None:
    cases = yaml.safe_load(NEGATIONS_SET.read_text(encoding="utf-8"))
    assert len(cases) >= 20
    opposite = [(c["text"], router.route(c["text"])) for c in cases]
    wrong = [
        f"{text!r} -> {routed.intent} ({routed.confidence:.2f})"
        for (text, routed), case in zip(opposite, cases, strict=True)
        if routed.intent == case["not"]
    ]
    assert not wrong, "\n".join(wrong)


def test_off_topic_stays_unknown(results: list[tuple[str, str, str]]) -> None:
    accuracy = _accuracy(results, UNKNOWN)
    assert accuracy >= 0.80, f"off-topic recognised {accuracy:.3f}\n{_summary(results)}"


@pytest.mark.parametrize("intent", [*INTENT_NAMES, UNKNOWN])
def test_each_intent_accuracy(results: list[tuple[str, str, str]], intent: str) -> None:
    accuracy = _accuracy(results, intent)
    assert accuracy >= 0.75, f"{intent}: {accuracy:.3f}\n{_summary(results)}"


@pytest.mark.parametrize("text", ["", "   ", "🙏", "🎉🎉🎉", "!!! ???", "👍 …"])
def test_empty_or_emoji_only_is_unknown_with_zero_confidence(router: Router, text: str) -> None:
    routed = router.route(text)
    assert (routed.intent, routed.confidence, routed.runner_up) == (UNKNOWN, 0.0, None)


def test_routed_fields_are_sane(router: Router, cases: list[Case]) -> None:
    for _, text in [*cases, ("", "x" * 5000), ("", "interview " * 300)]:
        routed = router.route(text)
        assert routed.intent in {*INTENT_NAMES, *ANSWER_NAMES, UNKNOWN}
        assert 0.0 <= routed.runner_up_confidence <= routed.confidence <= 1.0
        assert routed.runner_up != routed.intent
        assert routed.runner_up is None or routed.runner_up in {*INTENT_NAMES, *ANSWER_NAMES}
        if routed.intent != UNKNOWN:
            assert routed.confidence >= router.threshold


def test_low_confidence_or_a_close_call_gives_unknown(router: Router) -> None:
    """Whatever the text, a routed intent cleared both the threshold and the margin."""
    for text in ["what's the weather", "asdfgh", "tell me a joke", "ok"]:
        routed = router.route(text)
        assert routed.intent == UNKNOWN
        assert routed.runner_up is None or routed.runner_up in {*INTENT_NAMES, *ANSWER_NAMES}


def test_typos_and_case_do_not_matter(router: Router) -> None:
    assert router.route("SHOULD I FOLLOW UP YET").intent == "follow_up"
    assert router.route("shoud i folow up yet").intent == "follow_up"
    assert router.route("Should I follow up yet? 🙏").intent == "follow_up"


def test_routing_is_repeatable() -> None:
    first, second = Router.from_file(INTENTS), Router.from_file(INTENTS)
    text = "they asked for my references, what does that tell me"
    assert first.route(text) == second.route(text)


def _write(tmp_path: Path, data: object) -> Path:
    shipped = yaml.safe_load(INTENTS.read_text(encoding="utf-8"))
    path = tmp_path / "intents.yaml"
    path.write_text(yaml.safe_dump(data if data is not None else shipped), encoding="utf-8")
    return path


def _shipped() -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load(INTENTS.read_text(encoding="utf-8"))
    return data


def _broken(change: str) -> dict[str, object]:
    data = _shipped()
    intents = data["intents"]
    assert isinstance(intents, dict)
    if change == "unknown key":
        data["treshold"] = 0.5
    elif change == "unknown intent":
        intents["salary_talk"] = ["how much do they pay"]
    elif change == "empty list":
        intents["follow_up"] = []
    elif change == "missing intent":
        del intents["help"]
    elif change == "repeated phrasing":
        intents["offer"] = [*intents["offer"], "they turned me down"]
    elif change == "threshold out of range":
        data["threshold"] = 1.5
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown key", "treshold"),
        ("unknown intent", "salary_talk"),
        ("empty list", "follow_up"),
        ("missing intent", "missing intent 'help'"),
        ("repeated phrasing", "'they turned me down' is already listed under"),
        ("threshold out of range", "threshold"),
    ],
)
def test_a_malformed_intents_file_is_refused_naming_the_file(
    tmp_path: Path, change: str, message: str
) -> None:
    path = _write(tmp_path, _broken(change))
    with pytest.raises(IntentsError) as caught:
        Router.from_file(path)
    assert str(path) in str(caught.value)
    assert message in str(caught.value)


def test_a_missing_or_unreadable_intents_file_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(IntentsError, match=re.escape(str(missing))):
        load_intents(missing)
    garbled = tmp_path / "garbled.yaml"
    garbled.write_text("intents: [unclosed\n", encoding="utf-8")
    with pytest.raises(IntentsError, match=re.escape(str(garbled))):
        load_intents(garbled)


def test_the_shipped_file_is_valid() -> None:
    intents = load_intents(INTENTS)
    assert set(intents.intents) == set(INTENT_NAMES)
    assert all(15 <= len(phrasings) <= 50 for phrasings in intents.intents.values())


def test_route_command_prints_intent_confidence_and_runner_up() -> None:
    lines = route_command("should I follow up yet")
    assert len(lines) == 3
    assert lines[0] == "follow_up"
    assert re.fullmatch(r"confidence: [01]\.\d\d", lines[1])
    assert re.fullmatch(r"runner-up: [a-z_:]+ \([01]\.\d\d\)", lines[2])
    assert lines[2].split()[1] != "follow_up"


def test_route_command_on_empty_text_has_no_runner_up() -> None:
    assert route_command("🙏") == ["unknown", "confidence: 0.00", "runner-up: none"]


def test_route_command_reads_the_given_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _broken("unknown intent"))
    with pytest.raises(IntentsError, match=re.escape(str(path))):
        route_command("should I follow up yet", path)
    assert route_command("should I follow up yet", _write(tmp_path, None))[0] == "follow_up"
