"""Keep secrets out of logs: a filter on every root handler that masks them in each record."""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "[REDACTED]"


class RedactingFilter(logging.Filter):
    """Replace every secret in a record's message and traceback with a mask."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        message = record.getMessage()
        record.msg, record.args = self._clean(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        return True


def install(secrets: Iterable[str]) -> RedactingFilter:
    """Mask `secrets` on every handler of the root logger; quiet the URL-logging HTTP clients."""
    redacting = RedactingFilter(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redacting)
    # httpx logs each request URL at INFO, and Bot API URLs hold the token.
    for name in ("httpx", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return redacting
