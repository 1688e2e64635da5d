"""How many reminders may be in flight at once: sized by the measured round trip to Telegram.

Telegram's `sendMessage` has no idempotency key, so every reminder between its claim and its
mark is one a crash may send twice: fewer in flight, fewer duplicates. But with W in flight the
dispatcher sends at most W per round trip, so holding Telegram's ~30 messages/s needs
W >= 30 x round trip. `SendWindow` keeps W as small as that allows:

    W = ceil(TARGET_RATE x round trip x MARGIN), between 1 and the cap (COACH_REMINDER_WINDOW)

where the round trip is the shortest of the last RECENT successful sends' durations. It starts
at 1 (nothing measured yet) and follows the network: 2 at a 50 ms round trip, 5 at 150 ms, the
cap (8 by default) from about 250 ms up.

Why the shortest, and not an average: a send's duration also holds any wait in the sender's
own pacing (one message every 1/29.5 s) and any moment the event loop was busy. Both only ever
add to it, and both would read as a longer round trip: sends queued in the pacer take about
W / pace each, so W would grow, which lengthens the queue, up to the cap. The shortest recent
send is the one that waited least, the nearest to the network's own round trip (the first of a
burst waits for nothing). Two more guards keep the window from feeding on the pacer's queue
when every send waits there (a long fan-out): while sends complete at about Telegram's rate
already (AT_RATE: 27 or more in the last second) a duration is not measured at all, as more in
flight would not send faster (below the cap, a window sized by the network alone sends at least
TARGET_RATE x MARGIN = 28.5/s, so this never holds one back below the rate); and MARGIN is a
little below 1, so that a wait of W / pace does not round W up. Rounding up gives the headroom
a margin above 1 would.
"""

from __future__ import annotations

import asyncio
import math
from collections import deque

TARGET_RATE = 30.0
"""Messages per second the window is sized to hold: Telegram's overall limit for a bot."""
MARGIN = 0.95
"""Sizing factor; below 1 so that waiting in the sender's pacer cannot grow the window."""
RECENT = 32
"""How many of the latest send durations the round trip is the shortest of (about a second of
sends at full rate)."""
RATE_SPAN = 1.0
"""Seconds over which completed sends are counted to tell whether delivery runs at the rate."""
AT_RATE = 0.9
"""Sends completing at this share of TARGET_RATE or more run at Telegram's rate already."""


class RoundTrip:
    """The round trip as the shortest of the latest send durations (seconds)."""

    def __init__(self, recent: int = RECENT) -> None:
        self._latest: deque[float] = deque(maxlen=recent)

    @property
    def seconds(self) -> float | None:
        """Return the shortest of the latest send durations; None before the first."""
        return min(self._latest) if self._latest else None

    def observe(self, seconds: float) -> None:
        """Remember one measured send duration (the oldest beyond `recent` is forgotten)."""
        self._latest.append(max(seconds, 0.0))


class SendWindow:
    """Slots for reminders in flight: at most `limit` held at once, waiters served in order."""

    def __init__(self, cap: int, rate: float = TARGET_RATE, margin: float = MARGIN) -> None:
        if cap < 1:
            raise ValueError("the window's cap must be at least 1")
        self.cap = cap
        self.rate = rate
        self.margin = margin
        self.round_trip = RoundTrip()
        self._completed: deque[float] = deque()
        """When the sends of the last RATE_SPAN seconds completed (monotonic seconds)."""
        self.active = 0
        """Slots held now."""
        self.most = 0
        """The most slots ever held at once."""
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def limit(self) -> int:
        """Return W: how many may be in flight now, from the measured round trip (1 before
        any), between 1 and the cap."""
        seconds = self.round_trip.seconds
        if seconds is None:
            return 1
        wanted = math.ceil(self.rate * seconds * self.margin)
        return max(1, min(self.cap, wanted))

    def observe(self, seconds: float, at: float | None = None) -> None:
        """Record how long a successful send took, completed `at` (monotonic seconds; None
        when unknown); a larger window lets waiters in at once. While sends complete at the
        target rate, the duration is queueing in the sender's pacing and is not counted."""
        if at is not None:
            self._completed.append(at)
            while self._completed and self._completed[0] <= at - RATE_SPAN:
                self._completed.popleft()
            if len(self._completed) >= self.rate * AT_RATE * RATE_SPAN:
                return  # at Telegram's rate already: more in flight would only queue
        self.round_trip.observe(seconds)
        self._wake()

    async def acquire(self) -> None:
        """Wait for a free slot (first come, first served) and take it."""
        if not self._waiters and self.active < self.limit:
            self._take()
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # granted just as the task was cancelled: hand it on
            raise

    def release(self) -> None:
        """Give a slot back and let the next waiters in."""
        self.active -= 1
        self._wake()

    def _take(self) -> None:
        self.active += 1
        self.most = max(self.most, self.active)

    def _wake(self) -> None:
        while self._waiters and self.active < self.limit:
            waiter = self._waiters.popleft()
            if waiter.done():  # cancelled while waiting
                continue
            self._take()
            waiter.set_result(None)
