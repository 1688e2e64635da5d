"""`make bench`: run every benchmark scenario in its own process and print one table.

    python -m tests.bench [--quick] [--only turns,scale,fanout,lateness] [--extra]

--quick   small sizes, to check the benchmarks themselves run (numbers mean little)
--only    a comma-separated subset of the scenarios
--extra   also the delivery runs with one reminder in flight (COACH_REMINDER_WINDOW=1), the
          fan-out against a stricter Telegram (30/s, no burst allowed) and a backlog of
          two sweep batches

Targets are printed, never asserted: the exit status is non-zero only if a scenario crashed.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.common import Measure, log, scratch_dir

SCENARIOS = ("turns", "scale", "fanout", "lateness", "load")


@dataclass(frozen=True)
class Sizes:
    """How big each scenario is."""

    turns: int = 5000
    users: int = 10_000
    reminders: int = 1_000_000
    jobs: int = 100_000
    fanout: int = 1000
    lateness: int = 200
    strict_fanout: int = 100
    rtt_ms: int = 50
    """A round trip to Telegram's Bot API from a server near it (Europe)."""
    far_rtt_ms: int = 150
    """A round trip from a server far from it (the Americas, Asia): delivery runs at it too."""
    load_users: int = 50
    load_seconds: float = 60.0
    """The load scenario: this many people chatting at once for this long, per bot."""
    turn_budget: float = 120.0
    """Seconds of coach turns at most: as it is, a turn costs ~50-100 ms (see README)."""


QUICK = Sizes(
    turns=300, users=500, reminders=20_000, jobs=5000, fanout=60, lateness=40, strict_fanout=30
)
QUICK = dataclasses.replace(QUICK, load_users=10, load_seconds=15.0)


class Runner:
    """Runs scenario processes, collecting their measures and keeping their logs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.measures: list[Measure] = []
        self.extras: dict[str, dict[str, Any]] = {}
        self.failed: list[str] = []

    def run(self, name: str, module: str, *args: str) -> list[Measure]:
        """Run `python -m tests.bench.<module> args --out FILE`; return its measures."""
        out = self.folder / f"{name}.json"
        command = [sys.executable, "-m", f"tests.bench.{module}", *args, "--out", str(out)]
        env = {**os.environ, "BENCH_LOG_DIR": str(self.folder)}
        log(f"{name}: {' '.join(command[2:-2])}")
        started = time.monotonic()
        done = subprocess.run(command, env=env, check=False)
        if done.returncode != 0 or not out.exists():
            log(f"{name} FAILED (exit {done.returncode}); logs in {self.folder}")
            self.failed.append(name)
            return []
        payload = json.loads(out.read_text())
        measures = [Measure(**m) for m in payload["measures"]]
        self.extras[name] = payload["extra"]
        self.measures += measures
        log(f"{name}: done in {time.monotonic() - started:.0f}s")
        return measures

    def add(self, measure: Measure) -> None:
        """Add a measure the runner derived from the scenarios' own."""
        self.measures.append(measure)


def value_of(measures: list[Measure], measure: str) -> float | None:
    """Return the value of the measure called `measure`, if there is one."""
    return next((m.value for m in measures if m.measure == measure), None)


def run_turns(runner: Runner, sizes: Sizes) -> None:
    """Turn cost of the coach, of the coach's Bot API calls alone, and of a bare echo bot,
    over the same stream of updates."""
    stream = runner.folder / "updates.jsonl"
    common = ["--turns", str(sizes.turns), "--users", str(sizes.users), "--stream", str(stream)]
    budget = ["--budget", str(sizes.turn_budget)]
    coach = runner.run("turns-coach", "turns", "coach", *common, *budget)
    calls = runner.run("turns-calls", "turns", "calls", *common) if coach else []
    echo = runner.run("turns-echo", "turns", "echo", *common) if coach else []
    coach_rate = value_of(coach, "turns/s (bot's own time)")
    calls_rate = value_of(calls, "turns/s (bot's own time)")
    echo_rate = value_of(echo, "turns/s (bot's own time)")
    if coach_rate and echo_rate:
        ratio = coach_rate / echo_rate
        runner.add(
            Measure("turns", "coach / echo (turns/s)", ratio, "×", target="≥ 0.7", met=ratio >= 0.7)
        )
    if calls_rate and echo_rate:
        runner.add(
            Measure(
                "turns",
                "coach's calls alone / echo (turns/s)",
                calls_rate / echo_rate,
                "×",
                note="the ceiling for this conversation design: no coach logic at all",
            )
        )
    if coach_rate and calls_rate:
        runner.add(
            Measure(
                "turns",
                "coach's own share of a turn",
                (1 - coach_rate / calls_rate) * 100,
                "%",
                note="handlers, dialog engine, templates, SQLite, router",
            )
        )


def run_scale(runner: Runner, sizes: Sizes) -> None:
    """Start-up and memory over 0 and N pending reminders; the JobQueue baseline."""
    base, full = runner.folder / "scale-base.db", runner.folder / "scale-full.db"
    users = ["--users", str(-(-sizes.reminders // 7))]
    seed_base = ["--db", str(base), "--reminders", "0"]
    runner.run("scale-seed-base", "reminder_scale", "seed", *seed_base, *users)
    seed_full = ["--db", str(full), "--base", str(base), "--reminders", str(sizes.reminders)]
    runner.run("scale-seed-full", "reminder_scale", "seed", *seed_full, *users)
    label = f"{sizes.reminders:,} pending"

    def coach(name: str, db: Path, label: str, *more: str) -> list[Measure]:
        spawned = ["--spawned", repr(time.time())]
        given = ["--db", str(db), "--label", label, *spawned, *more]
        return runner.run(name, "reminder_scale", "coach", *given)

    empty = coach("scale-coach-0", base, "0 pending")
    loaded = coach("scale-coach-n", full, label)
    coach("scale-coach-n-what-if", full, label, "--what-if", "no-city-table")
    baseline = runner.run("scale-jobqueue", "reminder_scale", "jobqueue", "--jobs", str(sizes.jobs))
    for db in (base, full):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    # Targets on the big run's own rows.
    for m in list(runner.measures):
        if m.scenario != f"scale/coach {label}":
            continue
        if m.measure == "start-up to ready":
            runner.measures[runner.measures.index(m)] = _with_target(m, "≤ 2 s", m.value <= 2)
        if m.measure == "peak RSS":
            runner.measures[runner.measures.index(m)] = _with_target(m, "≤ 150 MB", m.value <= 150)
    empty_rss, loaded_rss = value_of(empty, "peak RSS"), value_of(loaded, "peak RSS")
    per_job = value_of(baseline, "memory per job")
    if empty_rss is not None and loaded_rss is not None:
        per_reminder = (loaded_rss - empty_rss) * 1024 * 1024 / sizes.reminders
        runner.add(
            Measure(
                "scale",
                "coach: memory per pending reminder",
                per_reminder,
                "bytes",
                note="(peak RSS with N − with 0) / N",
            )
        )
        if per_job is not None:
            # A difference within noise (or below zero) counts as one byte per reminder.
            ratio = per_job / max(per_reminder, 1.0)
            runner.add(
                Measure(
                    "scale",
                    "JobQueue / coach memory per reminder",
                    ratio,
                    "×",
                    target="≥ 10×",
                    met=ratio >= 10,
                    note="coach's figure floored at 1 byte",
                )
            )


def run_load(runner: Runner, sizes: Sizes) -> None:
    """The coach and a bare PTB echo bot, one after the other, under the same load."""
    given = ["--users", str(sizes.load_users), "--seconds", str(sizes.load_seconds)]
    given += ["--rtt", str(sizes.rtt_ms)]
    coach = runner.run("load-coach", "load", "coach", *given)
    echo = runner.run("load-echo", "load", "echo", *given)
    coach_p50, echo_p50 = value_of(coach, "p50 reply latency"), value_of(echo, "p50 reply latency")
    if coach_p50 and echo_p50:
        ratio = coach_p50 / echo_p50
        runner.add(
            Measure(
                "load",
                "p50 reply latency coach / echo",
                ratio,
                "×",
                target="≤ 1.5",
                met=ratio <= 1.5,
            )
        )


def _with_target(m: Measure, target: str, met: bool) -> Measure:
    return Measure(m.scenario, m.measure, m.value, m.unit, target, met, m.note)


def fmt(value: float, unit: str) -> str:
    """Format a value with its unit, with sensible precision."""
    if value != value:  # NaN
        return "n/a"
    magnitude = abs(value)
    whole = unit in ("reminders", "jobs", "errors", "429s", "turns") and float(value).is_integer()
    if whole or magnitude >= 100:
        text = f"{value:,.0f}"
    elif magnitude >= 10:
        text = f"{value:.1f}"
    elif magnitude >= 1:
        text = f"{value:.2f}"
    else:
        text = f"{value:.3f}"
    return f"{text} {unit}" if unit != "×" else f"{text}×"


def machine_note(started_load: tuple[float, float, float]) -> list[str]:
    """Describe the machine, so the numbers can be read in context."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()
    return [
        f"machine: {os.cpu_count()} CPUs ({model}), Python {platform.python_version()},"
        f" {platform.system()} {platform.release()}",
        f"load average at start {started_load[0]:.2f}, at end {load[0]:.2f}"
        " (other processes on this machine make the numbers noisy)",
    ]


def table(measures: list[Measure]) -> str:
    """Return the one table: scenario, measure, value, target, met?"""
    rows = [("scenario", "measure", "value", "target", "met?", "note")]
    for m in measures:
        met = "" if m.met is None else ("yes" if m.met else "NO")
        rows.append((m.scenario, m.measure, fmt(m.value, m.unit), m.target, met, m.note))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [c.rjust(widths[i]) if i == 2 else c.ljust(widths[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m tests.bench")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    parser.add_argument("--extra", action="store_true", help="also the delivery experiments")
    args = parser.parse_args()
    sizes = QUICK if args.quick else Sizes()
    chosen = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    load = os.getloadavg()
    folder = scratch_dir("run")
    runner = Runner(folder)
    began = time.monotonic()
    if "turns" in chosen:
        run_turns(runner, sizes)
    if "scale" in chosen:
        run_scale(runner, sizes)
    window = ["--what-if", "window1"]
    for rtt in ("0", str(sizes.rtt_ms), str(sizes.far_rtt_ms)):
        if "fanout" in chosen:
            fanout = ["--reminders", str(sizes.fanout), "--rtt", rtt]
            runner.run(f"fanout-rtt{rtt}", "delivery", "fanout", *fanout)
            if args.extra:
                runner.run(f"fanout-rtt{rtt}-window1", "delivery", "fanout", *fanout, *window)
        if "lateness" in chosen:
            lateness = ["--reminders", str(sizes.lateness), "--rtt", rtt]
            runner.run(f"lateness-rtt{rtt}", "delivery", "lateness", *lateness)
            if args.extra:
                runner.run(f"lateness-rtt{rtt}-window1", "delivery", "lateness", *lateness, *window)
    if args.extra and "fanout" in chosen:
        strict = ["--reminders", str(sizes.strict_fanout), "--burst", "1"]
        runner.run("fanout-strict", "delivery", "fanout", *strict)
        backlog = ["--reminders", str(2 * sizes.fanout), "--rtt", "0"]
        runner.run("fanout-backlog", "delivery", "fanout", *backlog)
    if "load" in chosen:
        run_load(runner, sizes)
    for stream in folder.glob("updates*.jsonl"):
        stream.unlink()
    print()
    print(table(runner.measures))
    print()
    for line in machine_note(load):
        print(line)
    print(f"total {time.monotonic() - began:.0f} s; logs and raw results in {folder}")
    if runner.failed:
        print(f"FAILED scenarios: {', '.join(runner.failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
