"""Reading dates, durations, timeframes, timezones and quiet hours (bot/when)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.domain.problems import Refusal
from bot.domain.reminders import QuietHours
from bot.parsing import (
    Moment,
    ZoneMatch,
    parse_duration,
    parse_moment,
    parse_quiet_hours,
    parse_timeframe,
    parse_zone,
    zone_at,
)
from bot.parsing.moments import warm_up_dates

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


def refusal(found: object) -> Refusal:
    assert isinstance(found, Refusal), found
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


# Durations -----------------------------------------------------------------------------------


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
        ("", "empty"),
    ],
)
def test_duration_refusals(text: str, key: str) -> None:
    assert refusal(parse_duration(text)).key == key


# Timeframes ----------------------------------------------------------------------------------


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
        ("early November", "in_past"),
        ("in 2 years", "too_far"),
        ("soon", "unreadable"),
        ("", "empty"),
        ("x" * 200, "too_long"),
    ],
)
def test_timeframe_refusals(text: str, key: str) -> None:
    assert refusal(parse_timeframe(text, BERLIN, NOW)).key == key


# Zones ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("europe/berlin", "Europe/Berlin"),
        ("America/New York", "America/New_York"),
        ("ASIA/KOLKATA", "Asia/Kolkata"),
        ("UTC", "UTC"),
    ],
)
def test_iana_names(text: str, name: str) -> None:
    assert parse_zone(text) == ZoneMatch(name, "iana")


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("Berlin", "Europe/Berlin", "Berlin, DE"),
        ("new york", "America/New_York", "New York City, US"),
        ("São Paulo", "America/Sao_Paulo", "São Paulo, BR"),
        ("Sao Paulo", "America/Sao_Paulo", "São Paulo, BR"),
        ("Bengaluru", "Asia/Kolkata", "Bengaluru, IN"),
        ("Bangalore", "Asia/Kolkata", "Bengaluru, IN"),
        ("Mumbai", "Asia/Kolkata", "Mumbai, IN"),
        ("Tokyo", "Asia/Tokyo", "Tokyo, JP"),
        ("zurich", "Europe/Zurich", "Zürich, CH"),
        ("Portland", "America/Los_Angeles", "Portland, US"),
        ("Portland, ME", "America/New_York", "Portland, US"),
        ("St Petersburg, Russia", "Europe/Moscow", "Saint Petersburg, RU"),
    ],
)
def test_cities(text: str, name: str, place: str) -> None:
    assert parse_zone(text) == ZoneMatch(name, "city", place)


@pytest.mark.parametrize(
    ("text", "name", "hours"),
    [
        ("UTC+2", "Etc/GMT-2", 2.0),
        ("GMT-5", "Etc/GMT+5", -5.0),
        ("-3", "Etc/GMT+3", -3.0),
        ("+14", "Etc/GMT-14", 14.0),
        ("utc-12", "Etc/GMT+12", -12.0),
        ("UTC+0", "Etc/UTC", 0.0),
        ("+05:30", "Asia/Kolkata", 5.5),
        ("UTC+5:30", "Asia/Kolkata", 5.5),
        ("+0545", "Asia/Kathmandu", 5.75),
        ("-03:30", "America/St_Johns", None),  # observes DST; -3:30 in winter
        ("GMT+9:30", "Australia/Darwin", 9.5),
    ],
)
def test_offsets(text: str, name: str, hours: float | None) -> None:
    assert parse_zone(text) == ZoneMatch(name, "offset")
    if hours is not None:
        offset = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo(name)).utcoffset()
        assert offset == timedelta(hours=hours)


@pytest.mark.parametrize(
    "text", ["UTC+15", "-13", "+04:15", "UTC+2:75", "Xyzzyville", "not a zone at all"]
)
def test_unknown_zones(text: str) -> None:
    assert refusal(parse_zone(text)) == Refusal("unknown_timezone", {"given": text})


def test_zone_empty_and_too_long() -> None:
    assert refusal(parse_zone("  ")).key == "empty"
    assert refusal(parse_zone("x" * 65)).key == "too_long"


def test_zone_at_coordinates() -> None:
    assert zone_at(52.52, 13.40) == ZoneMatch("Europe/Berlin", "location")
    assert zone_at(19.07, 72.88) == ZoneMatch("Asia/Kolkata", "location")


@pytest.mark.parametrize(
    ("latitude", "longitude"), [(91.0, 0.0), (0.0, 181.0), (-90.5, 10.0), (math.nan, 0.0)]
)
def test_zone_at_invalid_coordinates(latitude: float, longitude: float) -> None:
    assert zone_at(latitude, longitude) == Refusal("unknown_place")


# Quiet hours ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("21:00-08:00", time(21, 0), time(8, 0)),
        ("22-7", time(22, 0), time(7, 0)),
        ("10pm to 7am", time(22, 0), time(7, 0)),
        ("23:30–06:30", time(23, 30), time(6, 30)),
        ("from 22 to 7", time(22, 0), time(7, 0)),
        ("between 10pm and 6am", time(22, 0), time(6, 0)),
        ("13:00 - 14:00", time(13, 0), time(14, 0)),
        ("22:00-24:00", time(22, 0), time(0, 0)),
    ],
)
def test_quiet_hours(text: str, start: time, end: time) -> None:
    assert parse_quiet_hours(text) == QuietHours(start, end)


@pytest.mark.parametrize("text", ["off", "none", "OFF", "None."])
def test_quiet_hours_off(text: str) -> None:
    quiet = parse_quiet_hours(text)
    assert isinstance(quiet, QuietHours)
    assert quiet.start == quiet.end
    assert not quiet.contains(time(3, 0))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("10-7", "quiet_too_long"),  # 10:00 to 07:00 is 21 hours
        ("20:00-11:00", "quiet_too_long"),
        ("22-22", "quiet_too_long"),
        ("whenever", "quiet_unreadable"),
        ("25:00-07:00", "quiet_unreadable"),
        ("22", "quiet_unreadable"),
        ("", "empty"),
    ],
)
def test_quiet_hours_refusals(text: str, key: str) -> None:
    assert refusal(parse_quiet_hours(text)).key == key


def test_fourteen_quiet_hours_are_allowed() -> None:
    assert parse_quiet_hours("19:00-09:00") == QuietHours(time(19, 0), time(9, 0))


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
