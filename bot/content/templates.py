"""The one Jinja2 environment: every sentence the user reads comes from templates/."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

TEMPLATE_SUFFIX = ".j2"
LABELS_FILE = "labels.yaml"


def is_template_name(text: str) -> bool:
    """Tell whether a dialog text field names a template file rather than holding short text."""
    return text.endswith(TEMPLATE_SUFFIX) and "\n" not in text and " " not in text


class Renderer:
    """Renders templates (Telegram HTML) and button labels."""

    def __init__(self, templates: Path) -> None:
        self.root = templates
        # Autoescape everything: output is Telegram HTML, so a company called `<b>&Co` must
        # arrive as text, never as markup.
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            # Templates ship with the code and never change while it runs: no stat() per render.
            auto_reload=False,
        )
        self.env.filters["plural"] = _plural
        self.env.filters["localize"] = localize
        self.env.filters["long_when"] = long_when
        self.env.filters["short_when"] = short_when
        self.env.filters["long_date"] = long_date
        labels_path = templates / LABELS_FILE
        self._labels: dict[str, str] = {}
        if labels_path.exists():
            loaded = yaml.safe_load(labels_path.read_text(encoding="utf-8")) or {}
            self._labels = {str(k): str(v) for k, v in loaded.items()}

    def exists(self, name: str) -> bool:
        """Tell whether template `name` exists."""
        return (self.root / name).is_file()

    def render(self, template: str, /, **context: Any) -> str:
        """Render `template` with `context`, trimmed."""
        return self.env.get_template(template).render(**context).strip()

    def text(self, text_or_template: str, /, **context: Any) -> str:
        """Render a dialog text field: a template name, or short inline text."""
        if is_template_name(text_or_template):
            return self.render(text_or_template, **context)
        return self._inline(text_or_template).render(**context).strip()

    def label(self, key: str) -> str:
        """Return the button label `key` from templates/labels.yaml."""
        try:
            return self._labels[key]
        except KeyError:
            raise KeyError(f"no label {key!r} in {self.root / LABELS_FILE}") from None

    def label_keys(self) -> set[str]:
        """Return every label key defined."""
        return set(self._labels)

    def list_templates(self) -> list[str]:
        """Return every template name under the root."""
        return sorted(self.env.list_templates(filter_func=lambda n: n.endswith(TEMPLATE_SUFFIX)))

    @lru_cache(maxsize=512)  # noqa: B019 - one Renderer per process; short texts are few
    def _inline(self, text: str) -> Template:
        return self.env.from_string(text)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """Return `singular` or `plural` for `count` (Jinja filter)."""
    return singular if count == 1 else (plural or singular + "s")


def localize(value: datetime | str, zone: ZoneInfo | str) -> datetime:
    """Return a moment (datetime or ISO text) in a timezone (Jinja filter)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.astimezone(zone if isinstance(zone, ZoneInfo) else ZoneInfo(zone))


def long_when(value: datetime | str, zone: ZoneInfo | str) -> str:
    """Return "Tuesday 1 December 2026 at 10:00 (Europe/Berlin)" (Jinja filter)."""
    local = localize(value, zone)
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} ({local.tzinfo})"


def short_when(value: datetime | str, zone: ZoneInfo | str) -> str:
    """Return "Tue 1 Dec, 10:00" (Jinja filter)."""
    local = localize(value, zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def long_date(value: date | str) -> str:
    """Return "Friday 4 December" (Jinja filter)."""
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%A} {day.day} {day:%B}"


def escape(text: str) -> Markup:
    """Escape user text for Telegram HTML."""
    return Markup.escape(text)
