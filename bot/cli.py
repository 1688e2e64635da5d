"""The `interview-coach` command: chat, check, telegram, run."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from datetime import UTC
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]

from bot.app import build_coach, load_content
from bot.check import check
from bot.clock import SystemClock
from bot.console import ConsoleChat, ConsoleScreen, read_lines
from bot.domain.problems import DialogError
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher
from bot.router.cli import route_command
from bot.settings import Settings, SettingsError
from bot.store import DatabaseBusy, Store
from bot.telegram import redaction
from bot.telegram.run import run_telegram

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interview-coach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    chat = sub.add_parser("chat", help="chat with the coach in this terminal")
    chat.add_argument("--db", type=Path, help="SQLite file (default: $COACH_DB or the data dir)")
    chat.add_argument("--user", help="your name in this database (default: your login name)")
    sub.add_parser("run", help="the Telegram bot when TELEGRAM_BOT_TOKEN is set, else the chat")
    sub.add_parser("telegram", help="run the Telegram bot (polling, or webhook if configured)")
    backup = sub.add_parser("backup", help="write a consistent copy of the database, live")
    backup.add_argument("target", type=Path, help="where to write the copy")
    backup.add_argument("--db", type=Path, help="SQLite file (default: $COACH_DB or the data dir)")
    route = sub.add_parser("route", help="print which intent free text is routed to")
    route.add_argument("text", help="what a user might type")
    chk = sub.add_parser("check", help="validate every dialog and template; non-zero on problems")
    chk.add_argument("--dialogs", type=Path, help="dialogs folder (default: the shipped one)")
    chk.add_argument("--templates", type=Path, help="templates folder (default: the shipped one)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # The token and the webhook secret never reach a log line; httpx (which logs request
    # URLs, and Bot API URLs hold the token) is quieted to WARNING.
    redaction.install([settings.telegram_token or "", settings.webhook_secret or ""])
    logging.getLogger("apscheduler").setLevel(logging.WARNING)

    if args.command == "check":
        return _check(args.dialogs, args.templates)
    if args.command == "route":
        print("\n".join(route_command(args.text)))
        return 0
    if args.command == "backup":
        return _backup(args.db or settings.db_path, args.target)
    if args.command == "telegram" or (args.command == "run" and settings.telegram_token):
        return _telegram(settings)
    db = getattr(args, "db", None) or settings.db_path
    user = getattr(args, "user", None) or _login_name()
    return _chat(db, user)


def _check(dialogs: Path | None, templates: Path | None) -> int:
    problems = check(dialogs, templates)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print("dialogs and templates OK")
    return 0


def _chat(db: Path, user: str) -> int:
    try:
        store = Store.open(db)
    except Exception as exc:  # any failure to open is told to the user plainly
        print(f"cannot open the database {db}: {exc}", file=sys.stderr)
        return 2
    user_id = f"cli:{user}"
    screen = ConsoleScreen(sys.stdout)
    scheduler = AsyncIOScheduler(timezone=UTC)
    clock = SystemClock()
    try:
        content = load_content()
        dispatcher = Dispatcher(
            store,
            clock,
            screen.deliver,
            ReminderComposer(store, content.renderer, content.plan),
            scheduler,
            owns=lambda owner: owner == user_id,
        )
        coach = build_coach(store, clock, content, listener=dispatcher.arm)
    except DialogError as exc:
        store.close()
        print(f"the dialogs have problems:\n{exc}", file=sys.stderr)
        return 1
    chat = ConsoleChat(coach, user_id, sys.stdout, screen=screen)
    try:
        asyncio.run(_chat_session(chat, dispatcher, scheduler))
    except KeyboardInterrupt:
        print()
    finally:
        store.close()
    return 0


async def _chat_session(
    chat: ConsoleChat, dispatcher: Dispatcher, scheduler: AsyncIOScheduler
) -> None:
    """Run the terminal chat, printing reminders for this user as they fall due."""
    interactive = sys.stdin.isatty()
    scheduler.start()
    dispatcher.start()
    try:
        await chat.run(read_lines(asyncio.get_running_loop(), interactive), echo=not interactive)
    finally:
        scheduler.shutdown(wait=False)


def _telegram(settings: Settings) -> int:
    try:
        run_telegram(settings)
    except (SettingsError, DatabaseBusy) as exc:
        print(f"cannot start the Telegram bot: {exc}", file=sys.stderr)
        return 2
    return 0


def _backup(db: Path, target: Path) -> int:
    if not db.exists():
        print(f"no database at {db}", file=sys.stderr)
        return 2
    if target.exists():
        print(f"{target} already exists; choose a new file", file=sys.stderr)
        return 2
    store = Store.open(db)
    try:
        store.backup(target)
    finally:
        store.close()
    print(f"backed up {db} to {target}")
    return 0


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER", "me")


if __name__ == "__main__":
    raise SystemExit(main())
