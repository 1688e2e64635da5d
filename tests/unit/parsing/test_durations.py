"""Reading how long an interview lasts, and by when an employer said they would decide."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.content.paths import templates_dir
from bot.content.templates import Renderer
from bot.parsing import parse_duration, parse_timeframe
from tests.support.parsing import refusal

BERLIN = ZoneInfo("Europe/Berlin")
KOLKATA = ZoneInfo("Asia/Kolkata")
# A Wednesday afternoon in Berlin (14:00 UTC, 09:00 in New York, 19:30 in Kolkata).
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h", 60),
        ("90 min", 90),
        ("1.5 hours", 90),
        ("an hour", 60),
        ("45m", 45),
        ("2 hours 30 minutes", 150),
        ("2 hours and 30 minutes", 150),
        ("1h30", 90),
        ("1h 15m", 75),
        ("1:30", 90),
        ("1,5 h", 90),
        ("half an hour", 30),
        ("an hour and a half", 90),
        ("2 and a half hours", 150),
        ("10 min", 10),
        ("12 hours", 720),
        # hedged and loose, as people say it
        ("about an hour i think", 60),
        ("around 90 mins", 90),
        ("an hour and a half", 90),
        ("hour and a half", 90),
        ("1.5h", 90),
        ("half an hour", 30),
        ("45ish minutes", 45),
        ("an hour-ish", 60),
        ("an hour or so", 60),
        ("roughly 2 hours", 120),
        ("approx. 1 hour", 60),
        ("~1h", 60),
        ("probably 45 min", 45),
        ("an hour long", 60),
        ("a couple of hours", 120),
        ("1 hr 15", 75),
        ("1-2 hours", 120),  # a range: plan for its far end
        ("45 to 60 minutes", 60),
        ("About an hour, I think.", 60),
    ],
)
def test_durations(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("5 min", "duration_range"),
        ("9 minutes", "duration_range"),
        ("13 hours", "duration_range"),
        ("12h 1m", "duration_range"),
        ("90", "duration_unreadable"),
        ("a while", "duration_unreadable"),
        ("2 months", "duration_unreadable"),
        ("about a while i think", "duration_unreadable"),
        ("roughly", "duration_unreadable"),
        ("about 5 min", "duration_range"),
        ("", "empty"),
        ("-90 minutes", "duration_negative"),
        ("- 1 hour", "duration_negative"),
        ("\u221245 min", "duration_negative"),
        ("minus 30 min", "duration_negative"),
    ],
)
def test_duration_refusals(text: str, key: str) -> None:
    assert refusal(parse_duration(text)).key == key


@pytest.mark.parametrize(
    ("text", "by"),
    [
        ("by Friday", date(2026, 11, 27)),
        ("end of next week", date(2026, 12, 4)),  # Friday of next week
        ("within two weeks", date(2026, 12, 9)),
        ("in 10 days", date(2026, 12, 5)),
        ("next Monday", date(2026, 11, 30)),
        ("2 weeks", date(2026, 12, 9)),
        ("early December", date(2026, 12, 10)),
        ("mid December", date(2026, 12, 20)),
        ("end of December", date(2026, 12, 31)),
        ("by the end of this week", date(2026, 11, 27)),
        ("next week", date(2026, 12, 4)),
        ("early next week", date(2026, 12, 1)),
        ("within 5 business days", date(2026, 12, 2)),
        ("1-2 weeks", date(2026, 12, 9)),
        ("a week or two", date(2026, 12, 9)),
        ("in two weeks' time", date(2026, 12, 9)),
        ("a month", date(2026, 12, 25)),
        ("end of the month", date(2026, 11, 30)),
        ("EOD Friday", date(2026, 11, 27)),
        ("tomorrow", date(2026, 11, 26)),
        ("by 12 Dec", date(2026, 12, 12)),
        ("Wednesday", date(2026, 12, 2)),  # a weekday is always after today
        # short forms
        ("by thurs", date(2026, 11, 26)),
        ("by next fri", date(2026, 11, 27)),
        ("by weds", date(2026, 12, 2)),
        ("tues", date(2026, 12, 1)),
        ("by tmrw", date(2026, 11, 26)),
        ("by dec 12th", date(2026, 12, 12)),
        ("end of sept", date(2027, 9, 30)),
        ("mid jan", date(2027, 1, 20)),
    ],
)
def test_timeframes(text: str, by: date) -> None:
    assert parse_timeframe(text, BERLIN, NOW) == by


def test_by_friday_on_a_friday_means_next_friday() -> None:
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=BERLIN)
    assert parse_timeframe("by Friday", BERLIN, friday) == date(2026, 12, 4)


def test_timeframe_counts_from_the_users_today() -> None:
    early_in_kolkata = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # 26 Nov, 01:30 in Kolkata
    assert parse_timeframe("in 10 days", KOLKATA, early_in_kolkata) == date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("by 31 Feb", "impossible_date"),
        ("early November", "timeframe_past"),
        ("in 2 years", "timeframe_too_far"),
        ("soon", "timeframe_unreadable"),
        ("", "empty"),
        ("x" * 200, "too_long"),
    ],
)
def test_timeframe_refusals(text: str, key: str) -> None:
    assert refusal(parse_timeframe(text, BERLIN, NOW)).key == key


# anchored on the interview: the employer's words count from the interview, not from today

THU_3_DEC = datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN)
INTERVIEW_END = datetime(2026, 12, 10, 15, 0, tzinfo=BERLIN)  # Thursday 10 December


def test_within_a_week_counts_from_the_interview_not_from_the_day_typed() -> None:
    assert parse_timeframe("within a week", BERLIN, THU_3_DEC, INTERVIEW_END) == date(2026, 12, 17)
    assert parse_timeframe("within a week", BERLIN, THU_3_DEC) == date(2026, 12, 10)  # no anchor


@pytest.mark.parametrize(
    ("interview_day", "by"),
    [
        (datetime(2026, 12, 9, 15, 0, tzinfo=BERLIN), date(2026, 12, 11)),  # Wed: that Friday
        (datetime(2026, 12, 11, 15, 0, tzinfo=BERLIN), date(2026, 12, 11)),  # Fri: the same day
    ],
)
def test_by_friday_is_the_first_friday_on_or_after_the_interview(
    interview_day: datetime, by: date
) -> None:
    assert parse_timeframe("by Friday", BERLIN, THU_3_DEC, interview_day) == by


def test_a_timeframe_ending_before_the_interview_is_refused_with_the_reason() -> None:
    found = refusal(parse_timeframe("by 8 Dec", BERLIN, THU_3_DEC, INTERVIEW_END))

    assert found.key == "before_interview"
    assert found.params == {"date": date(2026, 12, 8), "interview": date(2026, 12, 10)}


def test_after_the_interview_a_decision_date_already_past_is_kept() -> None:
    # Told on Mon 14 Dec that they would decide "by Friday" (11 Dec): it has passed, which is
    # exactly when to follow up, so it is no refusal.
    monday_after = datetime(2026, 12, 14, 9, 0, tzinfo=BERLIN)
    wednesday = datetime(2026, 12, 9, 15, 0, tzinfo=BERLIN)
    assert parse_timeframe("by Friday", BERLIN, monday_after, wednesday) == date(2026, 12, 11)


# a refused timeframe is answered with timeframe examples, never appointment ones

TIMEFRAME_EXAMPLES = ("within a week", "by Friday", "in 2 weeks", "end of the month")


@pytest.mark.parametrize("text", ["soon", "early November", "in 2 years"])
def test_a_refused_timeframe_shows_timeframe_examples(text: str) -> None:
    found = refusal(parse_timeframe(text, BERLIN, NOW))
    shown = Renderer(templates_dir()).render(f"errors/{found.key}.j2", **found.params)
    assert any(example in shown for example in TIMEFRAME_EXAMPLES), shown
    for appointment in ("10am", "14:30", "9:00"):
        assert appointment not in shown


def test_an_unreadable_timeframe_quotes_it_back_with_all_four_examples() -> None:
    found = refusal(parse_timeframe("whenever they feel like it", BERLIN, NOW))
    shown = Renderer(templates_dir()).render(f"errors/{found.key}.j2", **found.params)
    assert '"whenever they feel like it"' in shown
    assert all(example in shown for example in TIMEFRAME_EXAMPLES)
