"""Static checks of deploy/ and .dockerignore: they parse and say what the README promises.

Nothing here builds the image or starts a service; these only read the files.
"""

from __future__ import annotations

import configparser
import json
import re
import shlex
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
DOCKERFILE = DEPLOY / "Dockerfile"
COMPOSE = DEPLOY / "compose.yaml"
UNIT = DEPLOY / "interview-coach.service"
ENV_EXAMPLE = DEPLOY / ".env.example"
DOCKERIGNORE = REPO / ".dockerignore"
SETTINGS = REPO / "bot" / "settings.py"

BOT_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{30,}")
ENV_NAME = re.compile(r"\b(?:TELEGRAM|COACH)_[A-Z0-9_]*[A-Z0-9]\b")


# --- Dockerfile ----------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """Return (INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued line"
    return instructions


def args_of(keyword: str) -> list[str]:
    return [args for kw, args in dockerfile() if kw == keyword]


def json_or_words(args: str) -> list[str]:
    """Arguments in exec form (a JSON list) or shell form (words)."""
    if args.startswith("["):
        parsed = json.loads(args)
        assert isinstance(parsed, list)
        return [str(item) for item in parsed]
    return shlex.split(args)


def image_env() -> dict[str, str]:
    """The ENV values of the final stage."""
    stages = [i for i, (kw, _) in enumerate(dockerfile()) if kw == "FROM"]
    env: dict[str, str] = {}
    for keyword, args in dockerfile()[stages[-1] :]:
        if keyword != "ENV":
            continue
        words = shlex.split(args)
        if "=" not in words[0]:  # legacy form: ENV KEY value
            env[words[0]] = " ".join(words[1:])
            continue
        for word in words:
            key, _, value = word.partition("=")
            env[key] = value
    return env


def test_dockerfile_uses_a_slim_official_python_311_or_newer() -> None:
    defaults = {}
    for args in args_of("ARG"):
        name, _, value = args.partition("=")
        defaults[name] = value
    stages: set[str] = set()
    for args in args_of("FROM"):
        words = args.split()
        image = re.sub(r"\$\{?(\w+)\}?", lambda m: defaults.get(m.group(1), ""), words[0])
        if image not in stages:
            assert re.fullmatch(r"python:3\.(1[1-9]|[2-9]\d)(\.\d+)?-slim(-\w+)?", image), image
        if len(words) == 3 and words[1].upper() == "AS":
            stages.add(words[2])


def test_dockerfile_runs_as_an_unprivileged_user() -> None:
    instructions = dockerfile()
    users = [i for i, (kw, _) in enumerate(instructions) if kw == "USER"]
    assert users, "no USER: the container would run as root"
    last = instructions[users[-1]][1].split(":")[0]
    assert last not in {"root", "0", ""}
    cmd = max(i for i, (kw, _) in enumerate(instructions) if kw == "CMD")
    assert users[-1] < cmd


def test_dockerfile_installs_the_repository_with_pip_not_editable() -> None:
    installs = []
    for args in args_of("RUN"):
        for command in re.split(r"&&|;|\|\|", args):
            words = shlex.split(command)
            if "pip" in " ".join(words) and "install" in words:
                installs.append(words)
                assert not {"-e", "--editable"} & set(words), command
                assert not any("[dev]" in word for word in words), command
    targets = [word for words in installs for word in words[words.index("install") + 1 :]]
    assert {".", "./"} & set(targets), f"no `pip install .` in {installs}"


def test_dockerfile_keeps_the_database_on_the_volume() -> None:
    volumes = [PurePosixPath(v) for args in args_of("VOLUME") for v in json_or_words(args)]
    assert volumes, "no VOLUME"
    db = PurePosixPath(image_env()["COACH_DB"])
    assert any(db.is_relative_to(volume) and db != volume for volume in volumes), (db, volumes)


def test_dockerfile_builds_the_city_index_where_the_bot_reads_it() -> None:
    # Built at image build time into COACH_CACHE_DIR (the default path of `build`), as root
    # before USER, and not under a volume that would hide it: containers never build it.
    instructions = dockerfile()
    final = max(i for i, (kw, _) in enumerate(instructions) if kw == "FROM")
    builds = [
        i
        for i, (kw, args) in enumerate(instructions)
        if kw == "RUN" and shlex.split(args)[-4:] == ["python", "-m", "bot.parsing.cities", "build"]
    ]
    assert builds, "no `RUN python -m bot.parsing.cities build`"
    user = min(i for i, (kw, _) in enumerate(instructions) if kw == "USER")
    assert final < builds[-1] < user
    cache = PurePosixPath(image_env()["COACH_CACHE_DIR"])
    volumes = [PurePosixPath(v) for args in args_of("VOLUME") for v in json_or_words(args)]
    assert not any(cache.is_relative_to(volume) for volume in volumes), (cache, volumes)


def test_dockerfile_starts_the_telegram_bot() -> None:
    (cmd,) = args_of("CMD")
    assert json_or_words(cmd) == ["interview-coach", "telegram"]
    assert cmd.startswith("["), "exec form, so the bot gets the stop signal directly"


# --- compose.yaml --------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def the_service() -> dict[str, Any]:
    services = compose()["services"]
    assert len(services) == 1, list(services)
    (service,) = services.values()
    assert isinstance(service, dict)
    return service


def test_compose_builds_from_the_repository_with_deploy_dockerfile() -> None:
    build = the_service()["build"]
    assert build["dockerfile"] == "deploy/Dockerfile"
    context = (DEPLOY / build["context"]).resolve()
    assert context == REPO
    assert (context / build["dockerfile"]).resolve() == DOCKERFILE


def test_compose_keeps_the_data_on_a_named_volume() -> None:
    image_volumes = {v for args in args_of("VOLUME") for v in json_or_words(args)}
    named = compose().get("volumes") or {}
    mounts = []
    for volume in the_service()["volumes"]:
        if isinstance(volume, str):
            source, target = volume.split(":")[:2]
        else:
            source, target = volume["source"], volume["target"]
        mounts.append((source, target))
    assert any(source in named and target in image_volumes for source, target in mounts), mounts


def test_compose_reads_dot_env_and_restarts() -> None:
    service = the_service()
    env_files = service["env_file"]
    env_files = [env_files] if isinstance(env_files, str | dict) else env_files
    paths = [f["path"] if isinstance(f, dict) else f for f in env_files]
    assert ".env" in paths
    assert service["restart"] == "unless-stopped"


def test_compose_publishes_ports_on_loopback_only() -> None:
    for port in the_service().get("ports", []):
        host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
        assert host_ip == "127.0.0.1", port


# --- the systemd unit ----------------------------------------------------------------------


def unit() -> configparser.ConfigParser:
    # strict=False: systemd allows repeated keys (Environment=, SystemCallFilter=); the last
    # one wins here, which is enough for the single-valued keys checked below.
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(UNIT.read_text())
    return parser


def unit_environment() -> dict[str, str]:
    """Every Environment= assignment in [Service], repeated keys included."""
    env: dict[str, str] = {}
    section = ""
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if line.startswith("["):
            section = line
        elif section == "[Service]" and line.startswith("Environment="):
            for assignment in shlex.split(line.partition("=")[2]):
                key, _, value = assignment.partition("=")
                env[key] = value
    return env


def test_unit_runs_the_bot_from_the_venv_as_a_dedicated_user() -> None:
    service = unit()["Service"]
    argv = shlex.split(service["ExecStart"].lstrip("-@:+!"))
    assert argv == ["/opt/interview-coach/.venv/bin/interview-coach", "telegram"]
    assert service["User"] not in {"", "root", "0"}
    assert service["EnvironmentFile"].lstrip("-") == "/etc/interview-coach.env"
    assert service["Restart"] == "on-failure"
    assert unit()["Install"]["WantedBy"] == "multi-user.target"


def test_unit_keeps_the_database_in_its_state_directory() -> None:
    state = PurePosixPath("/var/lib") / unit()["Service"]["StateDirectory"]
    db = PurePosixPath(unit_environment()["COACH_DB"])
    assert db.is_relative_to(state) and db != state, (db, state)


def test_unit_keeps_the_city_index_in_its_cache_directory() -> None:
    # ProtectSystem=strict and ProtectHome leave the default ~/.cache unwritable.
    cache = PurePosixPath("/var/cache") / unit()["Service"]["CacheDirectory"]
    assert PurePosixPath(unit_environment()["COACH_CACHE_DIR"]) == cache


@pytest.mark.parametrize(
    ("key", "allowed"),
    [
        ("NoNewPrivileges", {"yes", "true"}),
        ("ProtectSystem", {"strict"}),
        ("ProtectHome", {"yes", "true", "read-only", "tmpfs"}),
        ("PrivateTmp", {"yes", "true"}),
    ],
)
def test_unit_is_hardened(key: str, allowed: set[str]) -> None:
    assert unit()["Service"].get(key) in allowed


# --- .env.example --------------------------------------------------------------------------


def settings_variables() -> set[str]:
    """The TELEGRAM_* / COACH_* names that bot/settings.py mentions."""
    return set(ENV_NAME.findall(SETTINGS.read_text()))


def env_assignments() -> list[tuple[bool, str, str]]:
    """(commented out?, name, value) for every `NAME=value` line, commented out or not."""
    found = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        match = re.fullmatch(r"(#\s*)?([A-Z][A-Z0-9_]*)=(.*)", line.strip())
        if match:
            found.append((bool(match[1]), match[2], match[3]))
    return found


def test_settings_source_names_the_token() -> None:
    # Guards the next test against passing on an empty list.
    assert "TELEGRAM_BOT_TOKEN" in settings_variables()


def test_env_example_lists_every_variable_of_the_settings() -> None:
    listed = {name for _, name, _ in env_assignments()}
    assert settings_variables() <= listed, sorted(settings_variables() - listed)


def test_env_example_has_an_empty_token() -> None:
    tokens = [
        (commented, value)
        for commented, name, value in env_assignments()
        if name == "TELEGRAM_BOT_TOKEN"
    ]
    assert tokens == [(False, "")]


def test_env_example_lines_are_plain_assignments_or_comments() -> None:
    # Both compose's env_file and systemd's EnvironmentFile read these lines.
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*=\S*", line), line


def test_env_example_leaves_paths_to_the_image_and_the_unit() -> None:
    # Set in the file, these would override COACH_DB=/data/... in the image and in the unit.
    active = {name for commented, name, _ in env_assignments() if not commented}
    assert not active & {"COACH_DB", "COACH_LISTEN", "COACH_CACHE_DIR"}


# --- no secrets, and a build context without them ------------------------------------------


def test_deploy_files_hold_no_bot_token() -> None:
    files = [path for path in DEPLOY.rglob("*") if path.is_file()] + [DOCKERIGNORE]
    assert {DOCKERFILE, COMPOSE, UNIT, ENV_EXAMPLE} <= set(files)
    for path in files:
        assert not BOT_TOKEN.search(path.read_text(errors="replace")), path


def dockerignored(path: str) -> bool:
    """Whether .dockerignore leaves `path` (or a folder above it) out of the build context."""
    ignored = False
    for raw in DOCKERIGNORE.read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = ""
        for part in re.split(r"(\*\*/|\*\*|\*|\?)", pattern):
            regex += {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}.get(
                part, re.escape(part)
            )
        parts = path.split("/")
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            ignored = not negate
    return ignored


@pytest.mark.parametrize(
    "path",
    [
        ".git/HEAD",
        ".venv/bin/python",
        "coach.db",
        "data/coach.db-wal",
        ".env",
        "deploy/.env",
        "bot/__pycache__/cli.cpython-311.pyc",
        ".pytest_cache/README.md",
        ".ruff_cache/x",
    ],
)
def test_dockerignore_keeps_out(path: str) -> None:
    assert dockerignored(path)


@pytest.mark.parametrize(
    "path",
    ["pyproject.toml", "README.md", "bot/cli.py", "dialogs/signals.yaml", "templates/x/y.j2"],
)
def test_dockerignore_keeps_what_the_build_needs(path: str) -> None:
    assert not dockerignored(path)


def test_unit_does_not_restart_a_bot_that_cannot_start_as_configured() -> None:
    # Exit code 2 (bot/cli.py UNUSABLE): a rejected token, an unusable database, a bad
    # setting. A restart every RestartSec would fail the same way, forever.
    from bot.cli import UNUSABLE

    prevented = unit()["Service"]["RestartPreventExitStatus"].split()
    assert str(UNUSABLE) in prevented
