"""Where the dialogs and templates live, from a checkout or from an installed wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `bot` package folder (this file sits in bot/content/)."""


def resource_dir(name: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """Return the folder `name` ("dialogs" or "templates").

    A wheel ships them inside the package as `bot/_data/NAME` (see pyproject.toml); a checkout
    or an editable install has them beside the package at the top of the repository.
    """
    packaged = package_dir / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = package_dir.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"cannot find the {name}/ folder (looked in {packaged} and {checkout})")


def dialogs_dir() -> Path:
    """Return the folder holding dialogs/*.yaml."""
    return resource_dir("dialogs")


def templates_dir() -> Path:
    """Return the folder holding the Jinja2 templates."""
    return resource_dir("templates")
