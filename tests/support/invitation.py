"""Pasting an invitation as a user, and the three sample invitations the tests paste.

`paste` sends the text as a message, as a person pasting it would.
"""

from __future__ import annotations

from bot.domain.events import Reply
from tests.support.coach import Driver

ZOOM_LINK = "https://acme.zoom.us/j/81234567890?pwd=Zx9qLmNoPq"

EMAIL = """Subject: Second interview – Senior Data Analyst at Acme

Hi Alex,

Thank you for your time last week. We'd like to invite you to a second interview for the
Senior Data Analyst position.

Date: Thursday, 10 December 2026
Time: 14:00 – 15:00 (Lisbon time)
Where: our Lisbon office, Rua Augusta 100

You'll meet Ana Silva (Head of Data) and Tomás Reis, Senior Analyst. Please prepare a short
presentation of a past project (10 minutes).

Kind regards,
Maria Lopes
Talent Partner | Acme Ltd
maria.lopes@acme.com
"""
"""An English email: every field, the time in Lisbon."""

CHAT = """Hi Alex! Great news: the team wants to move you to the final round 🎉
Could you do next Thu at 2pm? 45 min on Teams with Rui Costa, VP Eng, and Marta from data.
I'll send the invite shortly. Maria @ Blue Harbor"""
"""A short recruiter chat: no role, no zone (the user's own)."""

CALENDAR = f"""Second interview: Alex Doe / Acme
When: Thursday, 10 December 2026 14:00 – 15:00 (GMT+00:00) Lisbon
Organizer: Maria Lopes
Attendees: Maria Lopes; Rui Costa (VP Engineering); Ana Silva; Alex Doe (you)

Join Zoom Meeting
{ZOOM_LINK}
Meeting ID: 812 3456 7890
Passcode: 4471
"""
"""Calendar-invite text: no role, a Zoom link that must never be stored."""


def paste(driver: Driver, text: str) -> list[Reply]:
    """Paste `text` as `driver`'s user, as a message: the coach reads it as an invitation and
    starts the invitation dialog with what it read."""
    replies = driver.send(text)
    assert driver.prompt.token is not None and driver.prompt.token.startswith("invitation:"), (
        f"the text was not read as an invitation:\n{driver.text}"
    )
    return replies
