"""The `interview-coach` command: chat, check, telegram, run."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sqlite3
import sys
from datetime import UTC
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]
from telegram.error import InvalidToken, TelegramError

from bot.app import build_coach, load_content
from bot.check import check
from bot.clock import SystemClock
from bot.console import ConsoleChat, ConsoleScreen, read_lines
from bot.domain.problems import DialogError
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher
from bot.router.cli import route_command
from bot.settings import Settings, SettingsError
from bot.store import DatabaseBusy, DatabaseUnusable, Store
from bot.telegram import redaction
from bot.telegram.run import ListenError, run_telegram

logger = logging.getLogger(__name__)

TOKEN_REJECTED = "Telegram rejected the bot token; check TELEGRAM_BOT_TOKEN"
UNUSABLE = 2
"""The exit status when the bot cannot start as configured (token, database, settings): a
restart would fail the same way (systemd: RestartPreventExitStatus=2)."""


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
    # The token and the webhook secret never reach a log line or a printed traceback; httpx
    # (which logs request URLs, and Bot API URLs hold the token) is quieted to WARNING.
    redaction.install([settings.telegram_token or "", settings.webhook_secret or ""])
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    try:
        return _run(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # the last resort: one line, secrets masked
        logger.debug("unexpected error", exc_info=True)
        line = f"interview-coach: unexpected error: {type(error).__name__}: {error}"
        print(redaction.redact(" ".join(line.splitlines())), file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings: Settings) -> int:
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
    except DatabaseUnusable as exc:
        print(exc, file=sys.stderr)
        return UNUSABLE
    except Exception as exc:  # any failure to open is told to the user plainly
        print(f"cannot open the database {db}: {exc}", file=sys.stderr)
        return UNUSABLE
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
    except InvalidToken:
        # PTB's message holds the token; this one says what to do.
        print(TOKEN_REJECTED, file=sys.stderr)
        return UNUSABLE
    except (SettingsError, DatabaseBusy, DatabaseUnusable, ListenError) as exc:
        print(f"cannot start the Telegram bot: {exc}", file=sys.stderr)
        return UNUSABLE
    except TelegramError as exc:  # a refusal at start-up (say a webhook URL it will not take)
        print(redaction.redact(f"Telegram refused to start the bot: {exc}"), file=sys.stderr)
        return UNUSABLE
    return 0


def _backup(db: Path, target: Path) -> int:
    if not db.exists():
        print(f"no database at {db}", file=sys.stderr)
        return UNUSABLE
    if target.exists():
        print(f"{target} already exists; choose a new file", file=sys.stderr)
        return UNUSABLE
    try:
        store = Store.open(db)
    except DatabaseUnusable as exc:
        print(exc, file=sys.stderr)
        return UNUSABLE
    try:
        store.backup(target)
    except (OSError, sqlite3.Error) as exc:
        print(f"cannot write the backup {target}: {exc}", file=sys.stderr)
        return UNUSABLE
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
