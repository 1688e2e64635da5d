"""The coach's Telegram HTML as plain text, for where no markup shows (a terminal, a pop-up)."""

from __future__ import annotations

import html
import re

_BREAK_TAGS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def plain(text: str) -> str:
    """Turn the coach's Telegram HTML into plain text: tags dropped, a link as "text (url)",
    entities unescaped."""
    text = _BREAK_TAGS.sub("\n", text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    return html.unescape(_TAG.sub("", text))
