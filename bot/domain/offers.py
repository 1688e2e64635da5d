"""An offer's figures, and the money they are given in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹", "CAD": "CA$", "AUD": "A$"}
"""Currencies shown by their symbol before the amount; any other code is shown after it."""


@dataclass(frozen=True)
class Money:
    """A yearly amount, in a currency when one was given (an ISO code such as "EUR")."""

    amount: float
    currency: str | None = None

    @property
    def shown(self) -> str:
        """Return the amount as people write it: "€85,000", "85,000 CHF", "85,000"."""
        whole = self.amount == round(self.amount) or self.amount >= 1000
        number = f"{self.amount:,.0f}" if whole else f"{self.amount:,.2f}"
        if self.currency is None:
            return number
        symbol = SYMBOLS.get(self.currency)
        return f"{symbol}{number}" if symbol else f"{number} {self.currency}"

    def same_currency(self, other: Money) -> bool:
        """Tell whether two amounts can be compared: same currency, or one without any."""
        return self.currency is None or other.currency is None or self.currency == other.currency

    def to_json(self) -> dict[str, object]:
        """Return the amount as plain JSON data."""
        return {"amount": self.amount, "currency": self.currency}

    @classmethod
    def from_json(cls, data: object) -> Money | None:
        """Read `to_json` output back; None for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("amount"), int | float):
            return None
        currency = data.get("currency")
        return cls(float(data["amount"]), currency if isinstance(currency, str) else None)


@dataclass(frozen=True)
class Bonus:
    """A bonus as the user typed it, with its figure when it has one (a share of the base, or
    an amount)."""

    text: str
    percent: float | None = None
    amount: Money | None = None

    def cash(self, base: Money | None) -> Money | None:
        """Return the bonus as money a year, when it can be told (a share needs the base)."""
        if self.amount is not None:
            return self.amount
        if self.percent is not None and base is not None:
            return Money(base.amount * self.percent / 100, base.currency)
        return None

    def to_json(self) -> dict[str, object]:
        """Return the bonus as plain JSON data."""
        return {
            "text": self.text,
            "percent": self.percent,
            "amount": self.amount.to_json() if self.amount else None,
        }

    @classmethod
    def from_json(cls, data: object) -> Bonus | None:
        """Read `to_json` output back; None for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            return None
        percent = data.get("percent")
        return cls(
            str(data["text"]),
            float(percent) if isinstance(percent, int | float) else None,
            Money.from_json(data.get("amount")),
        )


@dataclass(frozen=True)
class Offer:
    """The figures of an offer the user received; any of them may be unknown (skipped)."""

    interview_id: int
    recorded_at: datetime
    base: Money | None = None
    bonus: Bonus | None = None
    equity: str | None = None
    start: str | None = None
    benefits: str | None = None
    deadline: date | None = None
    """The local day by which they want an answer."""
    reminder_id: int | None = None
    """The reminder set for the day before the deadline, if any."""

    @property
    def has_figures(self) -> bool:
        """Tell whether anything beyond the fact of the offer is known."""
        parts = (self.base, self.bonus, self.equity, self.start, self.benefits, self.deadline)
        return any(part is not None for part in parts)
