"""The "should I follow up yet?" advisor, asserted exactly in the user's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.rules.follow_up import FollowUpFacts, Verdict, follow_up_verdict, holiday_years
from bot.rules.holidays import country_for_zone, holidays_for

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MONDAY, TUESDAY, THURSDAY = 0, 1, 3


def local(zone: ZoneInfo, year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A wall-clock time in `zone`, as aware UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)


def verdict(facts: FollowUpFacts, now: datetime, zone: ZoneInfo) -> Verdict:
    """Ask the advisor with the national holidays of the zone's country."""
    years = holiday_years(facts, now, zone)
    holidays = holidays_for(country_for_zone(zone.key), years)
    return follow_up_verdict(facts, now, zone, holidays)


# (a) told "by Friday" after a Wednesday interview


def by_friday() -> FollowUpFacts:
    return FollowUpFacts(
        interview_end=local(NEW_YORK, 2026, 11, 18, 11, 0),
        thank_you_sent=True,
        decision_by=date(2026, 11, 20),
    )


def test_deadline_given_waits_for_first_business_day_after_it() -> None:
    got = verdict(by_friday(), local(NEW_YORK, 2026, 11, 19, 9, 0), NEW_YORK)
    assert got == Verdict("not_yet", "deadline", on=date(2026, 11, 23), deadline=date(2026, 11, 20))
    assert got.on is not None and got.on.weekday() == MONDAY


def test_deadline_passed_means_now_on_that_monday() -> None:
    got = verdict(by_friday(), local(NEW_YORK, 2026, 11, 23, 12, 0), NEW_YORK)
    assert got == Verdict("now", "deadline", on=date(2026, 11, 23), deadline=date(2026, 11, 20))


def test_today_is_the_users_local_day_not_utcs() -> None:
    # Sunday 22 Nov 21:00 in New York is already Monday in UTC: still not yet.
    now = local(NEW_YORK, 2026, 11, 22, 21, 0)
    assert now.date() == date(2026, 11, 23)
    got = verdict(by_friday(), now, NEW_YORK)
    assert (got.kind, got.on) == ("not_yet", date(2026, 11, 23))


def test_deadline_before_a_long_weekend_skips_its_holidays() -> None:
    # Good Friday (3 Apr) and Easter Monday (6 Apr) 2026 are German public holidays.
    facts = FollowUpFacts(
        interview_end=local(BERLIN, 2026, 3, 30, 15, 0),
        thank_you_sent=True,
        decision_by=date(2026, 4, 2),
    )
    got = verdict(facts, local(BERLIN, 2026, 4, 1, 10, 0), BERLIN)
    assert (got.kind, got.reason, got.on) == ("not_yet", "deadline", date(2026, 4, 7))
    assert got.on is not None and got.on.weekday() == TUESDAY


# (b) no timeframe, with or without Thanksgiving in the way


def no_timeframe(zone: ZoneInfo) -> FollowUpFacts:
    return FollowUpFacts(interview_end=local(zone, 2026, 11, 23, 15, 0), thank_you_sent=True)


def test_no_timeframe_skips_thanksgiving_in_the_us() -> None:
    got = verdict(no_timeframe(NEW_YORK), local(NEW_YORK, 2026, 11, 25, 9, 0), NEW_YORK)
    assert got == Verdict("not_yet", "no_timeframe", on=date(2026, 12, 1))
    assert got.on is not None and got.on.weekday() == TUESDAY


def test_no_timeframe_in_germany_has_no_thanksgiving() -> None:
    got = verdict(no_timeframe(BERLIN), local(BERLIN, 2026, 11, 25, 9, 0), BERLIN)
    assert got == Verdict("not_yet", "no_timeframe", on=date(2026, 11, 30))
    assert got.on is not None and got.on.weekday() == MONDAY


def test_no_timeframe_on_the_day_is_now() -> None:
    got = verdict(no_timeframe(NEW_YORK), local(NEW_YORK, 2026, 12, 1, 8, 0), NEW_YORK)
    assert (got.kind, got.on) == ("now", date(2026, 12, 1))


# (c) the thank-you note comes first


def test_unsent_thank_you_three_hours_after_comes_first() -> None:
    end = local(NEW_YORK, 2026, 11, 18, 11, 0)
    facts = FollowUpFacts(interview_end=end, thank_you_sent=False, decision_by=date(2026, 11, 20))
    got = verdict(facts, end + timedelta(hours=3), NEW_YORK)
    assert got == Verdict(
        "thank_you_first",
        "thank_you_due",
        deadline=date(2026, 11, 20),
        thank_you_due_by=end + timedelta(hours=24),
    )
    assert got.thank_you_due_by == local(NEW_YORK, 2026, 11, 19, 11, 0)
    assert got.thank_you_due_by.astimezone(NEW_YORK).weekday() == THURSDAY


def test_unsent_thank_you_past_24_hours_falls_through_to_the_date_rules() -> None:
    end = local(NEW_YORK, 2026, 11, 23, 15, 0)
    facts = FollowUpFacts(interview_end=end, thank_you_sent=False)
    got = verdict(facts, end + timedelta(hours=24), NEW_YORK)
    assert got == Verdict("not_yet", "no_timeframe", on=date(2026, 12, 1), thank_you_missed=True)


# (d) follow-ups already sent


def test_one_follow_up_waits_five_business_days_after_it() -> None:
    facts = FollowUpFacts(
        interview_end=local(NEW_YORK, 2026, 11, 18, 11, 0),
        thank_you_sent=True,
        decision_by=date(2026, 11, 20),
        # 22:30 on Tuesday in New York is already Wednesday in UTC.
        followups_sent=(local(NEW_YORK, 2026, 12, 1, 22, 30),),
    )
    got = verdict(facts, local(NEW_YORK, 2026, 12, 2, 9, 0), NEW_YORK)
    assert got == Verdict(
        "not_yet", "after_first_followup", on=date(2026, 12, 8), deadline=date(2026, 11, 20)
    )
    assert got.on is not None and got.on.weekday() == TUESDAY
    later = verdict(facts, local(NEW_YORK, 2026, 12, 9, 9, 0), NEW_YORK)
    assert (later.kind, later.on) == ("now", date(2026, 12, 9))


def test_two_follow_ups_means_stop() -> None:
    facts = FollowUpFacts(
        interview_end=local(NEW_YORK, 2026, 11, 18, 11, 0),
        thank_you_sent=True,
        followups_sent=(local(NEW_YORK, 2026, 11, 25, 9, 0), local(NEW_YORK, 2026, 12, 3, 9, 0)),
    )
    got = verdict(facts, local(NEW_YORK, 2026, 12, 20, 9, 0), NEW_YORK)
    assert got == Verdict("stop", "two_sent")


def test_two_follow_ups_stop_even_with_the_thank_you_unsent() -> None:
    end = local(NEW_YORK, 2026, 11, 18, 11, 0)
    facts = FollowUpFacts(
        interview_end=end,
        thank_you_sent=False,
        followups_sent=(end + timedelta(hours=1), end + timedelta(hours=2)),
    )
    assert verdict(facts, end + timedelta(hours=3), NEW_YORK).kind == "stop"


# (e) the employer answered


def test_replied_needs_no_nudging() -> None:
    facts = FollowUpFacts(
        interview_end=local(NEW_YORK, 2026, 11, 18, 11, 0),
        thank_you_sent=True,
        followups_sent=(local(NEW_YORK, 2026, 11, 25, 9, 0), local(NEW_YORK, 2026, 12, 3, 9, 0)),
        replied=True,
    )
    got = verdict(facts, local(NEW_YORK, 2026, 12, 4, 9, 0), NEW_YORK)
    assert got == Verdict("replied", "employer_replied")


def test_naive_datetimes_are_refused() -> None:
    facts = FollowUpFacts(interview_end=datetime(2026, 11, 18, 11, 0), thank_you_sent=True)  # noqa: DTZ001
    with pytest.raises(ValueError, match="interview_end"):
        follow_up_verdict(facts, local(NEW_YORK, 2026, 11, 19, 9, 0), NEW_YORK)


def test_holiday_years_cover_the_interview_to_the_year_after_now() -> None:
    facts = FollowUpFacts(
        interview_end=local(NEW_YORK, 2026, 12, 28, 11, 0),
        thank_you_sent=True,
        decision_by=date(2027, 1, 8),
    )
    assert holiday_years(facts, local(NEW_YORK, 2026, 12, 29, 9, 0), NEW_YORK) == range(2026, 2029)
