"""/debrief: the discussion point and promised materials saved, and the nudge to send them."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.coach import Coach
from bot.domain.records import Promise
from bot.domain.reminders import Kind, Status
from bot.features.reminders import ReminderComposer
from bot.rules.reminder_plan import plan_materials
from bot.store import Store
from tests.support.coach import Driver
from tests.support.records import ALICE, BERLIN, berlin, one, only_interview, pending, rows


def test_debrief_saves_the_point_and_materials_and_plans_the_nudge(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach
) -> None:
    berliner.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    clock.set(berlin(2026, 11, 28, 11, 15))  # just after the interview

    berliner.send("/debrief")  # the only interview: no need to ask which
    berliner.expect("debrief:point")
    assert "How did <b>Acme</b> go?" in berliner.text
    berliner.send("their plan to move billing to <Stripe>")
    berliner.expect("debrief:materials")
    berliner.send("a one-page summary")
    berliner.expect("debrief:timeframe")
    assert "Did they say when they'd decide?" in berliner.text
    berliner.send("within a week")  # a week after the interview (Sat 28 Nov), not today

    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None
    assert saved.discussion_point == "their plan to move billing to <Stripe>"
    assert saved.promised_materials == "a one-page summary"
    user = store.get_user(ALICE)
    assert user is not None
    nudge = one(store, ALICE, Kind.MATERIALS)
    expected = plan_materials(interview.id, clock.now(), BERLIN, user.quiet)
    assert (nudge.due_at, nudge.dedupe_key) == (expected.due_at, expected.dedupe_key)
    assert nudge.due_at == berlin(2026, 11, 28, 14, 15)
    text = berliner.text
    assert "I'll nudge you to send <i>a one-page summary</i>." in text
    assert "<i>their plan to move billing to &lt;Stripe&gt;</i>" in text
    # Within 24 hours of the end (11:00 on Saturday), so by Sunday 11:00.
    assert "(so by Sun 29 Nov, 11:00)" in text
    assert (saved.decision_by, saved.decision_note) == (date(2026, 12, 5), "within a week")
    assert (
        "They said they'd decide by Saturday 5 December; if you hear nothing by then,"
        " follow up on Monday 7 December." in text
    )
    follow_up = one(store, ALICE, Kind.FOLLOW_UP)
    assert follow_up.due_at == berlin(2026, 12, 7, 10, 0)  # the reminder says the same day
    assert berliner.labels == ["Read the signals for it", "Main menu"]
    assert store.load_dialog_state(ALICE) is None

    berliner.click("Read the signals for it")
    berliner.expect("signals:met_executives")
    assert "<b>Acme</b>" in berliner.text


def test_a_second_debrief_replaces_the_materials_nudge(
    alice: Driver, store: Store, clock: FrozenClock
) -> None:
    alice.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)

    def debrief(materials: str) -> None:
        alice.send(f"/debrief i{interview.id}")
        alice.click("Skip this")
        alice.answer(materials)
        alice.click("Nothing new")
        assert alice.prompt.token == "menu"

    debrief("a work sample")
    first = one(store, ALICE, Kind.MATERIALS)
    clock.advance(timedelta(minutes=30))
    debrief("a work sample and two references")
    second = one(store, ALICE, Kind.MATERIALS)  # exactly one nudge is left
    assert second.id != first.id
    assert second.due_at == clock.now() + timedelta(hours=3)
    replaced = store.get_reminder(ALICE, first.id)
    assert replaced is not None
    assert (replaced.status, replaced.reason) == (Status.CANCELLED, "replaced by a newer debrief")

    clock.advance(timedelta(minutes=30))
    debrief("Nothing promised")
    assert [r for r in pending(store, ALICE) if r.kind is Kind.MATERIALS] == []
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None and saved.promised_materials is None


def test_debrief_with_nothing_to_note_plans_no_nudge(alice: Driver, store: Store) -> None:
    alice.add_interview("Acme", "Analyst")
    interview = only_interview(store, ALICE)
    alice.send(f"/debrief i{interview.id}")
    alice.expect("debrief:point")
    alice.click("Skip this")
    alice.click("Nothing promised")
    alice.expect("debrief:timeframe")
    alice.click("Nothing new")
    saved = store.get_interview(ALICE, interview.id)
    assert saved is not None
    assert (saved.discussion_point, saved.promised_materials) == (None, None)
    assert [r for r in rows(store, ALICE) if r.kind is Kind.MATERIALS] == []
    assert "one specific thing you discussed" in alice.text
    assert "nudge" not in alice.text


def test_the_point_is_asked_as_the_end_of_the_notes_sentence(alice: Driver) -> None:
    alice.add_interview("Acme", "Analyst")
    alice.send("/debrief")
    alice.expect("debrief:point")
    assert "finish this sentence" in alice.text
    assert "<i>I enjoyed our conversation about …</i>" in alice.text


def test_a_whole_sentence_is_kept_and_only_its_topic_is_used(
    berliner: Driver, store: Store, clock: FrozenClock
) -> None:
    berliner.add_interview("Acme", "Analyst")
    clock.set(berlin(2026, 11, 28, 11, 15))
    sentence = "it went well… Rui asked a lot about the ledger migration"
    berliner.send("/debrief")
    berliner.send(sentence)
    berliner.click("Nothing promised")
    berliner.click("Nothing new")

    assert only_interview(store, ALICE).discussion_point == sentence  # nothing typed is lost
    assert "mention <i>the ledger migration</i> and say again" in berliner.text
    assert "it went well" not in berliner.text


def test_materials_are_kept_as_items_with_their_due_days(
    berliner: Driver, store: Store, clock: FrozenClock, coach: Coach, content: Content
) -> None:
    berliner.add_interview("Acme", "Analyst")  # Sat 28 Nov, 10:00-11:00 Berlin
    clock.set(berlin(2026, 11, 28, 11, 15))
    berliner.send("/debrief")
    berliner.click("Skip this")
    berliner.send("yes a short write-up…, by monday and two references")
    berliner.click("Nothing new")

    saved = only_interview(store, ALICE)
    assert saved.materials == (
        Promise("a short write-up", date(2026, 11, 30)),
        Promise("two references"),
    )
    assert saved.promised_materials == "yes a short write-up…, by monday and two references"
    assert (
        "I'll nudge you to send <i>a short write-up</i> (by Monday 30 November)"
        " and <i>two references</i>." in berliner.text
    )
    # The nudge names the same items, never the raw words.
    (message,) = ReminderComposer(store, coach.renderer, content.plan)(
        one(store, ALICE, Kind.MATERIALS), late=False
    )
    assert "<i>a short write-up</i> (by Monday 30 November) and <i>two references</i>" in (
        message.text
    )
    assert "yes a short" not in message.text


def test_a_bare_yes_asks_what_was_promised(alice: Driver, store: Store) -> None:
    alice.add_interview("Acme", "Analyst")
    alice.send("/debrief")
    alice.click("Skip this")
    alice.send("yep")
    alice.expect("debrief:materials_what")
    assert "What did you promise to send" in alice.text
    alice.send("a code sample")
    alice.click("Nothing new")
    assert only_interview(store, ALICE).materials == (Promise("a code sample"),)
    assert one(store, ALICE, Kind.MATERIALS).interview_id is not None


def test_nothing_typed_is_no_material_and_no_nudge(alice: Driver, store: Store) -> None:
    alice.add_interview("Acme", "Analyst")
    alice.send("/debrief")
    alice.click("Skip this")
    alice.send("nothing")
    alice.expect("debrief:timeframe")
    assert "couldn't tell" not in alice.text
    alice.click("Nothing new")
    saved = only_interview(store, ALICE)
    assert (saved.promised_materials, saved.materials) == (None, ())
    assert [r for r in rows(store, ALICE) if r.kind is Kind.MATERIALS] == []


def test_words_that_name_nothing_to_send_are_quoted_back_not_kept(
    alice: Driver, store: Store
) -> None:
    alice.add_interview("Acme", "Analyst")
    alice.send("/debrief")
    alice.click("Skip this")
    alice.send("yeah I did")
    assert "“yeah I did”: I couldn't tell what you promised to send" in alice.text
    alice.expect("debrief:timeframe")
    alice.click("Nothing new")
    saved = only_interview(store, ALICE)
    assert (saved.promised_materials, saved.materials) == (None, ())
    assert [r for r in rows(store, ALICE) if r.kind is Kind.MATERIALS] == []
