"""The dialog engine over the shipped dialogs: sessions, picking an interview, Back, refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import Content, build_coach
from bot.clock import FrozenClock
from bot.content.dialog_models import FINISH
from bot.features.common import interview_choice_id
from bot.flow.engine import Engine, Finished, Moved, Refused, Session
from bot.flow.validators import VALIDATORS, InputContext, Invalid
from bot.store import Store

ALICE = "test:alice"
BOB = "test:bob"
CTX = InputContext(now=datetime(2026, 11, 25, 14, 0, tzinfo=UTC), zone=ZoneInfo("Europe/Berlin"))


@pytest.fixture
def engine(fresh_db: Store, content: Content, clock: FrozenClock) -> Engine:
    """An engine over the shipped dialogs, with Alice and Bob known to the store."""
    fresh_db.ensure_user(ALICE, clock.now())
    fresh_db.ensure_user(BOB, clock.now())
    return Engine(
        content.dialogs, VALIDATORS, build_coach(fresh_db, clock, content).engine.providers
    )


def _moved(result: Moved | Finished | Refused) -> Session:
    assert isinstance(result, Moved), result
    return result.session


def _waiting(result: Moved | Finished) -> Session:
    assert isinstance(result, Moved), result
    result = result.session
    assert isinstance(result, Session), result
    return result


def _signal_states(engine: Engine) -> list[str]:
    """Return the choice states of the signal check, in the order the dialog asks them."""
    dialog = engine.dialog("signals")
    order: list[str] = []
    state = "met_executives"
    while state != FINISH:
        order.append(state)
        nxt = dialog.states[state].next
        assert nxt is not None
        state = nxt
    return order


# Session as JSON


def test_session_survives_a_json_round_trip() -> None:
    session = Session(
        dialog="signals",
        state="met_executives",
        answers={"interview": "new", "company": "Zürich <b>&Co</b>", "role": "Analyst"},
        history=[("pick_interview", True), ("company", False), ("role", False)],
    )
    data = json.loads(json.dumps(session.to_json()))
    assert data["state"] == "signals:met_executives"
    assert data["history"] == [
        ["signals:pick_interview", True],
        ["signals:company", False],
        ["signals:role", False],
    ]
    assert data["v"] == 1

    back = Session.from_json(data)
    assert back == session
    assert back.qualified_state == "signals:met_executives"


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"answers": {}},
        {"state": ""},
        {"state": "signals"},
        {"state": "signals:"},
        {"state": ":met_team"},
        {"state": "signals:met_team", "history": [["signals:company"]]},
        {"state": "signals:met_team", "history": 5},
        {"state": "signals:met_team", "answers": ["x"]},
    ],
)
def test_malformed_session_raises_value_error(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="malformed"):
        Session.from_json(data)


@pytest.mark.parametrize("raw", ['["signals:met_team"]', '"signals:met_team"', "null", "3"])
def test_session_from_json_that_is_not_an_object_raises_value_error(raw: str) -> None:
    with pytest.raises(ValueError, match="malformed"):
        Session.from_json(json.loads(raw))


def test_session_round_trips_through_the_store(
    engine: Engine, fresh_db: Store, clock: FrozenClock
) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    session = _moved(engine.type_text(session, ALICE, "Acme", CTX))
    fresh_db.save_dialog_state(ALICE, session.to_json(), clock.now())
    loaded = fresh_db.load_dialog_state(ALICE)
    assert loaded is not None
    restored = Session.from_json(loaded)
    assert restored == session
    assert engine.knows(restored)


def test_knows_refuses_a_vanished_dialog_or_state(engine: Engine) -> None:
    assert engine.knows(Session("signals", "met_team"))
    assert not engine.knows(Session("signals", "met_leaders_retired"))
    assert not engine.knows(Session("nonesuch", "ask"))


# beginning


def test_begin_without_interviews_skips_the_pick(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    assert session.qualified_state == "signals:company"
    assert session.answers == {"interview": "new"}
    assert session.history == [("pick_interview", True)]
    # The skipped pick is not a question the user saw: Back has nowhere to go.
    assert engine.back(session) is None


def test_begin_with_interviews_asks_which(
    engine: Engine, fresh_db: Store, clock: FrozenClock
) -> None:
    first = fresh_db.add_interview(ALICE, "Acme", "Analyst", None, clock.now())
    second = fresh_db.add_interview(ALICE, "Globex", "Lead", None, clock.now())
    fresh_db.add_interview(BOB, "Initech", "Engineer", None, clock.now())

    session = _waiting(engine.begin("signals", ALICE))
    assert session.qualified_state == "signals:pick_interview"
    assert session.answers == {}
    ids = [o.id for o in engine.options(session, ALICE)]
    assert ids == [interview_choice_id(second), interview_choice_id(first), "new"]
    assert engine.back(session) is None


def test_one_interview_still_asks(engine: Engine, fresh_db: Store, clock: FrozenClock) -> None:
    fresh_db.add_interview(ALICE, "Acme", "Analyst", None, clock.now())
    session = _waiting(engine.begin("signals", ALICE))
    assert session.state == "pick_interview"


# refusals


def test_choose_unknown_or_foreign_interview_is_refused(
    engine: Engine, fresh_db: Store, clock: FrozenClock
) -> None:
    fresh_db.add_interview(ALICE, "Acme", "Analyst", None, clock.now())
    bobs = fresh_db.add_interview(BOB, "Initech", "Engineer", None, clock.now())
    session = _waiting(engine.begin("signals", ALICE))
    assert session.state == "pick_interview"

    for choice in ("nonsense", "i999999", interview_choice_id(bobs), "", "yes"):
        result = engine.choose(session, ALICE, choice)
        assert isinstance(result, Refused), choice
        assert result.reason.key == "pick_one"

    # Bob himself may pick it.
    bob_session = _waiting(engine.begin("signals", BOB))
    assert isinstance(engine.choose(bob_session, BOB, interview_choice_id(bobs)), Moved)


def test_typing_at_a_choice_state_is_refused(engine: Engine) -> None:
    session = Session("signals", "met_executives")
    result = engine.type_text(session, ALICE, "yes", CTX)
    assert isinstance(result, Refused)
    assert result.reason.key == "pick_one"


def test_choosing_at_an_input_state_is_refused(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    assert session.state == "company"
    result = engine.choose(session, ALICE, "new")
    assert isinstance(result, Refused)
    assert result.reason.key == "type_answer"


def test_invalid_text_is_refused_with_the_validators_reason(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    result = engine.type_text(session, ALICE, "   ", CTX)
    assert isinstance(result, Refused)
    assert result.reason == Invalid("empty")


def test_refusal_leaves_the_session_unchanged(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    before = json.dumps(session.to_json(), sort_keys=True)
    engine.type_text(session, ALICE, "🙂", CTX)
    engine.choose(session, ALICE, "new")
    assert json.dumps(session.to_json(), sort_keys=True) == before


# moving and going back


def test_back_undoes_the_last_answer(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    at_role = _moved(engine.type_text(session, ALICE, "  Acme   Corp ", CTX))
    assert at_role.state == "role"
    assert at_role.answers["company"] == "Acme Corp"

    at_company = engine.back(at_role)
    assert at_company is not None
    assert at_company.state == "company"
    assert "company" not in at_company.answers
    assert at_company.answers == {"interview": "new"}
    assert at_company.history == [("pick_interview", True)]
    assert engine.back(at_company) is None
    # The session going back came from is untouched.
    assert at_role.answers["company"] == "Acme Corp"


def test_back_through_choice_states(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    session = _moved(engine.type_text(session, ALICE, "Acme", CTX))
    session = _moved(engine.type_text(session, ALICE, "Analyst", CTX))
    session = _moved(engine.choose(session, ALICE, "yes"))
    assert session.state == "leaders_in_succession"
    assert session.answers["met_executives"] == "yes"

    previous = engine.back(session)
    assert previous is not None
    assert previous.state == "met_executives"
    assert "met_executives" not in previous.answers
    assert previous.answers["role"] == "Analyst"

    again = _moved(engine.choose(previous, ALICE, "no"))
    assert again.answers["met_executives"] == "no"


def test_back_to_a_picked_interview(engine: Engine, fresh_db: Store, clock: FrozenClock) -> None:
    first = fresh_db.add_interview(ALICE, "Acme", "Analyst", None, clock.now())
    fresh_db.add_interview(ALICE, "Globex", "Lead", None, clock.now())
    session = _waiting(engine.begin("signals", ALICE))
    picked = _moved(engine.choose(session, ALICE, interview_choice_id(first)))
    assert picked.state == "met_executives"
    assert picked.answers == {"interview": interview_choice_id(first)}

    previous = engine.back(picked)
    assert previous is not None
    assert previous.state == "pick_interview"
    assert previous.answers == {}
    assert engine.back(previous) is None


def test_walking_every_signal_question_finishes(engine: Engine) -> None:
    session = _waiting(engine.begin("signals", ALICE))
    session = _moved(engine.type_text(session, ALICE, "Acme", CTX))
    session = _moved(engine.type_text(session, ALICE, "Analyst", CTX))

    questions = _signal_states(engine)
    dialog = engine.dialog("signals")
    expected: dict[str, str] = {"interview": "new", "company": "Acme", "role": "Analyst"}
    result: Moved | Finished | Refused = Moved(session)
    for i, name in enumerate(questions):
        assert isinstance(result, Moved), name
        session = result.session
        assert session.qualified_state == f"signals:{name}"
        options = engine.options(session, ALICE)
        assert [o.id for o in options] == [c.id for c in dialog.states[name].choices]
        pick = options[i % len(options)].id
        key = dialog.states[name].save_as
        assert key is not None
        expected[key] = pick
        result = engine.choose(session, ALICE, pick)

    assert isinstance(result, Finished)
    assert result.session.answers == expected
    assert result.session.state == FINISH
    every_key = {s.save_as for s in dialog.states.values() if s.save_as}
    assert set(result.session.answers) == every_key
    assert [s for s, _ in result.session.history] == [
        "pick_interview",
        "company",
        "role",
        *questions,
    ]


def test_walking_with_a_stored_interview_skips_company_and_role(
    engine: Engine, fresh_db: Store, clock: FrozenClock
) -> None:
    picked = fresh_db.add_interview(ALICE, "Acme", "Analyst", None, clock.now())
    session = _waiting(engine.begin("signals", ALICE))
    result = engine.choose(session, ALICE, interview_choice_id(picked))
    while isinstance(result, Moved):
        result = engine.choose(result.session, ALICE, engine.options(result.session, ALICE)[0].id)
    assert isinstance(result, Finished)
    assert result.session.answers["interview"] == interview_choice_id(picked)
    assert "company" not in result.session.answers
    assert "role" not in result.session.answers


def test_timezone_dialog_asks_quiet_hours_then_finishes_with_the_canonical_name(
    engine: Engine,
) -> None:
    session = _waiting(engine.begin("timezone", ALICE))
    assert session.qualified_state == "timezone:ask"
    refused = engine.type_text(session, ALICE, "Mars/Olympus", CTX)
    assert isinstance(refused, Refused)
    assert refused.reason.key == "unknown_timezone"
    at_holidays = _moved(engine.type_text(session, ALICE, "america/new york", CTX))
    # The zone's country is plain, so the holidays question only asks to keep its calendar.
    assert at_holidays.qualified_state == "timezone:holidays"
    at_quiet = _moved(engine.choose(at_holidays, ALICE, "keep"))
    assert at_quiet.qualified_state == "timezone:quiet"
    chosen = {"timezone": "America/New_York", "zone": "America/New_York", "holidays": "keep"}
    assert at_quiet.answers == chosen
    assert [o.id for o in engine.options(at_quiet, ALICE)] == ["keep", "off"]

    refused = engine.type_text(at_quiet, ALICE, "whenever", CTX)
    assert isinstance(refused, Refused)
    assert refused.reason.key == "quiet_unreadable"
    typed = engine.type_text(at_quiet, ALICE, "22:00-07:00", CTX)
    assert isinstance(typed, Finished)
    assert typed.session.answers == chosen | {"quiet": ["22:00", "07:00"]}

    for choice in ("keep", "off"):
        picked = engine.choose(at_quiet, ALICE, choice)
        assert isinstance(picked, Finished)
        assert picked.session.answers == chosen | {"quiet": choice}


def test_timezone_dialog_keeps_the_zone_with_its_button(engine: Engine) -> None:
    session = _waiting(engine.begin("timezone", ALICE))
    at_holidays = _moved(engine.choose(session, ALICE, "keep"))
    assert at_holidays.state == "holidays_needed"  # Alice is on UTC: no country to keep
    at_quiet = _moved(engine.choose(at_holidays, ALICE, "skip"))
    assert at_quiet.answers == {"timezone": "keep", "zone": "keep", "holidays": "skip"}
    assert at_quiet.state == "quiet"
