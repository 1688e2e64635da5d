"""Turn cost: user turns through the real PTB Application over the HTTP-seam Bot API double.

    python -m tests.bench.turns coach --out FILE [--turns N] [--users N] [--stream FILE]
    python -m tests.bench.turns echo  --out FILE --stream FILE

`coach` seeds a database (users with interviews), builds the Application exactly as the bot
does (`build_application`), and plays scripted users against it: /start, menu presses, the
signal check, typed labels, commands and free text for the router. Every update it fed is
written to the stream file. `echo` builds a bare PTB Application (an echo bot: text is sent
back, a press is answered and echoed) and replays the same stream.

A turn is `Update.de_json` + `await app.process_update(update)`: PTB's handler dispatch, the
handler, every Bot API call it makes (ExtBot, the rate limiter, the request object, the
JSON both ways) and the double's answer. The double's own time (its HTML checks and JSON) is
measured and subtracted: in production that time is Telegram's, not the bot's.

The coach keeps its own pacer (bot/telegram/pacing.py) and the other bots PTB's
AIORateLimiter, with the production retry setting, but their limits are lifted: at 30
calls/s they would pace this in-process run at Telegram's limit (~15 turns/s) and measure
Telegram's ceiling instead of the bot's cost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import html
import json
import random
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.app import load_content
from bot.clock import SystemClock
from bot.parsing import preload
from bot.settings import Settings
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.pacing import Limits, Pacer
from tests.bench.common import (
    TOKEN,
    Measure,
    log,
    peak_rss_mb,
    percentile,
    scratch_dir,
    setup_logging,
    write_results,
)
from tests.bench.doubles import TimedBotAPI
from tests.bench.seed import open_db, seed_reminders, seed_users, telegram_id
from tests.support.botapi import NOW

WARM_UP = 300
"""Turns played first and not measured (first template compiles, dateparser's lazy loads)."""
ACTIVE_USERS = 500
"""How many of the seeded users talk during the run (each one's turns interleave)."""
COMMANDS = ("/signals", "/interviews", "/reminders", "/prep", "/help", "/timezone", "/cancel")
FREE_TEXT = (
    "should I follow up yet",
    "it's been a week, should I chase them?",
    "do you think I got the job",
    "how do I prepare for the panel",
    "they offered me the job!",
    "I didn't get it",
    "what should I write in the thank you note",
    "I have another interview next week",
    "what reminders do I have",
    "help",
    "hello",
    "asdfgh",
    "next Tuesday 10am",
    "in 3 days at 14:30",
    "Berlin",
    "Initech",
    "Platform Engineer",
    "yes",
    "not sure",
    "back",
)
UNTHROTTLED = 1_000_000.0
Turn = tuple[str, dict[str, Any]]
"""What a user did (a command, "press", "typed label", "free text") and the update it made."""
PROFILER: cProfile.Profile | None = None
"""Set by --profile: profiles the measured turns only (not the seeding, not the warm-up)."""


class UnthrottledLimiter(AIORateLimiter):
    """PTB's rate limiter with the production retries, its overall rate lifted for the run."""

    def __init__(self, max_retries: int = 0, **ignored: Any) -> None:
        # The production pacing arguments (overall_max_rate, overall_time_period) are dropped.
        super().__init__(overall_max_rate=UNTHROTTLED, max_retries=max_retries)


def settings(db_path: Path) -> Settings:
    """Return the bot's settings for a benchmark run (the double stands in for Telegram)."""
    return Settings(db_path=db_path, telegram_token=TOKEN)


class ScriptedUsers:
    """Users who press what is on their screen, type labels, commands and free text."""

    def __init__(self, api: TimedBotAPI, users: int, rng: random.Random) -> None:
        self.api = api
        self.rng = rng
        self.ids = [telegram_id(n) for n in rng.sample(range(users), min(ACTIVE_USERS, users))]
        self.update_id = 0
        self.message_id = 10_000
        self.started: set[int] = set()

    def next_update(self) -> Turn:
        """Return what one of the users does next, as Telegram would post it."""
        user = self.rng.choice(self.ids)
        self.update_id += 1
        if user not in self.started:
            self.started.add(user)
            return "/start", self._text(user, "/start")
        live = self.api.keyboards.get(user)
        buttons = (
            [b for row in live["reply_markup"]["inline_keyboard"] for b in row] if live else []
        )
        roll = self.rng.random()
        if roll < 0.06:
            return "/start", self._text(user, "/start")
        if roll < 0.16:
            command = self.rng.choice(COMMANDS)
            return command, self._text(user, command)
        if roll < 0.33:
            return "free text", self._text(user, self.rng.choice(FREE_TEXT))
        if not buttons or live is None:
            return "/start", self._text(user, "/start")
        button = self._pick(buttons)
        if roll < 0.48:
            label = str(button["text"])
            typed = label.lower() if self.rng.random() < 0.3 else label
            return "typed label", self._text(user, typed)
        return "press", self._press(user, live, str(button["callback_data"]))

    def _pick(self, buttons: list[dict[str, Any]]) -> dict[str, Any]:
        """A button to press: Back or Cancel now and then, otherwise one of the answers."""
        answers = [b for b in buttons if "|nav:" not in b["callback_data"]]
        if answers and self.rng.random() < 0.94:
            return self.rng.choice(answers)
        return self.rng.choice(buttons)

    def _user(self, user: int) -> dict[str, Any]:
        return {"id": user, "is_bot": False, "first_name": "Sam"}

    def _text(self, user: int, text: str) -> dict[str, Any]:
        self.message_id += 1
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": NOW,
            "chat": {"id": user, "type": "private"},
            "from": self._user(user),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": self.update_id, "message": message}

    def _press(self, user: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        shown = {k: v for k, v in message.items() if k != "html"}
        query = {
            "id": str(self.update_id),
            "from": self._user(user),
            "chat_instance": str(user),
            "data": data,
            "message": shown,
        }
        return {"update_id": self.update_id, "callback_query": query}


async def play(
    app: Application[Any, Any, Any, Any, Any, Any],
    api: TimedBotAPI,
    updates: Iterator[Turn],
    turns: int,
    stream: Any | None,
    budget: float = float("inf"),
) -> dict[str, Any]:
    """Feed `turns` updates after the warm-up (fewer if `budget` seconds run out); return
    per-turn times, their kinds, and counts."""
    bot_times: list[float] = []
    total_times: list[float] = []
    cpu_times: list[float] = []
    kinds: list[str] = []
    calls = 0
    errors: list[BaseException] = []

    async def record(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        if context.error is not None:
            errors.append(context.error)

    app.add_error_handler(record)
    gc.collect()
    wall = 0.0
    for n in range(WARM_UP + turns):
        turn = next(updates, None)
        if turn is None or (n > WARM_UP and time.perf_counter() - wall > budget):
            break
        kind, payload = turn
        if n == WARM_UP:
            calls, api.requests, errors[:] = 0, 0, []
            wall = time.perf_counter()
            if PROFILER is not None:
                PROFILER.enable()
        busy = api.busy
        cpu = time.process_time()
        started = time.perf_counter()
        update = Update.de_json(payload, app.bot)
        await app.process_update(update)
        elapsed = time.perf_counter() - started
        if stream is not None:
            made = [[call.method, call.params] for call in api.calls]
            stream.write(json.dumps({"kind": kind, "update": payload, "calls": made}) + "\n")
        api.calls.clear()
        if n >= WARM_UP:
            total_times.append(elapsed)
            bot_times.append(elapsed - (api.busy - busy))
            cpu_times.append(time.process_time() - cpu - (api.busy - busy))
            kinds.append(kind)
    wall = time.perf_counter() - wall
    if PROFILER is not None:
        PROFILER.disable()
    calls = api.requests
    return {
        "bot_times": bot_times,
        "total_times": total_times,
        "kinds": kinds,
        "cpu_times": cpu_times,
        "wall": wall,
        "calls": calls,
        "errors": [repr(e) for e in errors[:5]],
        "error_count": len(errors),
    }


async def run_coach(
    turns: int,
    users: int,
    stream_path: Path,
    budget: float = float("inf"),
) -> dict[str, Any]:
    """Seed the database, start the coach's Application, play the scripted users."""
    folder = scratch_dir("turns")
    db_path = folder / "coach.db"
    now = datetime.now(UTC)
    db = open_db(db_path)
    seed_users(db, users, now)
    # Each user's interview has its reminders planned, days ahead (none fall due in the run).
    seed_reminders(
        db, users * 7, users, now.replace(microsecond=0) + timedelta(days=3), timedelta(days=60)
    )
    db.close()
    log(f"seeded {users} users with interviews and {users * 7} reminders")

    store = Store.open(db_path)
    preload()  # as bot.telegram.run does at start-up (there in a thread)
    clock = SystemClock()
    content = load_content()
    api = TimedBotAPI(record_calls=True)  # play() drains them per turn into the stream
    # The coach's own pacer, its limits lifted like the other bots' (429s still retried).
    pacer = Pacer(Limits.lifted())
    app, _deps = build_application(
        settings(db_path), store, clock, content, request=api, pacer=pacer
    )
    users_script = ScriptedUsers(api, users, random.Random(2024))

    def updates() -> Iterator[Turn]:
        while True:
            yield users_script.next_update()

    try:
        async with app:
            assert app.post_init is not None
            await app.post_init(app)  # publishes the commands, starts the reminder dispatcher
            await app.start()
            with stream_path.open("w") as stream:
                result = await play(app, api, updates(), turns, stream, budget)
            await app.stop()
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
    result["rss_mb"] = peak_rss_mb()
    return result


def echo_application(api: TimedBotAPI) -> Application[Any, Any, Any, Any, Any, Any]:
    """Return a bare PTB echo bot over the double, with the same rate limiter settings."""
    app = (
        Application.builder()
        .token(TOKEN)
        .rate_limiter(UnthrottledLimiter(max_retries=Limits().retries))
        .request(api)
        .get_updates_request(api)
        .build()
    )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is not None and message.text is not None:
            await message.reply_text(html.escape(message.text), parse_mode=ParseMode.HTML)

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or update.effective_chat is None:
            return
        await query.answer()
        await context.bot.send_message(
            update.effective_chat.id, html.escape(query.data or "?"), parse_mode=ParseMode.HTML
        )

    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


async def run_echo(turns: int, stream_path: Path) -> dict[str, Any]:
    """Replay the coach's stream of updates through a bare PTB echo bot."""
    api = TimedBotAPI(record_calls=False)
    app = echo_application(api)

    def updates() -> Iterator[Turn]:
        with stream_path.open() as stream:
            for line in stream:
                recorded = json.loads(line)
                yield recorded["kind"], recorded["update"]

    async with app:
        await app.start()
        result = await play(app, api, updates(), turns, None)
        await app.stop()
    result["rss_mb"] = peak_rss_mb()
    return result


def calls_only_application(
    api: TimedBotAPI, recorded: list[list[tuple[str, dict[str, Any]]]]
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Return a PTB bot with no coach in it that makes, for each update, exactly the Bot API
    calls the coach made for it (recorded in the stream), through PTB's typed methods.

    Its cost is PTB's share of a coach turn: dispatch, building the keyboards, serialising
    the requests, parsing the answers. The coach's turn minus this is the coach's own work.
    """
    app = (
        Application.builder()
        .token(TOKEN)
        .rate_limiter(UnthrottledLimiter(max_retries=Limits().retries))
        .request(api)
        .get_updates_request(api)
        .build()
    )

    async def replay(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        for method, params in recorded.pop(0):
            # The coach ignores "message is not modified" and too-old edits the same way.
            with contextlib.suppress(BadRequest):
                await _call(context.bot, method, params)

    app.add_handler(TypeHandler(Update, replay))
    return app


async def _call(bot: Any, method: str, params: dict[str, Any]) -> None:
    """Make one recorded Bot API call through PTB's typed method for it."""
    markup = _markup(params.get("reply_markup"))
    if method == "answerCallbackQuery":
        await bot.answer_callback_query(params["callback_query_id"], text=params.get("text"))
    elif method == "sendMessage":
        await bot.send_message(
            params["chat_id"],
            params["text"],
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
            disable_web_page_preview=True,
        )
    elif method == "editMessageText":
        await bot.edit_message_text(
            params["text"],
            chat_id=params["chat_id"],
            message_id=params["message_id"],
            parse_mode=params.get("parse_mode"),
            reply_markup=markup,
        )
    elif method == "editMessageReplyMarkup":
        await bot.edit_message_reply_markup(
            chat_id=params["chat_id"], message_id=params["message_id"], reply_markup=markup
        )
    else:
        raise ValueError(f"the calls-only bot cannot replay {method}")


def _markup(raw: Any) -> InlineKeyboardMarkup | None:
    """Build a recorded inline keyboard the way the coach does: button by button."""
    if isinstance(raw, str):
        raw = json.loads(raw)
    if not raw:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row]
            for row in raw["inline_keyboard"]
        ]
    )


async def run_calls_only(turns: int, stream_path: Path) -> dict[str, Any]:
    """Replay the coach's stream through the calls-only bot (see calls_only_application)."""
    api = TimedBotAPI(record_calls=False)
    recorded: list[list[tuple[str, dict[str, Any]]]] = []
    app = calls_only_application(api, recorded)

    def updates() -> Iterator[Turn]:
        with stream_path.open() as stream:
            for line in stream:
                turn = json.loads(line)
                recorded.append([(method, params) for method, params in turn["calls"]])
                yield turn["kind"], turn["update"]

    async with app:
        await app.start()
        result = await play(app, api, updates(), turns, None)
        await app.stop()
    if recorded:
        raise RuntimeError(f"{len(recorded)} turns' calls were not replayed")
    result["rss_mb"] = peak_rss_mb()
    return result


def measures(bot_name: str, result: dict[str, Any], turns: int) -> list[Measure]:
    """Turn the raw result into the measures the table shows."""
    bot_times: list[float] = result["bot_times"]
    scenario = f"turns/{bot_name}"
    measured = len(bot_times)
    short = ""
    if measured < turns:
        short = "the coach's stream" if bot_name != "coach" else f"time budget hit; {turns} asked"
    turns = measured
    rows = [
        Measure(scenario, "turns measured", turns, "turns", note=short),
        Measure(scenario, "turns/s (bot's own time)", turns / sum(bot_times), "turns/s"),
        Measure(
            scenario,
            "turns/s (incl. the double)",
            turns / result["wall"],
            "turns/s",
            note="wall clock, the double's checks included",
        ),
        Measure(scenario, "p50 turn time", percentile(bot_times, 50) * 1000, "ms"),
        Measure(
            scenario,
            "p99 turn time",
            percentile(bot_times, 99) * 1000,
            "ms",
            target="≤ 5 ms" if bot_name == "coach" else "",
            met=percentile(bot_times, 99) <= 0.005 if bot_name == "coach" else None,
        ),
        Measure(scenario, "max turn time", max(bot_times) * 1000, "ms"),
        Measure(
            scenario,
            "p99 turn CPU time",
            percentile(result["cpu_times"], 99) * 1000,
            "ms",
            note="CPU only: no waiting for the disk or other processes",
        ),
        Measure(scenario, "Bot API calls per turn", result["calls"] / turns, "calls"),
        Measure(scenario, "errors", result["error_count"], "errors"),
    ]
    return rows


def kind_breakdown(kinds: list[str], times: list[float]) -> dict[str, dict[str, float]]:
    """Per kind of turn: how many, mean, p50, p99 (ms) and share of the total time."""
    grouped: dict[str, list[float]] = {}
    for kind, spent in zip(kinds, times, strict=True):
        grouped.setdefault(kind, []).append(spent)
    total = sum(times) or 1.0
    stats = {
        kind: {
            "n": len(spent),
            "mean_ms": sum(spent) / len(spent) * 1000,
            "p50_ms": percentile(spent, 50) * 1000,
            "p99_ms": percentile(spent, 99) * 1000,
            "share": sum(spent) / total,
        }
        for kind, spent in grouped.items()
    }
    return dict(sorted(stats.items(), key=lambda item: -item[1]["share"]))


def main() -> None:
    """Run one bot's turns and write its measures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("bot", choices=("coach", "echo", "calls"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--turns", type=int, default=5000)
    parser.add_argument(
        "--budget",
        type=float,
        default=float("inf"),
        help="stop measuring after this many seconds (the coach only; echo replays as many)",
    )
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--stream", type=Path, required=True)
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the run here")
    args = parser.parse_args()
    setup_logging(f"turns-{args.bot}")
    global PROFILER
    PROFILER = cProfile.Profile() if args.profile else None
    if args.bot == "coach":
        result = asyncio.run(run_coach(args.turns, args.users, args.stream, args.budget))
    elif args.bot == "calls":
        result = asyncio.run(run_calls_only(args.turns, args.stream))
    else:
        result = asyncio.run(run_echo(args.turns, args.stream))
    if PROFILER is not None:
        PROFILER.dump_stats(args.profile)
    by_kind = kind_breakdown(result["kinds"], result["bot_times"])
    log(
        f"{args.bot}: {len(result['bot_times'])} turns,"
        f" {len(result['bot_times']) / sum(result['bot_times']):.0f} turns/s"
        f" (bot's own time), errors {result['error_count']} {result['errors']}"
    )
    for kind, stats in by_kind.items():
        log(
            f"  {kind:12} n={stats['n']:5.0f}  mean {stats['mean_ms']:7.2f} ms"
            f"  p50 {stats['p50_ms']:7.2f} ms  p99 {stats['p99_ms']:7.2f} ms"
            f"  share of time {stats['share']:5.1%}"
        )
    extra = {
        "by_kind": by_kind,
        "bot_seconds": sum(result["bot_times"]),
        "total_seconds": sum(result["total_times"]),
        "p99_total_ms": percentile(result["total_times"], 99) * 1000,
        "rss_mb": result["rss_mb"],
    }
    write_results(args.out, measures(args.bot, result, args.turns), extra)


if __name__ == "__main__":
    main()
