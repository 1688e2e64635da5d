"""The pacer on a virtual clock: what each kind of call costs, and what a 429 holds up."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.telegram.pacing import SWEEP_EVERY, UNLIMITED, Kind, Limits, Pacer, Skipped, kind_of

PACE = 1 / 29.5


class VirtualTime:
    """A clock that moves only when the pacer sleeps (by exactly what it asked for)."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


class Calls:
    """The calls the pacer let through, with the virtual time each went out."""

    def __init__(self, time: VirtualTime, pacer: Pacer) -> None:
        self.time = time
        self.pacer = pacer
        self.made: list[tuple[str, Any, float]] = []
        self.refuse: list[float] = []
        """retry_after (s) for the next calls, one each: Telegram's 429."""

    async def __call__(self, endpoint: str, **data: Any) -> float:
        """Make one call through the pacer; return when it went out."""

        async def callback(*args: Any, **kwargs: Any) -> bool:
            if self.refuse:
                raise RetryAfter(timedelta(seconds=self.refuse.pop(0)))
            self.made.append((endpoint, data.get("chat_id"), self.time.now))
            return True

        await self.pacer.process_request(callback, (), {}, endpoint, data, None)
        return self.time.now


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # as bot.telegram.run sets it


def pacer(limits: Limits | None = None) -> tuple[Pacer, Calls, VirtualTime]:
    time = VirtualTime()
    made = Pacer(limits, clock=time.clock, sleep=time.sleep)
    return made, Calls(time, made), time


@pytest.mark.parametrize(
    ("endpoint", "data", "kind"),
    [
        ("sendMessage", {"chat_id": 1}, Kind.MESSAGE),
        ("sendDocument", {"chat_id": 1}, Kind.MESSAGE),
        ("copyMessage", {"chat_id": 1}, Kind.MESSAGE),
        ("forwardMessage", {"chat_id": 1}, Kind.MESSAGE),
        ("sendChatAction", {"chat_id": 1}, Kind.FREE),
        ("editMessageText", {"chat_id": 1}, Kind.EDIT),
        ("editMessageReplyMarkup", {"chat_id": 1, "reply_markup": '{"k": 1}'}, Kind.EDIT),
        ("editMessageReplyMarkup", {"chat_id": 1}, Kind.COSMETIC),
        ("editMessageReplyMarkup", {"chat_id": 1, "reply_markup": None}, Kind.COSMETIC),
        ("answerCallbackQuery", {"callback_query_id": "1"}, Kind.FREE),
        ("getMe", {}, Kind.FREE),
        ("setMyCommands", {}, Kind.FREE),
    ],
)
def test_what_each_call_costs(endpoint: str, data: dict[str, Any], kind: Kind) -> None:
    assert kind_of(endpoint, data) is kind


async def test_new_messages_go_out_evenly_a_little_under_30_a_second() -> None:
    _, call, _ = pacer()
    times = [await call("sendMessage", chat_id=chat) for chat in range(1, 7)]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert times[0] == 0
    assert gaps == [pytest.approx(PACE)] * 5  # no burst, not even of two


async def test_one_chat_gets_a_burst_of_three_then_one_a_second() -> None:
    _, call, _ = pacer()
    times = [await call("sendMessage", chat_id=7) for _ in range(5)]
    assert times[:3] == [0, pytest.approx(PACE), pytest.approx(2 * PACE)]  # the burst
    # Then one a second; a little later than that, as a token counts as spent when its
    # message left (after waiting for the overall pace), not when it was taken.
    assert 1.0 <= times[3] <= 1.0 + 2 * PACE
    assert 1.0 - 1e-9 <= times[4] - times[3] <= 1.0 + 2 * PACE


async def test_a_group_gets_twenty_a_minute() -> None:
    _, call, _ = pacer()
    times = [await call("sendMessage", chat_id=-100_123) for _ in range(3)]
    assert times == [0, 3.0, 6.0]


async def test_an_edit_spends_its_chats_budget_but_not_the_overall_pace() -> None:
    _, call, _time = pacer()
    await call("sendMessage", chat_id=1)
    assert await call("editMessageText", chat_id=2) == 0  # no wait for the overall slot
    await call("editMessageText", chat_id=2)
    await call("editMessageText", chat_id=2)
    assert await call("sendMessage", chat_id=2) == pytest.approx(1.0)  # chat 2's bucket


async def test_removing_a_keyboard_and_answering_a_press_never_wait() -> None:
    _, call, time = pacer()
    for chat in (1, 2, 3):
        await call("sendMessage", chat_id=chat)
    waited = list(time.slept)
    await call("editMessageReplyMarkup", chat_id=4)  # no overall slot
    await call("answerCallbackQuery", callback_query_id="1")
    await call("getMe")
    assert time.slept == waited  # not a single wait more


async def test_a_keyboard_removal_takes_only_a_token_its_chat_can_spare() -> None:
    paced, call, _ = pacer()
    await call("sendMessage", chat_id=5)
    await call("sendMessage", chat_id=5)
    await call("editMessageReplyMarkup", chat_id=5)  # the burst's third token: spare
    assert paced.throttled(5) and not paced.throttled(6)
    with pytest.raises(Skipped):
        await call("editMessageReplyMarkup", chat_id=5)  # none left: skipped, not waited for
    await call("editMessageReplyMarkup", chat_id=6)
    removals = [chat for endpoint, chat, _ in call.made if endpoint.startswith("edit")]
    assert removals == [5, 6]
    assert await call("sendMessage", chat_id=5) == pytest.approx(1.0)  # the removal's cost


async def test_a_429_on_a_keyboard_removal_is_not_retried_but_blocks_its_chat() -> None:
    paced, call, time = pacer()
    call.refuse = [20]
    with pytest.raises(Skipped):
        await call("editMessageReplyMarkup", chat_id=5)
    assert time.slept == [] and paced.throttled(5)


async def test_a_429_holds_only_its_chat() -> None:
    _paced, call, _time = pacer(Limits(retries=0))
    call.refuse = [40]
    with pytest.raises(RetryAfter):
        await call("sendMessage", chat_id=1)

    assert await call("sendMessage", chat_id=2) < 1  # another chat: only the overall pace
    assert await call("answerCallbackQuery", callback_query_id="9") < 1
    assert await call("sendMessage", chat_id=1) == pytest.approx(40.1)  # chat 1 waits it out


async def test_a_429_is_waited_out_and_retried_three_times() -> None:
    _, call, _time = pacer()
    call.refuse = [5, 5, 5]
    assert await call("sendMessage", chat_id=1) == pytest.approx(15.3)
    assert len(call.made) == 1

    call.refuse = [5, 5, 5, 5]
    with pytest.raises(RetryAfter):
        await call("sendMessage", chat_id=1)  # refused a fourth time: given up
    assert len(call.made) == 1


async def test_a_429_on_a_call_for_no_chat_pauses_everyone() -> None:
    _, call, _ = pacer(Limits(retries=0))
    call.refuse = [30]
    with pytest.raises(RetryAfter):
        await call("answerCallbackQuery", callback_query_id="1")
    assert await call("sendMessage", chat_id=2) == pytest.approx(30.1)


async def test_429s_for_two_chats_in_the_same_second_pause_everyone() -> None:
    _, call, _time = pacer(Limits(retries=0))
    call.refuse = [10, 10]
    with pytest.raises(RetryAfter):
        await call("sendMessage", chat_id=1)
    with pytest.raises(RetryAfter):
        await call("sendMessage", chat_id=2)
    assert await call("sendMessage", chat_id=3) >= 10  # a bot-wide limit: everyone waits


async def test_idle_chats_are_forgotten() -> None:
    paced, call, time = pacer(Limits(overall_rate=UNLIMITED))
    for chat in range(1, SWEEP_EVERY + 100):
        await call("sendMessage", chat_id=chat)
        time.now += 0.01  # ~11 s in all: the early chats' buckets are full again
    assert paced.chats_tracked() < SWEEP_EVERY
