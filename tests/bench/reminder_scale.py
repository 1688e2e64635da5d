"""Reminder scale: the coach starting over a table of pending reminders, and the naive baseline.

    python -m tests.bench.reminder_scale seed --db PATH --reminders N [--base PATH]
    python -m tests.bench.reminder_scale coach --db PATH --out FILE [--spawned T]
    python -m tests.bench.reminder_scale jobqueue --jobs N --out FILE

`seed` writes a database of users with interviews and N pending reminders due over the next
four months (a bulk insert); with `--base` it copies that database first, so the coach can be
measured over the same users with 0 and with N reminders.

`coach` starts the Telegram bot the way `bot.telegram.run` does, over the Bot API double
instead of the network: open the store, load the content, build the coach and the
Application (opening the city index in a thread), initialise it, run post_init (publish the
commands, start the reminder dispatcher: recover, sweep the due window, schedule the sweep),
start it (the scheduler runs). "Ready" is when `app.start()` returns. `--spawned` is the
parent's wall clock just before it started this process, so the start-up time includes the
interpreter and the imports. Peak RSS is read after the city index is open too, as in a
running bot. The index is an SQLite file (bot/parsing/cities) that a child process builds on a
machine's first run: run the coach once before measuring, or the run includes that build.

`jobqueue` is the naive design: a bare PTB Application whose JobQueue holds one `run_once`
job per reminder. Its memory per job is the RSS growth from adding the jobs.
"""

from __future__ import annotations

import time

STARTED = time.time()  # before the heavy imports: start-up includes them

import argparse  # noqa: E402
import asyncio  # noqa: E402
import gc  # noqa: E402
import shutil  # noqa: E402
import threading  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from telegram.ext import Application, ContextTypes  # noqa: E402

from bot.app import load_content  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.parsing import preload  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.telegram.application import build_application  # noqa: E402
from tests.bench.common import (  # noqa: E402
    TOKEN,
    Measure,
    current_rss_mb,
    log,
    peak_rss_mb,
    setup_logging,
    write_results,
)
from tests.bench.doubles import TimedBotAPI  # noqa: E402
from tests.bench.seed import open_db, seed_reminders, seed_users  # noqa: E402

SPAN = timedelta(days=120)
REMINDERS_PER_INTERVIEW = 7


def users_for(reminders: int) -> int:
    """Return how many users (one interview each) hold `reminders` planned reminders."""
    return max(1, -(-reminders // REMINDERS_PER_INTERVIEW))


def seed(db_path: Path, users: int, reminders: int, base: Path | None) -> None:
    """Write the base database (users with interviews), then add the pending reminders."""
    now = datetime.now(UTC).replace(microsecond=0)
    if base is not None and base.exists():
        shutil.copyfile(base, db_path)
        db = open_db(db_path)
    else:
        db = open_db(db_path)
        seed_users(db, users, now)
    started = time.perf_counter()
    if reminders:
        seed_reminders(db, reminders, users, now + timedelta(minutes=1), SPAN)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    log(f"seeded {reminders} reminders in {time.perf_counter() - started:.1f}s ({db_path.name})")


async def start_coach(db_path: Path, city_table: bool = True) -> dict[str, Any]:
    """Start the bot as bot.telegram.run does (no network) and time each step.

    Without `city_table` (what-if), the city index is not opened at start-up. It once stood
    for a city lookup outside the heap; that is now the real thing, so the two runs should
    differ by the opening only.
    """
    steps: dict[str, float] = {"imports": time.time() - STARTED}
    rss: dict[str, float] = {"imports": current_rss_mb()}
    mark = time.perf_counter()

    def step(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        steps[name] = now - mark
        rss[name] = current_rss_mb()
        mark = now

    store = Store.open(db_path)
    step("open the store")
    clock = SystemClock()
    content = load_content()
    step("load dialogs and templates")
    preloading = threading.Thread(target=preload, name="preload", daemon=True)
    if city_table:
        preloading.start()
    app, _deps = build_application(
        Settings(db_path=db_path, telegram_token=TOKEN),
        store,
        clock,
        content,
        request=TimedBotAPI(),
    )
    step("build the coach and the Application")
    await app.initialize()
    step("initialise")
    assert app.post_init is not None
    await app.post_init(app)
    step("post_init: commands, reminder dispatcher")
    await app.start()
    step("start")
    ready = time.time()
    assert app.job_queue is not None
    jobs = len(app.job_queue.scheduler.get_jobs())
    rss["ready"] = current_rss_mb()
    if city_table:
        preloading.join()
    rss_ready = rss["after the preload"] = current_rss_mb()
    # The query behind /reminders and every prompt's "upcoming" list, for one user.
    user = next(iter(store.db.query("SELECT user_id FROM reminders LIMIT 1")), None)
    upcoming = float("nan")
    if user is not None:
        began = time.perf_counter()
        store.upcoming_reminders(user["user_id"])
        upcoming = time.perf_counter() - began
    await app.stop()
    await app.shutdown()
    pending = store.db.execute("SELECT count(*) FROM reminders WHERE status = 'pending'")
    count = pending.fetchone()[0]
    store.close()
    return {
        "ready_wall": ready,
        "steps": steps,
        "scheduled_jobs": jobs,
        "pending": count,
        "rss_mb": rss_ready,
        "peak_rss_mb": peak_rss_mb(),
        "upcoming_s": upcoming,
        "rss_steps_mb": rss,
    }


async def fill_job_queue(jobs: int) -> dict[str, Any]:
    """Hold one PTB JobQueue `run_once` job per reminder, due over the next four months."""

    async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
        """A reminder callback (never runs: every job is in the future)."""

    app = Application.builder().token(TOKEN).request(TimedBotAPI()).build()
    async with app:
        await app.start()
        assert app.job_queue is not None
        gc.collect()
        await asyncio.sleep(0.1)
        before = current_rss_mb()
        start = datetime.now(UTC) + timedelta(minutes=10)
        step = SPAN / max(jobs, 1)
        began = time.perf_counter()
        for i in range(jobs):
            app.job_queue.run_once(
                remind,
                when=start + step * i,
                data=i,
                name=f"reminder:{i}",
                chat_id=100_000 + i,
                user_id=100_000 + i,
            )
        await asyncio.sleep(0.5)  # let the scheduler's wake-ups run
        added = time.perf_counter() - began
        gc.collect()
        after = current_rss_mb()
        held = len(app.job_queue.jobs())
        await app.stop()
    return {
        "before_mb": before,
        "after_mb": after,
        "held": held,
        "add_s": added,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    """Seed, or measure the coach or the JobQueue baseline."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("seed", "coach", "jobqueue"))
    parser.add_argument("--db", type=Path)
    parser.add_argument("--base", type=Path)
    parser.add_argument("--reminders", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, help="default: one per 7 reminders")
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--spawned", type=float, default=STARTED)
    parser.add_argument("--label", default="")
    parser.add_argument("--what-if", default="", choices=("", "no-city-table"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    setup_logging(f"scale-{args.mode}-{args.label}-{args.what_if}")
    if args.mode == "seed":
        began = time.perf_counter()
        seed(args.db, args.users or users_for(args.reminders), args.reminders, args.base)
        write_results(args.out, [], {"seconds": time.perf_counter() - began})
        return
    if args.mode == "coach":
        city_table = args.what_if != "no-city-table"
        result = asyncio.run(start_coach(args.db, city_table))
        ready = result["ready_wall"] - args.spawned
        scenario = f"scale/coach {args.label}".strip()
        if not city_table:
            scenario += " what-if no-city-table"
        log(f"{scenario}: ready in {ready:.2f}s")
        for name, spent in result["steps"].items():
            log(f"  {name:45} {spent:6.3f} s  RSS {result['rss_steps_mb'].get(name, 0):6.1f} MB")
        rss = result["rss_steps_mb"]
        after = rss["after the preload"]
        log(f"  RSS at ready {rss['ready']:.1f} MB, after the preload {after:.1f} MB")
        rows = [
            Measure(scenario, "start-up to ready", ready, "s", note="from spawn: imports included"),
            Measure(scenario, "peak RSS", result["peak_rss_mb"], "MB"),
            Measure(scenario, "jobs in the scheduler", result["scheduled_jobs"], "jobs"),
        ]
        if result["pending"]:
            rows.append(
                Measure(
                    scenario,
                    "one user's upcoming reminders",
                    result["upcoming_s"] * 1000,
                    "ms",
                    note="the query behind /reminders and every prompt",
                )
            )
        write_results(args.out, rows, result)
        return
    result = asyncio.run(fill_job_queue(args.jobs))
    per_job = (result["after_mb"] - result["before_mb"]) * 1024 * 1024 / max(args.jobs, 1)
    log(f"jobqueue: {result}")
    rows = [
        Measure("scale/jobqueue", "jobs held", result["held"], "jobs"),
        Measure("scale/jobqueue", "peak RSS", result["peak_rss_mb"], "MB"),
        Measure("scale/jobqueue", "memory per job", per_job, "bytes"),
        Measure("scale/jobqueue", "time to add the jobs", result["add_s"], "s"),
    ]
    write_results(args.out, rows, result)


if __name__ == "__main__":
    main()
