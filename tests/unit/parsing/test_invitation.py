"""Reading a pasted invitation: an email, a recruiter's chat message, calendar-invite text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.parsing.invitation import FORMATS, Invitation, read_invitation
from tests.support.invitation import CALENDAR, CHAT, EMAIL

LISBON = ZoneInfo("Europe/Lisbon")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
"""Monday 23 November 2026, 15:00 in Lisbon (as the feature tests' clock)."""

GOOGLE = """Invitation: Acme – second interview @ Thu 10 Dec 2026 2pm - 3pm (WET) (alex@gmail.com)

Join with Google Meet
meet.google.com/abc-defg-hij

Guests
Maria Lopes - organizer
Rui Costa
ana.silva@acme.com
alex.doe@gmail.com
"""

OUTLOOK = """Microsoft Teams meeting
Subject: Interview - Data Engineer position
When: Thursday, December 10, 2026 2:00 PM-3:30 PM (UTC+01:00) Amsterdam, Berlin, Bern, Rome.
Where: Microsoft Teams Meeting
Organizer: Jane Smith
Required Attendees: Jane Smith; Peter Jansen; alex.doe@outlook.com

Join the meeting now https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc
"""


def wall(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    """A naive wall-clock time, as `starts_local` is."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC).replace(tzinfo=None)


def read(text: str, zone: ZoneInfo = LISBON, now: datetime = NOW) -> Invitation:
    found = read_invitation(text, zone, now)
    assert found is not None, "not read as an invitation"
    return found


# The three samples ----------------------------------------------------------------------------


def test_an_english_email_fills_every_field() -> None:
    invitation = read(EMAIL)
    assert invitation.company == "Acme"
    assert invitation.role == "Senior Data Analyst"
    assert invitation.starts_local == wall(2026, 12, 10, 14, 0)
    assert invitation.zone_name == "Europe/Lisbon"
    assert invitation.duration_min == 60
    assert invitation.format == "presentation"
    assert invitation.interviewers == ("Ana Silva (Head of Data)", "Tomás Reis (Senior Analyst)")
    assert invitation.round == "second"
    assert invitation.video_link_seen is False


def test_a_short_recruiter_chat_fills_company_date_time_and_people() -> None:
    invitation = read(CHAT)
    assert invitation.company == "Blue Harbor"
    assert invitation.starts_local == wall(2026, 11, 26, 14, 0)  # the coming Thursday
    assert invitation.zone_name is None  # read in the user's own zone
    assert invitation.duration_min == 45
    assert invitation.interviewers == ("Rui Costa (VP Eng)", "Marta (data)")
    assert invitation.round == "final"
    assert invitation.role is None


def test_calendar_invite_text_leaves_out_organizer_and_candidate_and_the_link() -> None:
    invitation = read(CALENDAR)
    assert invitation.company == "Acme"
    assert invitation.starts_local == wall(2026, 12, 10, 14, 0)
    assert invitation.zone_name == "Europe/Lisbon"  # the city after "(GMT+00:00)"
    assert invitation.duration_min == 60
    assert invitation.interviewers == ("Rui Costa (VP Engineering)", "Ana Silva")
    assert invitation.video_link_seen is True
    answers = json.dumps(invitation.as_answers())
    assert "zoom" not in answers.casefold()
    assert "81234567890" not in answers and "pwd" not in answers


# Calendar styles ------------------------------------------------------------------------------


def test_google_calendar_text() -> None:
    invitation = read(GOOGLE)
    assert invitation.company == "Acme"
    assert invitation.starts_local == wall(2026, 12, 10, 14, 0)
    assert invitation.zone_name == "WET"
    assert invitation.duration_min == 60
    # The organizer and the guest on a personal address (the candidate) are left out.
    assert invitation.interviewers == ("Rui Costa", "Ana Silva")
    assert invitation.video_link_seen is True
    assert "meet.google" not in json.dumps(invitation.as_answers())


def test_outlook_text_with_a_city_list_and_us_dates() -> None:
    invitation = read(OUTLOOK)
    assert invitation.starts_local == wall(2026, 12, 10, 14, 0)
    assert invitation.zone_name == "Europe/Amsterdam"
    assert invitation.duration_min == 90
    assert invitation.role == "Data Engineer"
    assert invitation.interviewers == ("Peter Jansen",)
    assert invitation.video_link_seen is True
    assert invitation.company is None  # nothing names it: the review asks


# Dates, times and lengths ---------------------------------------------------------------------


def message(when: str, extra: str = "") -> str:
    """A recruiter's message with the time line given."""
    return f"Hi Alex,\nWe'd like to invite you to a second interview {when}.{extra}\nMaria, Acme"


@pytest.mark.parametrize(
    ("when", "start", "minutes"),
    [
        ("on 10 Dec at 14:30", wall(2026, 12, 10, 14, 30), None),
        ("on December 10th at 2:30 pm", wall(2026, 12, 10, 14, 30), None),
        ("on 10/12/2026 at 09:00", wall(2026, 12, 10, 9, 0), None),
        ("on 2026-12-10 at 9am", wall(2026, 12, 10, 9, 0), None),
        ("tomorrow at 3pm", wall(2026, 11, 24, 15, 0), None),
        ("this Friday at 11", wall(2026, 11, 27, 11, 0), None),
        ("next Thursday, 2 - 3pm", wall(2026, 11, 26, 14, 0), 60),
        ("on Tue 1 Dec, 11 - 12pm", wall(2026, 12, 1, 11, 0), 60),
        ("on 10 Dec from 10:00 to 11:30", wall(2026, 12, 10, 10, 0), 90),
        ("on 10 Dec at noon", wall(2026, 12, 10, 12, 0), None),
        # Pasted after the interview: a day and month that passed recently mean this year's.
        ("on Tuesday 17 November at 10:00", wall(2026, 11, 17, 10, 0), None),
    ],
)
def test_dates_and_times(when: str, start: datetime, minutes: int | None) -> None:
    invitation = read(message(when))
    assert (invitation.starts_local, invitation.duration_min) == (start, minutes)


@pytest.mark.parametrize(
    ("extra", "minutes"),
    [
        ("\nIt will last about an hour.", 60),
        ("\nWe have booked 45 minutes for it.", None),  # no cue word: not taken as the length
        ("\nThe interview takes 1 hour and 30 minutes.", 90),
        ("\nPlease prepare a 10 minutes presentation.", None),
        (" 45 min on Zoom.", 45),  # on the line of the time
    ],
)
def test_a_length_is_read_only_where_it_describes_the_interview(
    extra: str, minutes: int | None
) -> None:
    assert read(message("on 10 Dec at 14:00", extra)).duration_min == minutes


@pytest.mark.parametrize(
    ("when", "zone"),
    [
        ("on 10 Dec at 14:00 CET", "CET"),
        ("on 10 Dec at 14:00 (Central European Time - Berlin)", "Europe/Berlin"),
        ("on 10 Dec at 14:00 London time", "Europe/London"),
        ("on 10 Dec at 14:00 BST", None),  # London or Dhaka: never guessed
        ("on 10 Dec at 14:00. Time zone: America/New_York", "America/New_York"),
    ],
)
def test_a_zone_named_by_the_time(when: str, zone: str | None) -> None:
    assert read(message(when)).zone_name == zone


# Company, role, interviewers, kind of round ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "company"),
    [
        (
            "Hi Alex,\nInterview invitation for 10 Dec at 14:00 with Northwind GmbH.\nBest",
            "Northwind",
        ),
        ("Company: Blue Harbor\nInterview scheduled: 10 Dec, 14:00", "Blue Harbor"),
        (
            "Hello Alex,\nWe'd like to invite you to interview on 10 Dec at 14:00.\n"
            "Thanks,\nMaria\nmaria.lopes@northwind.io",
            "Northwind",
        ),
        (
            "Hi Alex,\nYour interview at Acme's Lisbon office is confirmed for 10 Dec at 14:00."
            "\nMaria",
            "Acme",
        ),
        (
            "Hi Alex,\nWe'd like to invite you to interview on 10 Dec at 14:00.\n"
            "Maria\nmaria@gmail.com",
            None,  # a personal address names no company
        ),
    ],
)
def test_the_company(text: str, company: str | None) -> None:
    assert read(text).company == company


@pytest.mark.parametrize(
    ("line", "role"),
    [
        ("for the Senior Analyst role", "Senior Analyst"),
        ("for the position of Product Designer", "Product Designer"),
        ("for our Data Engineer opening", "Data Engineer"),
        ("for the role", None),
    ],
)
def test_the_role(line: str, role: str | None) -> None:
    text = f"Hi Alex,\nWe'd like to invite you to interview {line} on 10 Dec at 14:00.\nMaria, Acme"
    assert read(text).role == role


def test_interviewers_listed_one_a_line_and_a_title_before_a_name() -> None:
    text = (
        "Hi Alex,\nYour second interview is confirmed for 10 Dec at 14:00.\n"
        "Interviewers:\n- Ana Silva (Head of Data)\n- João da Costa – Engineering Manager\n\n"
        "You'll also have a short chat with our CTO, Rui Costa.\nBest,\nMaria Lopes\nAcme"
    )
    assert read(text).interviewers == (
        "Ana Silva (Head of Data)",
        "João da Costa (Engineering Manager)",
        "Rui Costa (CTO)",
    )


def test_the_candidate_greeted_and_the_sender_are_not_interviewers() -> None:
    text = (
        "Hi Alex,\nInvite: interview on 10 Dec at 14:00\n"
        "Attendees: Alex Doe, Maria Lopes, Ana Silva\nKind regards,\nMaria Lopes"
    )
    assert read(text).interviewers == ("Ana Silva",)


@pytest.mark.parametrize(
    ("sentence", "format_"),
    [
        ("It is a panel interview with the leadership team.", "panel"),
        ("Please prepare a case study to present.", "presentation"),
        ("It's an informal chat to meet the team.", "culture"),
        ("We'll discuss salary and your start date.", "logistics"),
        ("A panel, then a short presentation.", "mixed"),
        ("Nothing more to add.", None),
    ],
)
def test_the_kind_of_round(sentence: str, format_: str | None) -> None:
    found = read(message("on 10 Dec at 14:00", f" {sentence}")).format
    assert found == format_
    assert found is None or found in FORMATS


def test_three_people_and_no_other_word_make_a_panel() -> None:
    text = message("on 10 Dec at 14:00", " You'll meet Ana Silva, Rui Costa and Tomás Reis.")
    assert read(text).format == "panel"


@pytest.mark.parametrize(
    "link",
    [
        "https://acme.zoom.us/j/123456?pwd=secret",
        "https://teams.microsoft.com/l/meetup-join/19%3asecret",
        "meet.google.com/abc-defg-hij",
        "https://acme.webex.com/acme/j.php?MTID=secret",
    ],
)
def test_a_video_link_is_seen_and_never_kept(link: str) -> None:
    invitation = read(message("on 10 Dec at 14:00", f"\nJoin: {link}"))
    assert invitation.video_link_seen is True
    kept = json.dumps(invitation.as_answers())
    assert link not in kept and "secret" not in kept and "abc-defg" not in kept


def test_as_answers_is_plain_json() -> None:
    answers = read(EMAIL).as_answers()
    assert json.loads(json.dumps(answers)) == answers
    assert answers["starts_local"] == "2026-12-10T14:00"
    assert answers["interviewers"] == ["Ana Silva (Head of Data)", "Tomás Reis (Senior Analyst)"]


# Not an invitation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "remind me tomorrow at 9 to send the portfolio",
        "my interview is next thursday at 2pm, should I prepare?",
        "We'd like to invite you to a second interview on 10 Dec at 14:00.",  # one line
        "can you remind me on Friday at 10:00\nto email Ana about the references?",
        "I had my second interview today at 14:00.\nIt went well, they said they'd decide soon.",
        "my final interview is on 10 Dec at 14:00\nwhat should I wear?",
        "should I follow up?\nthe interview was on Tuesday at 10:00",
        "I'm nervous about tomorrow at 10am\nthe interview is with Acme",
        "nudge me on Friday at 9 about the references\nthanks",
        "Shopping list:\nmilk\neggs",
        "Meeting notes\nwe discussed the Q3 roadmap",
        "Interview invitation\nThursday 10 December 2026",  # a date, no time
        "Interview invitation\n14:00 – 15:00",  # a time, no date
        "Dentist on Thursday 10 Dec\nat 14:00, bring the x-rays",  # no interview or meeting
        "I got the offer!!!\nThey called me today at 5pm",
        "do you think they liked me?\nthe call on Tue 1 Dec at 11:00 felt short",
        "it's been a week since the interview on 17 Nov at 10:00\nno news, should I chase them?",
        "Interview went ok\nthey said they'd schedule a call on Friday at 10:00 with Ana Silva",
        "I have a call with Acme on Friday at 10:00\nit's the final round, I'm excited",
    ],
)
def test_ordinary_messages_are_not_invitations(text: str) -> None:
    assert read_invitation(text, LISBON, NOW) is None


def test_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        read_invitation(EMAIL, LISBON, NOW.replace(tzinfo=None))
