"""A pasted invitation, end to end through the coach on a real SQLite file: what was read is
shown for review, fixed field by field, then saved as /interviews saves an interview (same
reminders, same card), or discarded; a video link is never stored anywhere.

The test clock starts on Monday 23 November 2026 at 15:00 UTC (16:00 in Berlin, 15:00 in
Lisbon).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.app import Content, build_coach
from bot.clock import FrozenClock
from bot.domain.reminders import Kind, ReminderRow
from bot.store import Store
from tests.support.coach import Driver
from tests.support.invitation import CALENDAR, CHAT, EMAIL, ZOOM_LINK, paste
from tests.support.records import ALICE, BOB, berlin, only_interview, pending, table

LISBON_TIME = "Thursday 10 December 2026 at 14:00"


def planned(store: Store, user_id: str) -> list[tuple[Kind, object]]:
    """The user's pending reminders as (kind, due time), in order."""
    return sorted(((r.kind, r.due_at) for r in pending(store, user_id)), key=str)


def stored_bytes(db_path: Path) -> bytes:
    """Every byte SQLite wrote for the database: the file, its write-ahead log, its index."""
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def test_the_email_is_reviewed_fixed_and_saved_like_interviews_would(
    berliner: Driver, bob: Driver, store: Store
) -> None:
    paste(berliner, EMAIL)
    berliner.expect("invitation:review")
    text = berliner.text
    assert "<b>Acme</b>" in text and "<b>Senior Data Analyst</b>" in text
    # 14:00 in Lisbon is 15:00 in Berlin: shown in the user's zone, and said so.
    assert "<b>Thursday 10 December 2026 at 15:00 (Europe/Berlin)</b>, 60 minutes" in text
    assert "The invitation says 14:00 in Europe/Lisbon" in text
    assert "Ana Silva (Head of Data), Tomás Reis (Senior Analyst)" in text
    assert "Kind of round: Presentation or case" in text
    assert "for the second round" in text
    assert berliner.labels[:7] == [
        "Save this interview",
        "Fix the company",
        "Fix the role",
        "Fix the date and time",
        "Fix the interviewers",
        "Fix the kind of round",
        "Discard",
    ]

    berliner.click("Fix the role")
    berliner.expect("invitation:fix_role")
    assert "I read <b>Senior Data Analyst</b>" in berliner.text
    berliner.send("Lead Data Analyst")
    berliner.expect("invitation:review")
    assert "<b>Lead Data Analyst</b>" in berliner.text
    assert "Senior Data Analyst</b>" not in berliner.text
    assert "<b>Acme</b>" in berliner.text  # the rest is kept

    berliner.click("Save this interview")
    assert berliner.prompt.token == "menu"
    saved = only_interview(store, ALICE)
    assert (saved.company, saved.role, saved.round) == ("Acme", "Lead Data Analyst", "second")
    assert saved.starts_at == berlin(2026, 12, 10, 15, 0)
    assert (saved.duration_min, saved.format) == (60, "presentation")
    assert saved.interviewers == "Ana Silva (Head of Data), Tomás Reis (Senior Analyst)"
    assert "Saved: <b>Acme</b> – Lead Data Analyst, Thursday 10 December 2026 at 15:00" in (
        berliner.text
    )
    assert "I'll remind you:" in berliner.text
    assert store.load_dialog_state(ALICE) is None

    # Bob adds the same interview through /interviews: the same reminders, the same buttons.
    bob.set_timezone("Europe/Berlin")
    bob.add_interview(
        "Acme",
        "Lead Data Analyst",
        when="10 Dec 15:00",
        format_="Presentation or case",
        interviewers="Ana Silva (Head of Data), Tomás Reis (Senior Analyst)",
    )
    assert planned(store, ALICE) == planned(store, BOB)
    assert {kind for kind, _ in planned(store, ALICE)} >= {Kind.PREP_72H, Kind.THANK_YOU}
    assert (
        berliner.labels
        == bob.labels
        == ["Open the prep plan", "Read the signals for it", "Main menu"]
    )

    berliner.send("/interviews")
    assert "Acme – Lead Data Analyst" in berliner.labels
    berliner.click("Acme – Lead Data Analyst")
    assert "Thursday 10 December 2026 at 15:00 (Europe/Berlin), about 60 minutes" in berliner.text


def test_the_calendar_invite_asks_the_missing_role_and_never_stores_the_link(
    alice: Driver, store: Store, db_path: Path
) -> None:
    paste(alice, CALENDAR)
    # A new user's timezone is unknown, but the invite names Lisbon: nothing is asked first.
    alice.expect("invitation:review")
    text = alice.text
    assert "<b>Acme</b>" in text
    assert "Role: <i>not found, tap Fix the role to add it</i>" in text
    assert f"<b>{LISBON_TIME} (UTC)</b>, 60 minutes" in text  # Lisbon is on UTC in December
    assert "The invitation says" not in text  # the same clock time: nothing to convert
    assert "Rui Costa (VP Engineering), Ana Silva" in text
    assert "Maria Lopes" not in text and "Alex Doe" not in text
    assert "A video link (not saved" in text
    assert "until you tell me your timezone with /timezone" in text
    assert ZOOM_LINK.encode() not in stored_bytes(db_path)  # the open review holds none either

    alice.click("Save this interview")
    alice.expect("invitation:need_role")
    assert "I need the role before I can save this" in alice.text
    alice.send("Product Analyst")
    assert alice.prompt.token == "menu", alice.text
    saved = only_interview(store, ALICE)
    assert (saved.company, saved.role) == ("Acme", "Product Analyst")
    assert saved.interviewers == "Rui Costa (VP Engineering), Ana Silva"
    assert (
        saved.starts_at is not None and saved.starts_at.isoformat() == "2026-12-10T14:00:00+00:00"
    )
    assert pending(store, ALICE)

    everything = stored_bytes(db_path)
    for kept_out in (ZOOM_LINK, "zoom.us", "81234567890", "Zx9qLmNoPq", "812 3456 7890"):
        assert kept_out.encode() not in everything, kept_out
    for name in ("interviews", "reminders", "dialog_state", "users"):
        assert "zoom" not in repr(table(store, name)).casefold(), name


def test_the_chat_asks_the_timezone_first_and_each_fix_shows_in_the_review(
    alice: Driver, store: Store
) -> None:
    paste(alice, CHAT)
    # Neither the user nor the message names a timezone: asked before the time is placed.
    alice.expect("invitation:zone_ask")
    alice.send("Lisbon")
    alice.expect("invitation:review")
    assert "Got it: Europe/Lisbon" in alice.text
    assert "<b>Thursday 26 November 2026 at 14:00 (Europe/Lisbon)</b>, 45 minutes" in alice.text
    assert "<b>Blue Harbor</b>" in alice.text
    assert "for the final round" in alice.text
    assert "Kind of round: <i>not said" in alice.text

    alice.click("Fix the date and time")
    alice.expect("invitation:fix_when")
    alice.send("31 Feb 10:00")  # refused with the reason; nothing read so far is lost
    alice.expect("invitation:fix_when")
    alice.send("Friday 27 Nov 10:00")
    alice.expect("invitation:review")
    assert "<b>Friday 27 November 2026 at 10:00 (Europe/Lisbon)</b>" in alice.text

    alice.click("Fix the kind of round")
    alice.click("Culture or peer chat")
    alice.expect("invitation:review")
    assert "Kind of round: Culture or peer chat" in alice.text

    alice.click("Fix the company")
    alice.send("🙂")  # no letters: refused, asked again
    alice.expect("invitation:fix_company")
    alice.send("Blue Harbor Bank")
    alice.expect("invitation:review")
    assert "<b>Blue Harbor Bank</b>" in alice.text
    assert "Rui Costa (VP Eng), Marta (data)" in alice.text  # still there

    alice.click("Fix the interviewers")
    alice.click("Leave them out")
    assert "Interviewers: <i>none named" in alice.text

    alice.click("Save this interview")
    alice.expect("invitation:need_role")
    alice.send("Data Engineer")
    saved = only_interview(store, ALICE)
    assert (saved.company, saved.role, saved.round) == (
        "Blue Harbor Bank",
        "Data Engineer",
        "final",
    )
    assert (
        saved.starts_at is not None and saved.starts_at.isoformat() == "2026-11-27T10:00:00+00:00"
    )
    assert (saved.duration_min, saved.format, saved.interviewers) == (45, "culture", None)


def test_saving_reports_the_reminders_it_planned(
    store: Store, clock: FrozenClock, content: Content
) -> None:
    armed: list[ReminderRow] = []
    driver = Driver(build_coach(store, clock, content, listener=armed.extend), ALICE)
    paste(driver, EMAIL)
    driver.click("Save this interview")
    assert armed and {r.id for r in armed} == {r.id for r in pending(store, ALICE)}


def test_an_invitation_pasted_after_the_interview_goes_to_the_debrief(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    clock.set(berlin(2026, 12, 10, 17, 30))  # two hours after it ended
    paste(berliner, EMAIL)
    assert "It's already behind you" in berliner.text
    berliner.click("Save this interview")
    assert berliner.labels == ["Debrief now", "Should I follow up?", "Main menu"]
    kinds = {r.kind for r in pending(store, ALICE)}
    assert Kind.PREP_72H not in kinds and Kind.THANK_YOU in kinds


def test_a_date_too_far_back_is_asked_again_before_saving(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    clock.set(berlin(2026, 12, 10, 12, 0) + timedelta(days=200))
    paste(berliner, EMAIL)  # says 10 December 2026: more than six months ago by now
    assert "more than six months ago" in berliner.text
    berliner.click("Save this interview")
    berliner.expect("invitation:need_when")
    berliner.send("tomorrow 10:00")
    saved = only_interview(store, ALICE)
    assert saved.starts_at == berlin(2027, 6, 29, 10, 0)


def test_discarding_keeps_nothing(berliner: Driver, store: Store) -> None:
    paste(berliner, EMAIL)
    berliner.click("Discard")
    assert "nothing from that invitation was saved" in berliner.text
    assert berliner.labels == ["Main menu"]
    assert table(store, "interviews") == [] and pending(store, ALICE) == []
    assert store.load_dialog_state(ALICE) is None
