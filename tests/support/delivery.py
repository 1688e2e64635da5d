"""Reminder delivery in tests: the real `Dispatcher` over the test's store and frozen clock,
sending into an `Outbox` instead of a chat. Its scheduler is never started: a test sweeps,
looks at the armed jobs and calls `deliver` itself when it has moved the clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.events import Reply
from bot.features.reminders import ReminderComposer
from bot.reminders.delivery import Dispatcher
from bot.store import Store


@dataclass
class Outbox:
    """What the dispatcher sent, to whom, in order (the dispatcher's Sender)."""

    sent: list[tuple[str, list[Reply]]] = field(default_factory=list)

    async def __call__(self, user_id: str, replies: list[Reply]) -> None:
        self.sent.append((user_id, replies))

    def texts(self, user_id: str) -> list[str]:
        """Every message sent to a user, in order."""
        return [reply.text for to, replies in self.sent if to == user_id for reply in replies]


def dispatcher_for(
    store: Store, clock: FrozenClock, coach: Coach, content: Content, outbox: Outbox
) -> Dispatcher:
    """Return a dispatcher composing reminders as the coach does and sending into `outbox`
    (build it inside an async test: its scheduler belongs to the running event loop)."""
    compose = ReminderComposer(store, coach.renderer, content.plan)
    return Dispatcher(store, clock, outbox, compose, AsyncIOScheduler())


def armed(dispatcher: Dispatcher) -> list[str]:
    """The ids of the reminder jobs the dispatcher has armed ("reminder:12")."""
    return [job.id for job in dispatcher.scheduler.get_jobs() if job.id.startswith("reminder:")]
