"""The send window: W from the measured round trip, capped; slots handed out in order."""

from __future__ import annotations

import asyncio

import pytest

from bot.reminders.window import RoundTrip, SendWindow

PACE = 29.5
"""The sender's pacing, messages/s: a little under Telegram's 30."""


def test_the_round_trip_is_the_shortest_recent_send() -> None:
    trip = RoundTrip(recent=3)
    assert trip.seconds is None
    trip.observe(0.2)
    assert trip.seconds == pytest.approx(0.2)
    trip.observe(0.6)  # held up (a queue, a busy loop): waiting only ever adds
    assert trip.seconds == pytest.approx(0.2)
    trip.observe(0.5)
    trip.observe(0.4)  # the 0.2 is forgotten: the network got slower
    assert trip.seconds == pytest.approx(0.4)
    trip.observe(-1.0)  # a clock that stepped back counts as nothing, not as negative
    assert trip.seconds == 0.0


def test_a_burst_queued_in_the_pacer_does_not_grow_the_window() -> None:
    window = SendWindow(8)
    for n in range(20):  # 20 due at once, 50 ms away: the n-th waits n / pace in the pacer
        window.observe(0.05 + n / PACE)
    assert window.limit == 2


@pytest.mark.parametrize(
    ("round_trip", "cap", "limit"),
    [
        (None, 8, 1),  # nothing measured: one at a time
        (0.0, 8, 1),
        (0.03, 8, 1),  # 30/s with one in flight
        (0.05, 8, 2),
        (0.15, 8, 5),
        (0.25, 8, 8),
        (2.0, 8, 8),  # capped
        (0.15, 3, 3),
        (0.15, 1, 1),
    ],
)
def test_the_limit_is_enough_for_30_a_second_between_1_and_the_cap(
    round_trip: float | None, cap: int, limit: int
) -> None:
    window = SendWindow(cap)
    if round_trip is not None:
        window.observe(round_trip)
    assert window.limit == limit


@pytest.mark.parametrize(("round_trip", "settled"), [(0.0, 1), (0.05, 2), (0.15, 5)])
def test_waiting_in_the_senders_pacing_does_not_grow_the_window(
    round_trip: float, settled: int
) -> None:
    # Once W holds more than the pace needs, sends queue in the pacer and each takes about
    # W / pace: that must not read as a longer round trip that grows W again, up to the cap.
    window = SendWindow(8)
    window.observe(round_trip)
    for _ in range(200):
        limit = window.limit
        window.observe(max(round_trip, limit / PACE))
    assert window.limit == settled


def test_a_cap_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        SendWindow(0)


async def test_slots_go_to_waiters_in_order_and_a_longer_round_trip_lets_more_in() -> None:
    window = SendWindow(4)
    order: list[int] = []

    async def take(n: int) -> None:
        await window.acquire()
        order.append(n)

    await window.acquire()  # one in flight: W is 1 until a round trip is measured
    waiting = [asyncio.create_task(take(n)) for n in range(5)]
    await asyncio.sleep(0)
    assert order == [] and window.active == 1
    window.observe(0.1)  # W = ceil(30 x 0.1 x 0.95) = 3: two more go at once
    await asyncio.sleep(0)
    assert order == [0, 1] and window.active == 3
    window.release()
    await asyncio.sleep(0)
    assert order == [0, 1, 2]
    for task in waiting[3:]:
        task.cancel()
    await asyncio.gather(*waiting, return_exceptions=True)
    assert window.active == 3
    for _ in range(3):
        window.release()
    assert window.active == 0
    assert window.most == 3


async def test_a_waiter_cancelled_as_its_slot_came_hands_the_slot_on() -> None:
    window = SendWindow(1)
    await window.acquire()
    first = asyncio.create_task(window.acquire())
    second = asyncio.create_task(window.acquire())
    await asyncio.sleep(0)
    window.release()  # the slot goes to `first`...
    first.cancel()  # ...which is cancelled before it runs: it must not keep the slot
    await asyncio.gather(first, return_exceptions=True)
    await second
    assert window.active == 1


def test_at_the_rate_a_slow_send_is_queueing_not_the_network() -> None:
    window = SendWindow(8)
    window.observe(0.05, at=0.0)
    assert window.limit == 2
    at = 0.0
    for _ in range(60):  # two seconds of sends completing at the pacer's 29.5/s
        at += 1 / PACE
        window.observe(2 / PACE, at=at)
    window.observe(0.5, at=at + 0.001)  # a send held up by a stall or a queue
    assert window.limit == 2  # not counted: delivery already runs at Telegram's rate
    for n in range(40):  # later, sends come slowly, one a second: the network got slower
        window.observe(0.5, at=at + 2.0 + n)
    assert window.limit == 8
