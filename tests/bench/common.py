"""What every benchmark process shares: measures, memory, the result file, a scratch folder."""

from __future__ import annotations

import json
import logging
import os
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

TOKEN = "123456789:AAE-bench-token-never-to-be-logged_0123456"


@dataclass(frozen=True)
class Measure:
    """One number a scenario reports: what, how much, in which unit."""

    scenario: str
    measure: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""


def peak_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MB (ru_maxrss is KB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Return this process's resident set size now, in MB (from /proc)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def percentile(values: Sequence[float], p: float) -> float:
    """Return the p-th percentile (0-100) of `values` by the nearest-rank method."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def scratch_dir(name: str) -> Path:
    """Return a fresh folder for a scenario's database (BENCH_TMP, else the system's temp)."""
    base = os.environ.get("BENCH_TMP") or tempfile.gettempdir()
    return Path(tempfile.mkdtemp(prefix=f"coach-bench-{name}-", dir=base))


def write_results(
    out: Path | None, measures: Sequence[Measure], extra: dict[str, Any] | None = None
) -> None:
    """Write the measures as JSON to `out` for the runner (to stdout when there is none)."""
    payload = {"measures": [asdict(m) for m in measures], "extra": extra or {}}
    text = json.dumps(payload, indent=2)
    if out is None:
        print(text)
    else:
        out.write_text(text)


def log(message: str) -> None:
    """Print progress to stderr with a timestamp (stdout stays free)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_logging(name: str) -> None:
    """Send the bot's and PTB's log lines to BENCH_LOG_DIR/<name>.log (else stderr, WARNING+).

    A flood-limit run logs a traceback per refused message; the table should not drown.
    """
    folder = os.environ.get("BENCH_LOG_DIR")
    name = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    if folder:
        logging.basicConfig(
            filename=Path(folder) / f"{name}.log",
            level=logging.WARNING,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            force=True,
        )
    else:
        logging.basicConfig(level=logging.WARNING, force=True)
