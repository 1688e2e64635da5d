"""Read pay that people type: "85k", "€85,000", "85 000 EUR", "$120k a year", "4.5k a month".

Decisions:

- the amount is yearly; "a month" / "monthly" is multiplied by 12, an hourly or daily rate is
  refused (asked again as a yearly figure);
- "k", "thousand" and "grand" mean thousands, "m" / "million" millions, "lakh" and "crore"
  the Indian units;
- separators: "85,000", "85.000", "85 000" and "85'000" are all 85000; one "," or "." followed
  by one or two digits is a decimal point ("85.5k", "85,5k");
- the currency is read from a symbol, an ISO code or a word ("euros", "pounds"); "$" alone is
  US dollars, "CA$" / "C$" Canadian, "A$" Australian; none given stays unknown;
- a range ("80-90k") is refused: one figure is asked for, since the card compares it;
- a yearly figure under 1,000 is refused with a hint ("did you mean 85k?").
"""

from __future__ import annotations

import re

from bot.domain.offers import Bonus, Money
from bot.domain.problems import Refusal

MAX_LENGTH = 120
LEAST_YEARLY = 1_000.0
MOST = 1_000_000_000.0

_GROUPED = r"\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d{1,2}(?!\d))?"
_PLAIN = r"\d+(?:[.,]\d+)?"
_NUMBER = rf"(?:{_GROUPED}|{_PLAIN})"
_SCALE_WORDS = {
    "k": 1e3,
    "thousand": 1e3,
    "grand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "cr": 1e7,
}
_SCALE = "|".join(sorted(_SCALE_WORDS, key=len, reverse=True))
_AMOUNT = re.compile(rf"(?<![\d.,])(?P<number>{_NUMBER})\s*(?P<scale>{_SCALE})?(?![a-z])", re.I)
_RANGE = re.compile(rf"{_NUMBER}\s*(?:{_SCALE})?\s*(?:-|\u2013|\u2014|to)\s*[^\d\s]?\s*{_NUMBER}")
_PERCENT = re.compile(r"(?P<number>\d+(?:[.,]\d+)?)\s*(?:%|percent\b|per cent\b)", re.I)
_MONTHLY = re.compile(
    r"(?:\b(?:per|an|a|each)\s*|/\s*)(?:month|mo)\b|\bmonthly\b|\bp\.?m\.?(?!\w)", re.I
)
_HOURLY = re.compile(
    r"(?:\b(?:per|an|a)\s*|/\s*)(?:hour|hr|h|day|d)\b|\bhourly\b|\bdaily\b|\bp\.?h\.?(?!\w)", re.I
)
_SYMBOLS = (
    ("CA$", "CAD"),
    ("C$", "CAD"),
    ("AU$", "AUD"),
    ("A$", "AUD"),
    ("US$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("₹", "INR"),
    ("$", "USD"),
)
_CODES = [
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "INR",
    "JPY",
    "SGD",
    "HKD",
    "BRL",
    "MXN",
    "ZAR",
    "ILS",
]
_WORDS = {
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "franc": "CHF",
    "francs": "CHF",
    "rupee": "INR",
    "rupees": "INR",
    "yen": "JPY",
}
_CURRENCY_WORD = re.compile(rf"\b(?P<word>{'|'.join([*_CODES, *_WORDS])})\b|\bfr\.", re.I)


def parse_money(text: str, least: float = LEAST_YEARLY) -> Money | Refusal:
    """Read one yearly amount of pay, with its currency when given; see the module notes.

    `least` is the smallest amount taken (a salary under 1,000 a year is a typo for "85k").
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    if _RANGE.search(cleaned):
        return Refusal("money_range", {"given": cleaned})
    found = _AMOUNT.search(cleaned)
    if found is None:
        return Refusal("money_unreadable", {"given": cleaned})
    if _HOURLY.search(cleaned):
        return Refusal("money_rate", {"given": cleaned})
    amount = _number(found["number"])
    if found["scale"]:
        amount *= _SCALE_WORDS[found["scale"].casefold()]
    if _MONTHLY.search(cleaned):
        amount *= 12
    money = Money(round(amount, 2), currency_of(cleaned))
    if amount < least:
        return Refusal("money_small", {"given": cleaned, "amount": money.shown})
    if amount > MOST:
        return Refusal("money_large", {"given": cleaned, "amount": money.shown})
    return money


def parse_bonus(text: str) -> Bonus | Refusal:
    """Read a bonus: a share of the base ("10%", "15 percent target"), an amount ("€8k"), or
    words only ("discretionary"), which are kept as they are."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return Refusal("empty")
    if len(cleaned) > MAX_LENGTH:
        return Refusal("too_long", {"limit": MAX_LENGTH, "length": len(cleaned)})
    share = _PERCENT.search(cleaned)
    if share is not None:
        percent = float(share["number"].replace(",", "."))
        if percent > 200:
            return Refusal("money_large", {"given": cleaned, "amount": f"{percent:g}%"})
        return Bonus(cleaned, percent=percent)
    if _AMOUNT.search(cleaned) is not None:
        amount = parse_money(cleaned, least=1)
        if isinstance(amount, Refusal):
            return amount
        return Bonus(cleaned, amount=amount)
    if not any(ch.isalpha() for ch in cleaned):
        return Refusal("money_unreadable", {"given": cleaned})
    return Bonus(cleaned)


def currency_of(text: str) -> str | None:
    """Return the ISO code of the first currency a text names, or None."""
    word = _CURRENCY_WORD.search(text)
    if word is not None:
        named = word["word"]
        if named is None:
            return "CHF"  # "Fr." (Swiss francs)
        return named.upper() if named.upper() in _CODES else _WORDS[named.casefold()]
    upper = text.upper()
    return next((code for symbol, code in _SYMBOLS if symbol in upper), None)


def _number(text: str) -> float:
    """Read "85,000", "85.000", "85 000", "1.234,56" or "85.5" as a number."""
    digits = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    decimal = re.search(r"[.,](\d{1,2})$", digits)
    fraction = ""
    if decimal is not None and not re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        fraction = decimal[1]
        digits = digits[: decimal.start()]
    whole = re.sub(r"[.,]", "", digits)
    return float(f"{whole}.{fraction}" if fraction else whole)
