"""/thankyou: the note drafted from the interview's own facts, escaped, sendable as it is (first
names, the point, the promised items, the user's name, the deadline), and marking it sent."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.events import Event
from bot.domain.records import NAME_KEY
from bot.domain.reminders import Kind
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, only_interview

PANEL = "Rui Costa (VP Eng), Ana, Tomás"
RAW_SYNTAX = ("(", ")", "[", "]", "{", "}", "…", "VP Eng", "your name", "<i>", "<b>")
"""What a note copied from the chat must not contain: brackets, placeholders, roles, markup."""


def note(text: str, index: int = 0) -> str:
    """The `index`-th draft inside <pre> in the coach's text."""
    return text.split("<pre>")[index + 1].split("</pre>")[0]


def panel_after_debrief(driver: Driver, store: Store, clock: FrozenClock) -> None:
    """Alice in Berlin, a 3-person panel on Wed 25 Nov 14:00-15:00, debriefed right after."""
    driver.set_timezone("Europe/Berlin")
    driver.add_interview("Acme", "Senior Engineer", when="in 2 days at 14:00", interviewers=PANEL)
    interview = only_interview(store, ALICE)
    assert interview.ends_at is not None
    clock.set(interview.ends_at + timedelta(minutes=20))
    driver.send("/debrief")
    driver.send("it went well… Rui asked a lot about the ledger migration")
    driver.send("yes a short write-up…, by monday")
    driver.click("Nothing new")


def test_a_panel_note_can_be_sent_as_it_is(
    coach: Coach, alice: Driver, store: Store, clock: FrozenClock
) -> None:
    panel_after_debrief(alice, store, clock)
    coach.handle(Event(ALICE, text="/thankyou", first_name="Sam"))  # as Telegram gives it
    alice.send("/thankyou")

    draft = note(alice.text)
    assert "Hi Rui, Ana and Tomás,\n" in draft  # first names only, roles never
    assert not [raw for raw in RAW_SYNTAX if raw in draft]
    assert "our conversation about the ledger migration," in draft
    assert "it went well" not in draft
    assert "As promised, I'll send a short write-up by Monday 30 November." in draft
    assert draft.endswith("Best regards,\nSam")
    # Due 24 hours after the end (Wed 15:00 Berlin): Thursday 15:00, not the end time.
    assert "so by Thu 26 Nov, 15:00." in alice.text
    assert "Wed 25 Nov, 15:00" not in alice.text
    # A draft stays a draft: marking it sent is the user's word, the coach sends nothing.
    assert "I never send anything on your behalf" in alice.text
    saved = only_interview(store, ALICE)
    assert saved.thank_you_sent_at is None


def test_one_note_per_interviewer_on_request(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    panel_after_debrief(alice, store, clock)
    alice.send("/thankyou")
    alice.click("One note each")
    alice.expect("thankyou:each")

    notes = [note(alice.text, i) for i in range(3)]
    assert [n.split("\n")[2] for n in notes] == ["Hi Rui,", "Hi Ana,", "Hi Tomás,"]
    assert all("the ledger migration" in n for n in notes)
    assert "so by Thu 26 Nov, 15:00" in alice.text
    alice.click("One note to all of them")
    assert "Hi Rui, Ana and Tomás," in note(alice.text)
    alice.click("One note each")
    alice.click("I've sent them")
    assert only_interview(store, ALICE).thank_you_sent_at is not None


def test_one_interviewer_gets_no_choice_of_notes(alice: Driver, store: Store) -> None:
    alice.add_interview(interviewers="Dana Kim (Head of Data)")
    alice.send("/thankyou")
    assert "Hi Dana,\n" in note(alice.text)
    assert "One note each" not in alice.labels


def test_without_a_name_the_note_ends_on_the_sign_off_and_the_coach_says_so(
    alice: Driver, store: Store
) -> None:
    # The terminal gives no name: no placeholder goes into the note.
    alice.add_interview()
    alice.send("/thankyou")
    draft = note(alice.text)
    assert draft.startswith("Subject: Thank you for the Analyst interview\n\nHello,\n")
    assert draft.endswith("Best regards,")
    assert "[" not in draft
    assert "Add your name under “Best regards,”" in alice.text
    assert "one specific thing you discussed stands out" in alice.text

    alice.click("Sign as …")
    alice.expect("thankyou:name")
    alice.send("Sam Rivera")
    alice.expect("thankyou:draft")
    assert note(alice.text).endswith("Best regards,\nSam Rivera")
    assert "Add your name" not in alice.text


def test_a_name_the_user_chose_is_never_replaced_by_the_transports(
    coach: Coach, alice: Driver, store: Store
) -> None:
    coach.handle(Event(ALICE, text="/start", first_name="Sam 🚀"))
    user = store.get_user(ALICE)
    assert user is not None and user.name == "Sam"
    alice.add_interview()
    alice.send("/thankyou")
    alice.click("Sign as …")
    assert "Your notes are signed <b>Sam</b>." in alice.text
    alice.send("Samantha")
    coach.handle(Event(ALICE, text="/start", first_name="Sammy"))
    user = store.get_user(ALICE)
    assert user is not None and user.name == "Samantha"


def test_a_name_that_is_no_name_is_refused_and_the_old_one_kept(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    store.ensure_user(ALICE, clock.now())
    store.set_preference(ALICE, NAME_KEY, "Sam", clock.now())
    alice.add_interview()
    alice.send("/thankyou")
    alice.click("Sign as …")
    alice.send("1234")
    assert "“1234” doesn't look like a name, so I kept <b>Sam</b>." in alice.text
    assert note(alice.text).endswith("Best regards,\nSam")


def test_the_thank_you_draft_uses_the_interviews_own_facts(alice: Driver, store: Store) -> None:
    alice.add_interview(company="<b>Acme & Co</b>", interviewers="<Dana> Kim")
    interview = only_interview(store, ALICE).id
    store.set_debrief(ALICE, interview, "their <script> migration plan", "a code sample")
    alice.send("/thankyou")
    draft = alice.text
    assert "Hi &lt;Dana&gt;," in draft
    assert "&lt;b&gt;Acme &amp; Co&lt;/b&gt;" in draft
    assert "our conversation about your &lt;script&gt; migration plan" in draft
    assert "As promised, I've attached a code sample." in draft  # typed before items were kept
    assert "<script>" not in draft
    alice.click("I've sent it")
    saved = store.get_interview(ALICE, interview)
    assert saved is not None and saved.thank_you_sent_at is not None
    assert not [r for r in store.upcoming_reminders(ALICE) if r.kind is Kind.THANK_YOU]


def test_a_point_that_finishes_no_sentence_is_quoted_to_the_user_not_put_in_the_note(
    alice: Driver, store: Store
) -> None:
    alice.add_interview(interviewers="Ana")
    interview = only_interview(store, ALICE).id
    store.set_debrief(ALICE, interview, "I think it went ok, not sure", None)
    alice.send("/thankyou")
    draft = note(alice.text)
    assert "not sure" not in draft
    assert "Our conversation made me even keener on the role" in draft
    assert "Your debrief note, “I think it went ok, not sure”, doesn't finish" in alice.text

    alice.click("Change the detail")
    alice.expect("thankyou:point")
    assert "I enjoyed our conversation about …" in alice.text
    alice.send("the on-call rota")
    assert "I especially enjoyed our conversation about the on-call rota," in note(alice.text)


def test_a_large_panel_gets_one_note(alice: Driver) -> None:
    alice.add_interview(interviewers="Rui, Ana, Tomás, Li, Marta")  # five notes: too long
    alice.send("/thankyou")
    assert "Hi Rui, Ana, Tomás, Li and Marta," in note(alice.text)
    assert "One note each" not in alice.labels
