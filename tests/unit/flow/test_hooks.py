"""The hooks registry: features register under the YAML's names, one owner per name."""

from __future__ import annotations

from typing import Any

import pytest

from bot.domain.events import Reply
from bot.features import FEATURES, REGISTRY
from bot.flow.hooks import Hooks, Registry, Turn


def test_a_name_registered_twice_in_one_feature_is_refused() -> None:
    hooks = Hooks("demo")

    @hooks.finish("demo")
    def first(turn: Turn) -> list[Reply]:
        return []

    with pytest.raises(ValueError, match="'demo' is registered twice"):

        @hooks.finish("demo")
        def second(turn: Turn) -> list[Reply]:
            return []


def test_two_features_may_not_register_the_same_name() -> None:
    one, other = Hooks("one"), Hooks("other")
    one.on_answer("tick")(lambda turn, value: [])
    other.on_answer("tick")(lambda turn, value: [])

    with pytest.raises(
        ValueError, match="'tick' \\(on_answer\\) is registered by both one and other"
    ):
        Registry.of([one, other])


def test_the_same_name_may_serve_different_kinds() -> None:
    hooks = Hooks("reminders")
    hooks.finish("reminders")(lambda turn: [])
    hooks.choices("reminders")(lambda turn: [])

    merged = Registry.of([hooks])

    assert merged.owners == {"finish:reminders": "reminders", "choices:reminders": "reminders"}


def test_the_registry_knows_every_shipped_name_and_its_feature() -> None:
    assert REGISTRY.owners["finish:followup"] == "followup"
    assert REGISTRY.owners["choices:followup_actions"] == "followup"
    assert REGISTRY.owners["on_answer:save_point"] == "thankyou"
    assert REGISTRY.owners["choices:interviews"] == "interviews"
    assert REGISTRY.owners["command:export"] == "export"
    assert [space.prefix for space in REGISTRY.buttons] == ["prep:", "rem:"]
    assert len(REGISTRY.contexts) == sum(len(hooks.contexts) for hooks in FEATURES)


def test_a_turn_collects_the_reminders_it_changed(coach: Any) -> None:
    user = coach.parts.store.ensure_user("test:alice", coach.clock.now())
    turn = coach.parts.services.turn(user, {"interview": "i1"})

    assert turn.changed == [] and turn.answers == {"interview": "i1"}
    turn.reminders_changed([])
    assert turn.changed == []
    assert turn.command_choice("signals", "read_signals", "i1").id == "cmd:signals i1"
