"""Build the python-telegram-bot Application around the coach; running it is run.py's job."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

from telegram import BotCommand, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ContextTypes,
    ExtBot,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest

from bot.app import Content, build_coach, load_content
from bot.clock import Clock
from bot.settings import Settings
from bot.store import Store
from bot.telegram.buttons import ButtonHandlers
from bot.telegram.deps import Deps
from bot.telegram.errors import ErrorHandler
from bot.telegram.guards import Guards
from bot.telegram.messages import MessageHandlers
from bot.telegram.pacing import Pacer
from bot.telegram.reminders import reminder_dispatcher
from bot.telegram.sending import OpenKeyboards
from bot.telegram.startup import publish_commands
from bot.telegram.updates import ChatLanes

CoachApplication: TypeAlias = Application[
    ExtBot[int],  # int: the rate limiter's per-call arguments
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]

GUARDS_GROUP = -1


def build_application(
    settings: Settings,
    store: Store,
    clock: Clock,
    content: Content | None = None,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    pacer: Pacer | None = None,
) -> tuple[CoachApplication, Deps]:
    """Return the Application with every handler registered, and what its handlers use.

    The reminder dispatcher is made before the coach, so the coach is built with its
    listener; it starts delivering once the application has started. Tests pass a Bot API
    double as `request`, and may pass a `pacer` with other limits or an injected clock.
    Updates of different chats are handled concurrently, those of one chat in order
    (bot/telegram/updates.py).
    """
    settings.check_telegram()
    assert settings.telegram_token is not None
    content = content or load_content()
    keyboards = OpenKeyboards()
    builder = (
        Application.builder()
        .token(settings.telegram_token)
        .rate_limiter(pacer or Pacer())  # only what Telegram limits: see pacing.py
        .concurrent_updates(ChatLanes(after_update=keyboards.settle))
    )
    if settings.telegram_api_url:
        builder = builder.base_url(f"{settings.telegram_api_url}/bot").base_file_url(
            f"{settings.telegram_api_url}/file/bot"
        )
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    app = builder.build()
    assert app.job_queue is not None  # the job-queue extra is a dependency
    dispatcher = reminder_dispatcher(
        store, clock, content, app.bot, app.job_queue.scheduler, settings.reminder_window_size
    )
    deps = Deps(
        coach=build_coach(store, clock, content, listener=dispatcher.arm),
        store=store,
        clock=clock,
        dispatcher=dispatcher,
        keyboards=keyboards,
    )
    app.post_init = _start(deps)
    register(app, deps)
    return app, deps


def register(app: CoachApplication, deps: Deps) -> None:
    """Attach the guards, the handlers and the error handler."""
    guards, messages, buttons = Guards(deps), MessageHandlers(deps), ButtonHandlers(deps)
    # Groups first, so that nothing at all (not even an update id) is stored for them.
    app.add_handler(TypeHandler(Update, guards.private_only), group=GUARDS_GROUP - 1)
    app.add_handler(TypeHandler(Update, guards.once), group=GUARDS_GROUP)
    app.add_handler(CallbackQueryHandler(buttons.pressed))
    app.add_handler(MessageHandler(filters.UpdateType.EDITED, messages.edited))
    app.add_handler(MessageHandler(filters.TEXT, messages.text))
    app.add_handler(MessageHandler(filters.LOCATION, messages.location))
    app.add_handler(MessageHandler(filters.ALL, messages.other))
    app.add_error_handler(ErrorHandler(deps))


def _start(deps: Deps) -> Callable[[CoachApplication], Coroutine[Any, Any, None]]:
    async def publish(app: CoachApplication) -> None:
        """Publish the command menu (the built commands) and start delivering reminders.

        The menu is cosmetic: if Telegram refuses it the bot runs on (one warning).
        """
        await publish_commands(
            app.bot,
            [
                BotCommand(name, command.description)
                for name, command in deps.coach.commands.items()
                if not command.planned
            ],
        )
        deps.dispatcher.start()

    return publish
