"""A first guess at someone's timezone from the language their app is set to.

Only languages spoken mostly in one timezone give a guess ("de": Europe/Berlin, "en-GB":
Europe/London); "en", "es", "pt", "ar", "ru" or "zh" alone span too many to guess from. The
guess is only ever offered as a button, never taken without the user's yes.
"""

from __future__ import annotations

LANGUAGE_ZONES: dict[str, str] = {
    "cs": "Europe/Prague",
    "da": "Europe/Copenhagen",
    "de": "Europe/Berlin",
    "el": "Europe/Athens",
    "en-au": "Australia/Sydney",
    "en-gb": "Europe/London",
    "en-ie": "Europe/Dublin",
    "en-in": "Asia/Kolkata",
    "en-nz": "Pacific/Auckland",
    "fi": "Europe/Helsinki",
    "fr": "Europe/Paris",
    "he": "Asia/Jerusalem",
    "hu": "Europe/Budapest",
    "it": "Europe/Rome",
    "ja": "Asia/Tokyo",
    "ko": "Asia/Seoul",
    "nb": "Europe/Oslo",
    "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw",
    "pt-br": "America/Sao_Paulo",
    "ro": "Europe/Bucharest",
    "sv": "Europe/Stockholm",
    "th": "Asia/Bangkok",
    "tr": "Europe/Istanbul",
    "uk": "Europe/Kyiv",
    "vi": "Asia/Ho_Chi_Minh",
}


def zone_for_language(code: str | None) -> str | None:
    """Return the timezone a language tag suggests ("de-AT" falls back to "de"), or None."""
    if not code:
        return None
    tag = code.strip().casefold().replace("_", "-")
    return LANGUAGE_ZONES.get(tag) or LANGUAGE_ZONES.get(tag.split("-", 1)[0])
