"""Reading a date and time of day that a user typed, in their own timezone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.problems import Refusal
from bot.parsing import Moment, parse_moment
from bot.parsing.moments import spelt_out, warm_up_dates
from tests.support.parsing import refusal

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
# A Wednesday afternoon in Berlin (14:00 UTC, 09:00 in New York, 19:30 in Kolkata).
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=BERLIN)
WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, TUESDAY = 2, 3, 4, 5, 1


def wall(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A naive wall-clock time, to compare with local times and `gap_from`."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC).replace(tzinfo=None)


def moment(text: str, zone: ZoneInfo = BERLIN, now: datetime = NOW) -> Moment:
    found = parse_moment(text, zone, now)
    assert isinstance(found, Moment), found
    return found


# Moments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "local", "weekday"),
    [
        ("next Tuesday 10am", wall(2026, 12, 1, 10, 0), TUESDAY),
        ("in 3 days at 14:30", wall(2026, 11, 28, 14, 30), SATURDAY),
        ("12 Dec 9:00", wall(2026, 12, 12, 9, 0), SATURDAY),
        ("tomorrow at 9", wall(2026, 11, 26, 9, 0), THURSDAY),
        ("2026-12-03 15:00", wall(2026, 12, 3, 15, 0), THURSDAY),
        ("Friday 16:30", wall(2026, 11, 27, 16, 30), FRIDAY),
    ],
)
def test_moments_from_the_brief(text: str, local: datetime, weekday: int) -> None:
    found = moment(text)
    assert found.local.replace(tzinfo=None) == local
    assert found.local.weekday() == weekday
    assert found.local.tzinfo == BERLIN
    assert found.utc.tzinfo == UTC
    assert found.utc == found.local.astimezone(UTC)
    assert found.gap_from is None
    assert found.named_zone is None


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("10am next Tuesday", wall(2026, 12, 1, 10, 0)),
        ("Tuesday at 10", wall(2026, 12, 1, 10, 0)),  # dateparser alone reads "10" as October
        ("Dec 12th at 3pm", wall(2026, 12, 12, 15, 0)),
        ("2026-12-03T15:00", wall(2026, 12, 3, 15, 0)),
        ("friday @ 4.30pm", wall(2026, 11, 27, 16, 30)),
        ("Monday, 9:15", wall(2026, 11, 30, 9, 15)),
        ("at 9 o'clock tomorrow", wall(2026, 11, 26, 9, 0)),
        ("tomorrow noon", wall(2026, 11, 26, 12, 0)),
        ("today 16:00", wall(2026, 11, 25, 16, 0)),
        ("16:00", wall(2026, 11, 25, 16, 0)),  # no date: the next 16:00, later today
        ("10am", wall(2026, 11, 26, 10, 0)),  # no date: 10:00 has passed, so tomorrow
    ],
)
def test_other_ways_of_saying_a_moment(text: str, local: datetime) -> None:
    assert moment(text).local.replace(tzinfo=None) == local


def test_in_hours_counts_real_time_from_now() -> None:
    assert moment("in 2 hours").utc == NOW.astimezone(UTC) + timedelta(hours=2)
    assert moment("in 90 minutes").utc == NOW.astimezone(UTC) + timedelta(minutes=90)


def test_new_york() -> None:
    found = moment("tomorrow at 9", NEW_YORK)
    assert found.local.replace(tzinfo=None) == wall(2026, 11, 26, 9, 0)
    assert found.utc == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # EST, UTC-5


def test_new_york_tomorrow_is_its_own_tomorrow() -> None:
    late_in_berlin = datetime(2026, 11, 26, 2, 0, tzinfo=BERLIN)  # still the 25th in New York
    found = moment("tomorrow at 9", NEW_YORK, late_in_berlin)
    assert found.local.date() == date(2026, 11, 26)


def test_kolkata() -> None:
    found = moment("Friday 16:30", KOLKATA)
    assert found.local.replace(tzinfo=None) == wall(2026, 11, 27, 16, 30)
    assert found.utc == datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # IST, UTC+5:30


def test_a_zone_named_in_the_text_is_honoured() -> None:
    found = moment("Dec 3 10am EST")
    assert found.utc == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)
    assert found.local.replace(tzinfo=None) == wall(2026, 12, 3, 16, 0)
    assert found.named_zone == "EST"


def test_the_users_own_abbreviation_means_their_zone() -> None:
    found = moment("Friday 10am IST", KOLKATA)  # dateparser alone reads IST as Israel's
    assert found.utc == datetime(2026, 11, 27, 4, 30, tzinfo=UTC)
    assert found.named_zone is None


def test_dst_gap_moves_forward_by_the_gap() -> None:
    found = moment("2027-03-28 02:30")  # clocks jump 02:00 -> 03:00 in Berlin
    assert found.gap_from == wall(2027, 3, 28, 2, 30)
    assert found.local.replace(tzinfo=None) == wall(2027, 3, 28, 3, 30)
    assert found.local.utcoffset() == timedelta(hours=2)
    assert found.utc == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_dst_fold_takes_the_first_occurrence() -> None:
    before = datetime(2026, 10, 20, 12, 0, tzinfo=BERLIN)
    found = moment("2026-10-25 02:30", now=before)  # 02:30 happens twice that night
    assert found.local.fold == 0
    assert found.local.utcoffset() == timedelta(hours=2)  # still CEST
    assert found.local.tzname() == "CEST"
    assert found.utc == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert found.gap_from is None


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31 Feb 10:00", "impossible_date"),
        ("30 February at 9", "impossible_date"),
        ("February 30th 10am", "impossible_date"),
        ("2027-02-31 10:00", "impossible_date"),
        ("29 Feb 10:00", "impossible_date"),  # the next February (2027) has 28 days
        ("yesterday 10am", "in_past"),
        ("today 14:00", "in_past"),
        ("today 15:00", "in_past"),  # exactly now is not later than now
        ("22 Nov 10:00", "in_past"),  # three days ago: a slip, not next November
        ("November 1st at 9", "in_past"),
        ("3 June 10:00", "in_past"),  # under half a year ago
        ("in 2 years at 10:00", "too_far"),
        ("2027-11-26 10:00", "too_far"),
        ("tomorrow", "need_time"),
        ("next Tuesday", "need_time"),
        ("12 Dec", "need_time"),
        ("in 3 days", "need_time"),
        ("", "empty"),
        ("   ", "empty"),
        ("blah 10:00", "unreadable"),
        ("whenever suits", "unreadable"),
        ("tomorrow 25:00", "unreadable"),
        ("tomorrow 13pm", "unreadable"),
        ("tomorrow 9:00 or 10:00", "unreadable"),
    ],
)
def test_moment_refusals(text: str, key: str) -> None:
    assert refusal(parse_moment(text, BERLIN, NOW)).key == key


def test_impossible_date_names_the_day() -> None:
    found = refusal(parse_moment("31 Feb 10:00", BERLIN, NOW))
    assert found.params == {"day": 31, "month": 2, "month_name": "February", "year": 2027}


def test_a_real_leap_day_is_fine() -> None:
    in_leap_year = datetime(2027, 12, 1, 12, 0, tzinfo=BERLIN)
    assert moment("29 Feb 10:00", now=in_leap_year).local.date() == date(2028, 2, 29)


def test_too_long_and_need_time_carry_their_values() -> None:
    assert refusal(parse_moment("x" * 200, BERLIN, NOW)) == Refusal(
        "too_long", {"limit": 100, "length": 200}
    )
    assert refusal(parse_moment("tomorrow", BERLIN, NOW)).params == {"date": date(2026, 11, 26)}


def test_a_year_ahead_is_the_limit() -> None:
    assert isinstance(parse_moment("2027-11-25 14:00", BERLIN, NOW), Moment)
    assert refusal(parse_moment("2027-11-25 16:00", BERLIN, NOW)).key == "too_far"


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        parse_moment("tomorrow at 9", BERLIN, wall(2026, 11, 25, 15, 0))


def test_a_recently_passed_day_says_which_and_how_to_mean_next_year() -> None:
    found = refusal(parse_moment("22 Nov 10:00", BERLIN, NOW))
    assert found.params["when"].replace(tzinfo=None) == wall(2026, 11, 22, 10, 0)
    assert found.params["add_year"] is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 Jan 10:00", (2027, 1, 5, 10, 0)),  # passed long ago this year: next January
        ("22 Nov 2027 10:00", (2027, 11, 22, 10, 0)),  # the year given: taken as said
        ("27 Nov 10:00", (2026, 11, 27, 10, 0)),  # still to come this year
    ],
)
def test_a_day_and_month_long_past_or_with_a_year_is_still_read(
    text: str, expected: tuple[int, int, int, int, int]
) -> None:
    assert moment(text).local.replace(tzinfo=None) == wall(*expected)


def test_the_warm_up_loads_dateparser_the_way_a_users_date_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Start-up runs it in a thread so that a user's first date costs no ~0.3 s load.
    import dateparser

    seen: list[tuple[str, Any]] = []

    def parse(text: str, languages: list[str], settings: dict[str, Any]) -> None:
        seen.append((text, languages))

    monkeypatch.setattr(dateparser, "parse", parse)
    warm_up_dates()
    assert seen == [("next tuesday", ["en"])]


# an interview that already happened: read up to six months back when the caller allows it

SIX_MONTHS = timedelta(days=183)


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("last Tuesday 11am", datetime(2026, 11, 24, 11, 0, tzinfo=BERLIN)),
        ("yesterday at 15:00", datetime(2026, 11, 24, 15, 0, tzinfo=BERLIN)),
        ("22 Nov 14:00", datetime(2026, 11, 22, 14, 0, tzinfo=BERLIN)),
        ("3 days ago at 10:00", datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)),
        ("3 June 10:00", datetime(2026, 6, 3, 10, 0, tzinfo=BERLIN)),
    ],
)
def test_a_past_moment_is_read_when_the_past_is_allowed(text: str, local: datetime) -> None:
    found = parse_moment(text, BERLIN, NOW, SIX_MONTHS)

    assert isinstance(found, Moment), found
    assert found.local == local
    assert refusal(parse_moment(text, BERLIN, NOW)).key == "in_past"  # not without it


def test_a_moment_more_than_the_allowed_past_ago_is_refused_with_the_limit() -> None:
    found = refusal(parse_moment("1 May 2026 10:00", BERLIN, NOW, SIX_MONTHS))

    assert found.key == "in_past"
    assert found.params["limit_days"] == 183


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("yesterday at 3", 15),
        ("tomorrow at 3", 15),
        ("tomorrow at 3am", 3),
        ("tomorrow at 3:00", 3),
    ],
)
def test_a_bare_small_hour_is_an_afternoon(text: str, hour: int) -> None:
    found = parse_moment(text, BERLIN, NOW, SIX_MONTHS)

    assert isinstance(found, Moment), found
    assert found.local.hour == hour


# short forms: weekdays, months and "tomorrow" as people type them


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ("next thurs 2pm", wall(2026, 11, 26, 14, 0)),
        ("thu 3pm", wall(2026, 11, 26, 15, 0)),
        ("thurs. 2pm", wall(2026, 11, 26, 14, 0)),
        ("tues at 10", wall(2026, 12, 1, 10, 0)),
        ("weds 3pm", wall(2026, 12, 2, 15, 0)),
        ("tmrw 9am", wall(2026, 11, 26, 9, 0)),
        ("tmr at 9", wall(2026, 11, 26, 9, 0)),
        ("tomorow 9am", wall(2026, 11, 26, 9, 0)),
        ("2 dec 10:00", wall(2026, 12, 2, 10, 0)),
        ("dec 2nd 10am", wall(2026, 12, 2, 10, 0)),
        ("Dec. 2nd at 10am", wall(2026, 12, 2, 10, 0)),
        ("fri 11:30", wall(2026, 11, 27, 11, 30)),
        ("sept 14 2027 at 14:00", wall(2027, 9, 14, 14, 0)),
    ],
)
def test_short_weekdays_months_and_tomorrow(text: str, local: datetime) -> None:
    assert moment(text).local.replace(tzinfo=None) == local


def test_a_short_form_reads_as_the_word_spelt_out() -> None:
    assert moment("next thurs 2pm") == moment("next Thursday 2pm")
    assert moment("sept 14 2027 14:00") == moment("September 14 2027 14:00")


def test_a_short_day_without_a_time_asks_for_the_time() -> None:
    assert refusal(parse_moment("wed", BERLIN, NOW)).params == {"date": date(2026, 12, 2)}
    assert refusal(parse_moment("tmr", BERLIN, NOW)) == Refusal(
        "need_time", {"date": date(2026, 11, 26)}
    )


def test_a_short_month_of_a_day_just_past_is_read_as_past_when_allowed() -> None:
    found = parse_moment("sept 14 at 14:00", BERLIN, NOW, SIX_MONTHS)
    assert isinstance(found, Moment)
    assert found.local.replace(tzinfo=None) == wall(2026, 9, 14, 14, 0)
    assert refusal(parse_moment("sept 14 at 14:00", BERLIN, NOW)).key == "in_past"


@pytest.mark.parametrize(
    ("text", "spelt"),
    [
        ("next thurs 2pm", "next thursday 2pm"),
        ("tmrw 9am", "tomorrow 9am"),
        ("sept 14", "september 14"),
        ("mon, tue. and sun", "monday, tuesday and sunday"),
        ("monday in march", "monday in march"),  # already spelt out: unchanged
        ("sunday sunset", "sunday sunset"),  # only whole words
        ("europe/sat", "europe/sat"),
    ],
)
def test_spelt_out(text: str, spelt: str) -> None:
    assert spelt_out(text) == spelt
