"""Reminder delivery on the real clock: a burst against Telegram's limit, and lateness.

    python -m tests.bench.delivery fanout   --out FILE [--reminders 1000] [--rate 30] [--rtt MS]
    python -m tests.bench.delivery lateness --out FILE [--reminders 200] [--seconds 10] [--rtt MS]

Both start the bot as in production (`build_application`: the pacer, new messages evenly
spaced at 29.5/s with no burst, with its 429 retries; the dispatcher on the Application's
JobQueue scheduler, its window sized from the measured round trip up to the default cap of 8;
the system clock) over a Bot API double, with reminder rows seeded in the database before
start-up. `--what-if window1` runs the dispatcher with one reminder in flight
(COACH_REMINDER_WINDOW=1: the fixed window of before, for comparison).

- fanout: N reminders due at the same second, each to its own user, against a double that
  allows `rate` messages/s (a token bucket of `rate` on its own monotonic clock) and answers
  429 with retry_after past it. Measures the time from the due second to the last message
  Telegram accepted, against the ideal N/rate, and the 429s the bot received.
- lateness: N reminders due over `seconds` seconds (N/seconds per second, under the limit),
  against an unthrottled double; sent - due for each, where "sent" is when the double
  accepted the message.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from bot.app import load_content
from bot.clock import SystemClock
from bot.settings import REMINDER_WINDOW_CAP, Settings
from bot.store import Store
from bot.telegram.application import build_application
from tests.bench.common import (
    TOKEN,
    Measure,
    log,
    percentile,
    scratch_dir,
    setup_logging,
    write_results,
)
from tests.bench.doubles import ThrottledBotAPI, TimedBotAPI
from tests.bench.seed import open_db, seed_due_at, seed_users

LEAD = timedelta(seconds=4)
"""How far ahead of seeding the first reminder falls due (start-up happens in between)."""
TICK = 0.005
"""How often the stall watcher wakes; a late wake-up is time the event loop was blocked."""
WHAT_IFS = ("window1",)
"""What-if "window1": one reminder in flight (COACH_REMINDER_WINDOW=1) instead of up to 8."""


def reminder_window(what_if: frozenset[str]) -> int:
    """The dispatcher's cap for this run: 1 with the what-if, else the production default."""
    return 1 if "window1" in what_if else REMINDER_WINDOW_CAP


async def watch_stalls(stalls: list[float]) -> None:
    """Record how late each TICK wake-up is: the event loop was busy for that long."""
    loop = asyncio.get_running_loop()
    while True:
        expected = loop.time() + TICK
        await asyncio.sleep(TICK)
        stalls.append(loop.time() - expected)


def seed(db_path: Path, due: list[datetime]) -> None:
    """A user with an open interview per reminder; one pending reminder each at `due`."""
    db = open_db(db_path)
    seed_users(db, len(due), datetime.now(UTC))
    seed_due_at(db, due)
    db.close()


async def deliver_all(
    db_path: Path, api: TimedBotAPI, count: int, timeout: float, what_if: frozenset[str]
) -> dict[str, Any]:
    """Start the bot, let the dispatcher deliver every seeded reminder; return the outcome."""
    store = Store.open(db_path)
    stalls: list[float] = []
    clock = SystemClock()
    content = load_content()
    settings = Settings(
        db_path=db_path, telegram_token=TOKEN, reminder_window=reminder_window(what_if)
    )
    app, deps = build_application(settings, store, clock, content, request=api)
    deadline = time.monotonic() + timeout
    async with app:
        assert app.post_init is not None
        await app.post_init(app)  # the dispatcher sweeps: the due window becomes date jobs
        await app.start()
        watcher = asyncio.create_task(watch_stalls(stalls))
        while time.monotonic() < deadline:
            await asyncio.sleep(0.25)
            left = store.db.execute(
                "SELECT count(*) FROM reminders WHERE status IN ('pending', 'sending')"
            ).fetchone()[0]
            if left == 0:
                break
        stopped = time.time()
        watcher.cancel()
        await app.stop()
    statuses = dict(
        store.db.execute("SELECT status, count(*) FROM reminders GROUP BY status").fetchall()
    )
    due = {
        int(user.removeprefix("tg:")): datetime.fromisoformat(at).timestamp()
        for user, at in store.db.execute("SELECT user_id, due_at FROM reminders").fetchall()
    }
    store.close()
    # The first message each chat got is its reminder (nothing else is sent in these runs).
    first: dict[int, float] = {}
    for at, chat, _ in api.sent_at:
        first.setdefault(chat, at)
    late = [first[chat] - due[chat] for chat in first if chat in due]
    return {
        "statuses": statuses,
        "late": late,
        "sent_times": sorted(first.values()),
        "due_first": min(due.values()) if due else float("nan"),
        "count": count,
        "stopped": stopped,
        "longest_stall": max(stalls, default=float("nan")),
        "most_in_flight": deps.dispatcher.sending.most,
        "round_trip": deps.dispatcher.sending.round_trip.seconds or 0.0,  # shortest recent send
    }


def fanout(
    reminders: int, rate: float, burst: float | None, rtt: float, what_if: frozenset[str]
) -> list[Measure]:
    """N reminders due at once against a double enforcing `rate`/s (bucket of `burst`)."""
    folder = scratch_dir("fanout")
    try:
        at = datetime.now(UTC).replace(microsecond=0) + LEAD
        seed(folder / "coach.db", [at] * reminders)
        api = ThrottledBotAPI(rate=rate, burst=burst, rtt=rtt)
        ideal = reminders / rate
        timeout = ideal * 4 + 30
        result = asyncio.run(deliver_all(folder / "coach.db", api, reminders, timeout, what_if))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sent = result["sent_times"]
    delivered = result["statuses"].get("sent", 0)
    drain = (sent[-1] - result["due_first"]) if sent else float("nan")
    note = f"ideal {ideal:.1f} s"
    if delivered < reminders:
        drain = result["stopped"] - result["due_first"]
        note = f"NOT drained: stopped waiting with {reminders - delivered} unsent"
    log(f"fanout: statuses {result['statuses']}, drain {drain:.1f}s, 429s {api.too_many}")
    scenario = f"fan-out {reminders} @ {rate:g}/s, RTT {rtt * 1000:g} ms"
    if burst is not None:
        scenario += f", burst {burst:g}"
    if what_if:
        scenario += f" what-if {'+'.join(sorted(what_if))}"
    gaps = [b - a for a, b in pairwise(sent)]
    targeted = not what_if and burst is None
    return [
        Measure(scenario, "reminders sent", delivered, "reminders"),
        Measure(scenario, "time to drain", drain, "s", note=note),
        Measure(
            scenario,
            "drain / ideal",
            drain / ideal,
            "×",
            target="≤ 1.05" if targeted else "",
            met=drain / ideal <= 1.05 if targeted else None,
        ),
        Measure(
            scenario,
            "429s received",
            api.too_many,
            "429s",
            target="0" if targeted else "",
            met=api.too_many == 0 if targeted else None,
        ),
        Measure(scenario, "first reminder sent after due", sent[0] - result["due_first"], "s"),
        Measure(scenario, "longest gap between sends", max(gaps, default=0.0), "s"),
        Measure(scenario, "longest event-loop stall", result["longest_stall"] * 1000, "ms"),
        Measure(
            scenario,
            "most reminders in flight (W)",
            result["most_in_flight"],
            "reminders",
            note=f"round trip sized by at the end {result['round_trip'] * 1000:.0f} ms",
        ),
    ]


def lateness(reminders: int, seconds: int, rtt: float, what_if: frozenset[str]) -> list[Measure]:
    """N reminders due over `seconds` seconds, not throttled: sent - due."""
    folder = scratch_dir("lateness")
    try:
        start = datetime.now(UTC).replace(microsecond=0) + LEAD
        due = [start + timedelta(seconds=i % seconds) for i in range(reminders)]
        seed(folder / "coach.db", sorted(due))
        api = TimedBotAPI(record_calls=False, rtt=rtt)
        timeout = seconds + 60
        result = asyncio.run(deliver_all(folder / "coach.db", api, reminders, timeout, what_if))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    late: list[float] = result["late"]
    log(f"lateness: statuses {result['statuses']}, sent {len(late)} of {reminders}")
    scenario = f"lateness {reminders} over {seconds} s, RTT {rtt * 1000:g} ms"
    if what_if:
        scenario += f" what-if {'+'.join(sorted(what_if))}"
    p99 = percentile(late, 99)
    return [
        Measure(scenario, "reminders sent", len(late), "reminders"),
        Measure(scenario, "p50 sent - due", percentile(late, 50) * 1000, "ms"),
        Measure(
            scenario,
            "p99 sent - due",
            p99 * 1000,
            "ms",
            target="" if what_if else "≤ 1000 ms",
            met=None if what_if else p99 <= 1,
        ),
        Measure(scenario, "max sent - due", max(late) * 1000 if late else float("nan"), "ms"),
        Measure(scenario, "longest event-loop stall", result["longest_stall"] * 1000, "ms"),
        Measure(
            scenario,
            "most reminders in flight (W)",
            result["most_in_flight"],
            "reminders",
            note=f"round trip sized by at the end {result['round_trip'] * 1000:.0f} ms",
        ),
    ]


def main() -> None:
    """Run the fan-out or the lateness benchmark and write its measures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("fanout", "lateness"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--reminders", type=int)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--burst", type=float, help="the double's bucket (default: rate)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rtt", type=float, default=0.0, help="the double's round trip, ms")
    parser.add_argument("--what-if", default="", help=f"comma-separated: {', '.join(WHAT_IFS)}")
    args = parser.parse_args()
    asked = [w for w in args.what_if.split(",") if w]
    unknown = [w for w in asked if w not in WHAT_IFS]
    if unknown:
        parser.error(f"unknown what-if {', '.join(unknown)}; known: {', '.join(WHAT_IFS)}")
    what_if = frozenset(w for w in asked if w in WHAT_IFS)
    setup_logging(f"delivery-{args.mode}-rtt{args.rtt:g}{'-what-if' if what_if else ''}")
    if args.mode == "fanout":
        rows = fanout(args.reminders or 1000, args.rate, args.burst, args.rtt / 1000, what_if)
    else:
        rows = lateness(args.reminders or 200, args.seconds, args.rtt / 1000, what_if)
    write_results(args.out, rows)


if __name__ == "__main__":
    main()
