"""Reading a reminder asked for in a sentence: the when, the what, and what is refused.

"Now" is Monday 23 November 2026, 14:00 in Lisbon (UTC+0 in winter).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.problems import Refusal
from bot.parsing.reminder_request import (
    ReminderRequest,
    clean_text,
    parse_reminder_request,
    spell_out,
)

LISBON_KEY = "Europe/Lisbon"
NOW = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def read(text: str, zone: str = LISBON_KEY, now: datetime = NOW) -> ReminderRequest | Refusal:
    """Read a sentence in `zone` at `now`."""
    return parse_reminder_request(text, ZoneInfo(zone), now)


def when_and_what(text: str) -> tuple[str, str, bool]:
    """The local time read ("Tue 24 Nov 09:00"), the text and whether the time was given."""
    found = read(text)
    assert isinstance(found, ReminderRequest), found
    return found.local.strftime("%a %d %b %H:%M"), found.text, found.time_given


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the three sentences of the issue
        (
            "remind me tomorrow at 9 to send the portfolio",
            ("Tue 24 Nov 09:00", "Send the portfolio", True),
        ),
        ("nudge me on Friday about the references", ("Fri 27 Nov 09:00", "The references", False)),
        (
            "can you remind me tomorrow at 9 to send the portfolio?",
            ("Tue 24 Nov 09:00", "Send the portfolio", True),
        ),
        # without the opening (what /remind gets as its argument), or with other ones
        ("tomorrow at 9 to send the portfolio", ("Tue 24 Nov 09:00", "Send the portfolio", True)),
        ("ping me in 2 hours to stretch", ("Mon 23 Nov 16:00", "Stretch", True)),
        ("Please remind me on Friday to email Rui.", ("Fri 27 Nov 09:00", "Email Rui", False)),
        (
            "hey coach, set a reminder for tomorrow at 10am: call Ana",
            ("Tue 24 Nov 10:00", "Call Ana", True),
        ),
        (
            "remind me that the call moved, tomorrow 10am",
            ("Tue 24 Nov 10:00", "The call moved", True),
        ),
        # the what first, the when at the end
        ("remind me to call Ana at 5 tomorrow", ("Tue 24 Nov 17:00", "Call Ana", True)),
        ("remind me about the references on friday", ("Fri 27 Nov 09:00", "The references", False)),
        ("remind me to log in tomorrow at 8", ("Tue 24 Nov 08:00", "Log in", True)),
        ("remind me to buy sun cream tomorrow", ("Tue 24 Nov 09:00", "Buy sun cream", False)),
        (
            "remind me to prepare for Friday's interview tomorrow",
            ("Tue 24 Nov 09:00", "Prepare for Friday's interview", False),
        ),
        # a day first and its time at the end
        ("remind me tomorrow to call Ana at 5", ("Tue 24 Nov 17:00", "Call Ana", True)),
        # no joining word
        ("friday 10:00 follow up with Rui", ("Fri 27 Nov 10:00", "Follow up with Rui", True)),
        ("remind me call Ana tomorrow", ("Tue 24 Nov 09:00", "Call Ana", False)),
    ],
)
def test_sentences_are_cut_into_when_and_what(
    sentence: str, expected: tuple[str, str, bool]
) -> None:
    assert when_and_what(sentence) == expected


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("tmrw at 9", "Tue 24 Nov 09:00"),
        ("tmr 9am", "Tue 24 Nov 09:00"),
        ("thurs", "Thu 26 Nov 09:00"),
        ("thurs at 15:30", "Thu 26 Nov 15:30"),
        ("next thurs 2pm", "Thu 26 Nov 14:00"),
        ("weds", "Wed 25 Nov 09:00"),
        ("tues 10am", "Tue 24 Nov 10:00"),
        ("in 2 hours", "Mon 23 Nov 16:00"),
        ("in 2 hrs", "Mon 23 Nov 16:00"),
        ("in an hour", "Mon 23 Nov 15:00"),
        ("in 30 mins", "Mon 23 Nov 14:30"),
        ("at 9", "Tue 24 Nov 09:00"),  # 09:00 has passed today: the next one
        ("at 15:00", "Mon 23 Nov 15:00"),  # still to come today
        ("on the 3rd", "Thu 03 Dec 09:00"),
        ("on the 30th", "Mon 30 Nov 09:00"),
        ("3 dec at 10", "Thu 03 Dec 10:00"),
        ("next week", "Mon 30 Nov 09:00"),
        ("tomorrow evening", "Tue 24 Nov 18:00"),
        ("tomorrow morning", "Tue 24 Nov 09:00"),
        ("tonight", "Mon 23 Nov 20:00"),
    ],
)
def test_the_ways_people_write_the_when(when: str, expected: str) -> None:
    local, text, _ = when_and_what(f"remind me {when} to send the portfolio")
    assert (local, text) == (expected, "Send the portfolio")


@pytest.mark.parametrize(
    ("when", "given"),
    [("tomorrow at 9", True), ("in 2 hours", True), ("on friday", False), ("tonight", False)],
)
def test_time_given_says_whether_the_sentence_named_the_time(when: str, given: bool) -> None:
    assert when_and_what(f"remind me {when} to pack")[2] is given


def test_the_time_is_read_in_the_users_zone_and_kept_as_utc() -> None:
    found = read("remind me tomorrow at 9 to send the portfolio", zone="Asia/Tokyo")
    assert isinstance(found, ReminderRequest)
    assert found.utc == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 09:00 in Tokyo
    assert found.local.utcoffset() is not None and found.local.hour == 9


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("remind me today at 9 to send the portfolio", "reminder_past"),
        ("remind me yesterday to send the portfolio", "reminder_past"),
        ("remind me to send the portfolio", "reminder_when"),
        ("remind me", "reminder_when"),
        ("remind me tomorrow at 9", "reminder_what"),
        ("remind me tomorrow at 9 to 🙏", "reminder_what"),
        ("remind me today to send the portfolio", "reminder_time"),
        ("remind me in 400 days to send the portfolio", "too_far"),
        ("remind me on 31 feb at 9 to send the portfolio", "impossible_date"),
        ("   ", "empty"),
        ("remind me tomorrow at 9 to " + "x" * 400, "too_long"),
    ],
)
def test_what_is_refused(sentence: str, key: str) -> None:
    found = read(sentence)
    assert isinstance(found, Refusal)
    assert found.key == key


def test_a_refusal_keeps_what_was_read_to_quote_it_back() -> None:
    past = read("remind me today at 9 to send the portfolio")
    assert isinstance(past, Refusal)
    assert past.params["what"] == "Send the portfolio"
    assert past.params["when"] == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    no_when = read("remind me to send the portfolio")
    assert isinstance(no_when, Refusal) and no_when.params == {"what": "Send the portfolio"}
    no_what = read("remind me tomorrow at 9")
    assert isinstance(no_what, Refusal)
    assert no_what.params == {
        "when": datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
        "zone": LISBON_KEY,
    }


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        read("remind me tomorrow at 9 to pack", now=NOW.replace(tzinfo=None))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("to send the portfolio?", "Send the portfolio"),
        ("about the references!!", "The references"),
        ("  that  the call moved ,", "The call moved"),
        ("please send it, thanks", "Send it"),
        ("<b>Acme</b> & co", "<b>Acme</b> & co"),  # kept as typed: templates escape it
    ],
)
def test_the_text_is_tidied(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_short_forms_are_spelled_out() -> None:
    assert spell_out("Tmrw") == "tomorrow"
    assert spell_out("next thurs 2pm") == "next thursday 2pm"
    assert spell_out("weds at 9") == "wednesday at 9"
    assert spell_out("thursday") == "thursday"
