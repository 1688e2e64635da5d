"""The load benchmark: many people chatting at once, through Telegram's limits, 50 ms away.

    python -m tests.bench.load coach --out FILE [--users 50] [--seconds 60] [--rtt 50]
    python -m tests.bench.load echo  --out FILE [--users 50] [--seconds 60] [--rtt 50]

`coach` builds the Application with `build_application`, as in production (its pacer, its
update processor, a fresh database, the system clock). `echo` is a bare PTB echo bot with
PTB's defaults (no rate limiter, one update at a time): text is sent back, a press is
answered and its data sent back. Both poll (`start_polling(poll_interval=0, timeout=10)`, what
`run_polling` does) a double that enforces Telegram's documented limits (tests/bench/limits.py)
and answers after a round trip (25 ms each way, as delivery.py does).

Each simulated person is a closed loop: act, wait for the answer, think, act again. What they
do follows turns.py's mix (6 % /start, 10 % another command, 17 % free text, 15 % a button's
label typed, the rest a press of a button on screen; with no button on screen, /start) and a
tenth of typed messages is followed half a second later by a second one (a quick
afterthought), so one chat does have two updates in flight. Think time, from the answer to
the next action: 2-5 s before a press (read a short reply, tap), 4-10 s before typing (read,
then type a few words at a phone's ~40 words a minute), uniform. So 50 people make about 10
updates a second, ~15 messages a second: half of Telegram's overall limit, the load of a bot
in a busy hour, not a flood.

Measured per bot, over the updates handed to it during the run:
- reply latency: from the moment the double hands the update over in a getUpdates answer to
  the moment it accepts the first call that shows that chat an answer (a sendMessage, a
  sendDocument or an editMessageText) made after the bot started handling the update; the
  start is marked by a handler in the first group, so an answer to an earlier update is never
  counted. It includes both network legs (25 ms each) and any pacing.
- turns answered; lost: updates with no answer 30 s after the run ended (or after they were
  handed, whichever is later);
- out of order: updates of one chat whose handling started before an earlier update of the
  chat (by update_id) had started or finished;
- 429s the double answered.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import itertools
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
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
from tests.bench.common import (
    TOKEN,
    Measure,
    log,
    percentile,
    scratch_dir,
    setup_logging,
    write_results,
)
from tests.bench.limits import LimitedBotAPI
from tests.bench.turns import COMMANDS, FREE_TEXT
from tests.support.botapi import NOW

PRESS_THINK = (2.0, 5.0)
TYPE_THINK = (4.0, 10.0)
AFTERTHOUGHT = 0.10
"""Share of typed messages followed by a second one..."""
AFTERTHOUGHT_DELAY = 0.5
"""...this many seconds later, before the answer came."""
REPLY_TIMEOUT = 30.0
"""A person who gets no answer for this long counts the update lost and goes on."""
FIRST_USER = 7_000_001
MARK_START, MARK_END = -100, 100
"""Handler groups of the markers: before the coach's guards, after every handler."""


@dataclass
class Handled:
    """One update: who sent it and when each thing happened to it (monotonic seconds)."""

    update_id: int
    chat: int
    kind: str
    offered: float
    started: float | None = None
    ended: float | None = None
    answered: float | None = None


@dataclass
class Run:
    """Everything a run records."""

    api: LimitedBotAPI
    updates: dict[int, Handled] = field(default_factory=dict)
    waiting: dict[int, asyncio.Event] = field(default_factory=dict)
    next_update: int = 0
    next_message: int = 10_000

    def answered(self, chat: int, when: float) -> None:
        """An answer reached `chat`: it answers the chat's started, unanswered updates."""
        open_ones = [
            h
            for h in self.updates.values()
            if h.chat == chat and h.answered is None and h.started is not None
        ]
        for handled in open_ones:
            if handled.started is not None and handled.started <= when:
                handled.answered = when
        if all(h.answered is not None for h in self.updates.values() if h.chat == chat):
            event = self.waiting.get(chat)
            if event is not None:
                event.set()

    async def start_mark(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """First handler group: the bot starts handling an update."""
        if isinstance(update, Update) and update.update_id in self.updates:
            self.updates[update.update_id].started = time.monotonic()

    async def end_mark(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Last handler group: the bot is done with an update."""
        if isinstance(update, Update) and update.update_id in self.updates:
            self.updates[update.update_id].ended = time.monotonic()

    def mark(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Add the start and end markers to a bot."""
        app.add_handler(TypeHandler(Update, self.start_mark), group=MARK_START)
        app.add_handler(TypeHandler(Update, self.end_mark), group=MARK_END)

    def offer(self, chat: int, kind: str, payload: dict[str, Any]) -> None:
        """Hand Telegram one update from `chat`."""
        self.next_update += 1
        update = {"update_id": self.next_update, **payload}
        self.updates[self.next_update] = Handled(self.next_update, chat, kind, time.monotonic())
        self.waiting.setdefault(chat, asyncio.Event()).clear()
        self.api.offer(update)


class Person:
    """One person in a private chat: acts, waits for the answer, thinks, acts again."""

    def __init__(self, run: Run, chat: int, rng: random.Random, has_buttons: bool) -> None:
        self.run = run
        self.chat = chat
        self.rng = rng
        self.has_buttons = has_buttons
        self.started = False

    async def live(self, until: float) -> None:
        """Chat until the run's end."""
        await asyncio.sleep(self.rng.uniform(0, PRESS_THINK[1]))  # people do not start at once
        while time.monotonic() < until:
            kind = self.act()
            if kind != "press" and self.rng.random() < AFTERTHOUGHT:
                await asyncio.sleep(AFTERTHOUGHT_DELAY)
                self.type("afterthought", self.rng.choice(FREE_TEXT))
            waiting = self.run.waiting[self.chat]
            with contextlib.suppress(TimeoutError):  # lost: counted at the end
                await asyncio.wait_for(waiting.wait(), REPLY_TIMEOUT)
            think = PRESS_THINK if self.next_is_press() else TYPE_THINK
            await asyncio.sleep(self.rng.uniform(*think))

    def next_is_press(self) -> bool:
        """Peek: will the next action be a press (the roll is redrawn when it comes)?"""
        return self.rng.random() >= 0.48

    def act(self) -> str:
        """Do one thing, as turns.py's scripted users do; return what it was."""
        if not self.started:
            self.started = True
            return self.type("/start", "/start")
        roll = self.rng.random()
        if roll < 0.06:
            return self.type("/start", "/start")
        if roll < 0.16:
            return self.type("command", self.rng.choice(COMMANDS))
        if roll < 0.33:
            return self.type("free text", self.rng.choice(FREE_TEXT))
        live = self.run.api.keyboards.get(self.chat)
        if not self.has_buttons:
            live = live or self._plain_message()
            button = {"text": "Yes", "callback_data": "yes"}
        elif live is None:
            return self.type("/start", "/start")
        else:
            buttons = [b for row in live["reply_markup"]["inline_keyboard"] for b in row]
            answers = [b for b in buttons if "|nav:" not in b["callback_data"]]
            pool = answers if answers and self.rng.random() < 0.94 else buttons
            button = self.rng.choice(pool)
        if roll < 0.48:
            label = str(button["text"])
            return self.type("typed label", label.lower() if self.rng.random() < 0.3 else label)
        return self.press(live, str(button["callback_data"]))

    def type(self, kind: str, text: str) -> str:
        """Send a text message (a command if it starts with /)."""
        self.run.next_message += 1
        message: dict[str, Any] = {
            "message_id": self.run.next_message,
            "date": NOW,
            "chat": {"id": self.chat, "type": "private"},
            "from": self._user(),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        self.run.offer(self.chat, kind, {"message": message})
        return kind

    def press(self, message: dict[str, Any], data: str) -> str:
        """Press a button under `message`."""
        shown = {k: v for k, v in message.items() if k != "html"}
        query = {
            "id": str(self.run.next_update + 1),
            "from": self._user(),
            "chat_instance": str(self.chat),
            "data": data,
            "message": shown,
        }
        self.run.offer(self.chat, "press", {"callback_query": query})
        return "press"

    def _user(self) -> dict[str, Any]:
        return {"id": self.chat, "is_bot": False, "first_name": "Sam"}

    def _plain_message(self) -> dict[str, Any]:
        """The echo bot's last message, as the echo bot shows no buttons to press."""
        return {
            "message_id": 1,
            "date": NOW,
            "chat": {"id": self.chat, "type": "private"},
            "text": "echo",
        }


def echo_bot(api: LimitedBotAPI) -> Application[Any, Any, Any, Any, Any, Any]:
    """A bare PTB echo bot with PTB's defaults (no rate limiter, one update at a time)."""
    app = Application.builder().token(TOKEN).request(api).get_updates_request(api).build()

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


async def load(which: str, users: int, seconds: float, rtt: float) -> dict[str, Any]:
    """Run `users` people against one bot for `seconds`; return what happened."""
    api = LimitedBotAPI(rtt=rtt)
    run = Run(api)
    api.listeners.append(run.answered)
    folder = scratch_dir("load")
    store: Store | None = None
    if which == "coach":
        store = Store.open(folder / "coach.db")
        preload()  # as bot.telegram.run does at start-up (there in a thread)
        settings = Settings(db_path=folder / "coach.db", telegram_token=TOKEN)
        app, _ = build_application(settings, store, SystemClock(), load_content(), request=api)
        app_any: Application[Any, Any, Any, Any, Any, Any] = app
    else:
        app_any = echo_bot(api)
    run.mark(app_any)
    rng = random.Random(2024)
    people = [
        Person(run, FIRST_USER + n, random.Random(rng.random()), which == "coach")
        for n in range(users)
    ]
    try:
        async with app_any:
            if app_any.post_init is not None:
                await app_any.post_init(app_any)
            assert app_any.updater is not None
            await app_any.updater.start_polling(poll_interval=0, timeout=10)
            await app_any.start()
            began = time.monotonic()
            until = began + seconds
            await asyncio.gather(*(person.live(until) for person in people))
            ended = time.monotonic()
            await app_any.updater.stop()
            await app_any.stop()
    finally:
        if store is not None:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "run": run,
        "began": began,
        "ended": ended,
        "too_many": api.too_many,
        "refused": api.refused,
    }


def out_of_order(handled: list[Handled]) -> int:
    """Updates of a chat whose handling began before an earlier one's began or ended."""
    by_chat: dict[int, list[Handled]] = {}
    for h in handled:
        if h.started is not None:
            by_chat.setdefault(h.chat, []).append(h)
    bad = 0
    for chat_updates in by_chat.values():
        chat_updates.sort(key=lambda h: h.update_id)
        for earlier, later in itertools.pairwise(chat_updates):
            assert earlier.started is not None and later.started is not None
            if later.started < earlier.started or (
                earlier.ended is not None and later.started < earlier.ended
            ):
                bad += 1
    return bad


def measures(which: str, result: dict[str, Any], users: int, seconds: float) -> list[Measure]:
    """Turn a run into the table's rows."""
    run: Run = result["run"]
    handed = [h for h in run.updates.values() if h.update_id in run.api.handed]
    latencies = [h.answered - run.api.handed[h.update_id] for h in handed if h.answered is not None]
    lost = [h for h in handed if h.answered is None]
    never_handed = len(run.updates) - len(handed)
    scenario = f"load/{which}, {users} users × {seconds:g} s"
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    coach = which == "coach"
    span = result["ended"] - result["began"]
    by_kind: dict[str, list[float]] = {}
    for h in handed:
        if h.answered is not None:
            by_kind.setdefault(h.kind, []).append(h.answered - run.api.handed[h.update_id])
    kinds = ", ".join(
        f"{kind} {percentile(values, 50) * 1000:.0f}"
        for kind, values in sorted(by_kind.items(), key=lambda item: -len(item[1]))
    )
    disorder = out_of_order(handed)
    return [
        Measure(
            scenario,
            "turns answered",
            len(latencies),
            "turns",
            note=f"{len(latencies) / span:.1f}/s",
        ),
        Measure(scenario, "p50 reply latency", p50 * 1000, "ms", note=f"p50 by kind (ms): {kinds}"),
        Measure(
            scenario,
            "p99 reply latency",
            p99 * 1000,
            "ms",
            target="≤ 2000 ms" if coach else "",
            met=p99 <= 2 if coach else None,
        ),
        Measure(scenario, "max reply latency", max(latencies, default=float("nan")) * 1000, "ms"),
        Measure(
            scenario,
            "lost (never answered)",
            len(lost),
            "turns",
            target="0" if coach else "",
            met=not lost if coach else None,
            note=f"{never_handed} offered but not yet fetched at the end" if never_handed else "",
        ),
        Measure(
            scenario,
            "out of order within a chat",
            disorder,
            "turns",
            target="0" if coach else "",
            met=disorder == 0 if coach else None,
        ),
        Measure(
            scenario,
            "429s received",
            result["too_many"],
            "429s",
            target="0" if coach else "",
            met=result["too_many"] == 0 if coach else None,
            note=", ".join(f"{k} {v}" for k, v in sorted(result["refused"].items())),
        ),
        Measure(scenario, "messages and edits accepted", len(run.api.answers), "calls"),
    ]


def main() -> None:
    """Run the load benchmark against one bot and write its measures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("bot", choices=("coach", "echo"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rtt", type=float, default=50.0, help="the double's round trip, ms")
    args = parser.parse_args()
    setup_logging(f"load-{args.bot}")
    result = asyncio.run(load(args.bot, args.users, args.seconds, args.rtt / 1000))
    rows = measures(args.bot, result, args.users, args.seconds)
    for row in rows:
        log(f"{row.scenario}: {row.measure} {row.value:.1f} {row.unit} {row.note}")
    write_results(args.out, rows)


if __name__ == "__main__":
    main()
