"""Keep secrets out of everything the bot prints: log records, tracebacks, the last-resort line.

A secret is masked as written and percent-encoded (as `urllib.parse.quote` or `quote_plus`
writes it into a URL, hex digits in either case), and a bot token's secret half is masked on
its own too. `install` puts a filter on every root handler and routes uncaught exceptions of
the main thread, of other threads and of finalizers (sys.excepthook, threading.excepthook,
sys.unraisablehook) and warnings through the same masking.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import traceback
from collections.abc import Iterable
from types import TracebackType

MASK = "[REDACTED]"
_MIN_PART = 8  # a token's secret half shorter than this would mask ordinary words


def _hex_any_case(byte: int) -> str:
    return "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in f"{byte:02X}")


def _pattern(secret: str) -> str:
    """A regex matching `secret` with any of its characters written raw or percent-encoded."""
    parts: list[str] = []
    for char in secret:
        encoded = "".join(f"%{_hex_any_case(byte)}" for byte in char.encode())
        options = [re.escape(char), encoded] + ([r"\+"] if char == " " else [])
        parts.append(f"(?:{'|'.join(options)})")
    return "".join(parts)


class Redactor:
    """Masks every form of a set of secrets in a text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        forms = {secret for secret in secrets if secret}
        for secret in list(forms):
            _, colon, half = secret.partition(":")
            if colon and len(half) >= _MIN_PART:
                forms.add(half)  # a bot token "<id>:<secret>": the id is public, the rest not
        ordered = sorted(forms, key=len, reverse=True)  # the whole token before its half
        self._regex = re.compile("|".join(_pattern(s) for s in ordered)) if ordered else None

    def clean(self, text: str) -> str:
        """Return `text` with every secret masked."""
        return self._regex.sub(MASK, text) if self._regex is not None else text


_active = Redactor([])


def redact(text: str) -> str:
    """Mask the installed secrets in `text` (no-op before `install`)."""
    return _active.clean(text)


class RedactingFilter(logging.Filter):
    """Replace every secret in a record's message and traceback with a mask."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.redactor = Redactor(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        clean = self.redactor.clean
        record.msg, record.args = clean(record.getMessage()), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = clean(record.exc_text)
        if record.stack_info:
            record.stack_info = clean(record.stack_info)
        return True


def _print_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook: the usual traceback, masked."""
    sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb))))


def _print_thread_exception(args: threading.ExceptHookArgs) -> None:
    """threading.excepthook: as the default hook prints it, masked."""
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    sys.stderr.write(redact(f"Exception in thread {name}:\n{text}"))


def _print_unraisable(args: sys.UnraisableHookArgs) -> None:
    """sys.unraisablehook: an exception in a finalizer, masked."""
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    sys.stderr.write(redact(f"{args.err_msg or 'Exception ignored in'}: {args.object!r}\n{text}"))


def install(secrets: Iterable[str]) -> RedactingFilter:
    """Mask `secrets` on every handler of the root logger and in uncaught exceptions; quiet
    the URL-logging HTTP clients."""
    global _active
    redacting = RedactingFilter(secrets)
    _active = redacting.redactor
    for handler in logging.getLogger().handlers:
        handler.addFilter(redacting)
    # httpx logs each request URL at INFO, and Bot API URLs hold the token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.captureWarnings(True)  # warnings become records, and pass the filter
    sys.excepthook = _print_exception
    threading.excepthook = _print_thread_exception
    sys.unraisablehook = _print_unraisable
    return redacting
