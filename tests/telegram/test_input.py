"""Input the coach did not ask for, or cannot use: stale and forged buttons, media, groups,
huge or hostile text, locations, edits, and replies too long for one Telegram message."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from bot.telegram.callback_data import encode
from tests.support.botapi import Call
from tests.support.telegram_bot import Bot
from tests.support.telegram_user import TelegramUser

STICKER = {
    "file_id": "CAACAgIAAxkBAAEBsticker",
    "file_unique_id": "AgADsticker",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}
PHOTO = [
    {"file_id": "AgACAgIAAphoto-s", "file_unique_id": "AQADs", "width": 90, "height": 60},
    {"file_id": "AgACAgIAAphoto-m", "file_unique_id": "AQADm", "width": 800, "height": 533},
]
VOICE = {"file_id": "AwACAgIAAvoice", "file_unique_id": "AgADvoice", "duration": 3}
DOCUMENT = {"file_id": "BQACAgIAAdoc", "file_unique_id": "AgADdoc", "file_name": "cv.pdf"}
MENU = ["Read my signals", "My interviews", "Prep plan", "Reminders", "My timezone"]


def texts(sent: list[dict[str, Any]]) -> str:
    """Everything the bot said, as the user reads it."""
    return "\n".join(m["text"] for m in sent)


def labels(message: dict[str, Any]) -> list[str]:
    """The button labels under one message."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return [b["text"] for row in rows for b in row]


def data_of(message: dict[str, Any], label: str) -> str:
    """The callback data of the button with this label under `message`."""
    for row in message["reply_markup"]["inline_keyboard"]:
        for button in row:
            if button["text"] == label:
                return str(button["callback_data"])
    raise AssertionError(f"no button {label!r}")


def markup_of(call: Call) -> Any:
    """The reply_markup a call sent, decoded (None when absent or empty)."""
    markup = call.params.get("reply_markup")
    return json.loads(markup) if isinstance(markup, str) else markup


def state(bot: Bot, user: TelegramUser) -> dict[str, Any] | None:
    """The user's saved dialog state."""
    return bot.store.load_dialog_state(f"tg:{user.id}")


async def at_first_signal_question(user: TelegramUser) -> list[dict[str, Any]]:
    """Start a signal check for a new interview and answer up to the first yes/no question."""
    await user.send("/signals")
    await user.send("Acme")
    return await user.send("Analyst")


async def add_interview(user: TelegramUser, company: str) -> list[dict[str, Any]]:
    """Add an interview through /interviews, the whole way, as a user would."""
    await user.send("/interviews")
    await user.press("Add an interview")
    await user.send(company)
    await user.send("Engineer")
    await user.press("Final round")
    if "Keep UTC" in user.buttons:  # the timezone, asked before the first date is read
        await user.press("Keep UTC")
    await user.send("in 5 days at 10:00")
    await user.press("Yes, that's right")
    await user.press("1 hour")
    await user.press("Panel or stakeholders")
    await user.press("I don't know yet")
    return await user.press("They didn't say")


# stale, forged and foreign buttons


async def test_a_button_on_an_earlier_question_is_stale_and_changes_nothing(bot: Bot) -> None:
    alice = bot.user(1001)
    sent = await at_first_signal_question(alice)
    old = copy.deepcopy(sent[-1])  # the double edits stored messages in place
    assert labels(old)[:3] == ["Yes", "No", "Not sure"]
    current = copy.deepcopy((await alice.press("Yes"))[-1])
    before = state(bot, alice)
    assert before is not None and before["state"] == "signals:leaders_in_succession"

    sent = await alice.press_data(old, data_of(old, "No"))

    assert "earlier question" in sent[0]["text"]
    assert sent[-1]["text"] == current["text"]
    assert labels(sent[-1]) == labels(current)
    removed = [
        c
        for c in bot.api.calls
        if c.method == "editMessageReplyMarkup" and int(c.params["message_id"]) == old["message_id"]
    ]
    assert removed and not markup_of(removed[-1])
    assert state(bot, alice) == before
    assert bot.errors == []


@pytest.mark.parametrize(
    "data",
    [
        "v0|x|y",
        "",
        "garbage without separators",
        "c1|deadbeef|yes",
        "c1|deadbeef|cmd:delete",
    ],
)
async def test_forged_or_outdated_callback_data_gets_the_stale_answer(bot: Bot, data: str) -> None:
    alice = bot.user(1001)
    sent = await at_first_signal_question(alice)
    question = copy.deepcopy(sent[-1])
    before = state(bot, alice)

    sent = await alice.press_data(question, data)

    assert "earlier question" in sent[0]["text"]
    assert sent[-1]["text"] == question["text"]
    assert state(bot, alice) == before
    assert bot.errors == []


async def test_a_button_naming_another_users_interview_is_stale(bot: Bot) -> None:
    alice, bob = bot.user(1001), bot.user(1002, first_name="Bob")
    await add_interview(alice, "Zeta Secret Labs")
    [interview] = bot.store.interviews("tg:1001")
    await bob.send("/signals")
    bob_state = state(bot, bob)
    assert bob_state is not None and bob_state["state"].startswith("signals:")
    forged = encode(f"i{interview.id}", bob_state["state"])

    sent = await bob.press_data(copy.deepcopy(bob.screen[-1]), forged)

    assert "earlier question" in sent[0]["text"]
    assert all("Zeta" not in m["text"] for m in bob.screen)
    assert all("Zeta" not in str(m.get("reply_markup")) for m in bob.screen)
    assert bot.store.interviews("tg:1002", open_only=False) == []
    assert state(bot, bob) == bob_state
    assert bot.errors == []


# what the coach cannot read


@pytest.mark.parametrize(
    ("kind", "payload", "named"),
    [
        ("sticker", STICKER, "stickers"),
        ("photo", PHOTO, "photos"),
        ("voice", VOICE, "voice messages"),
        ("document", DOCUMENT, "files"),
    ],
)
async def test_media_mid_dialog_gets_a_note_and_the_question_again(
    bot: Bot, kind: str, payload: Any, named: str
) -> None:
    alice = bot.user(1001)
    question = copy.deepcopy((await at_first_signal_question(alice))[-1])
    before = state(bot, alice)

    sent = await alice.send_media(kind, payload)

    assert f"can't read {named}" in sent[0]["text"]
    assert "only text and the buttons" in sent[0]["text"]
    assert sent[-1]["text"] == question["text"]
    assert labels(sent[-1]) == labels(question)
    assert state(bot, alice) == before
    assert bot.errors == []


async def test_media_outside_a_dialog_gets_a_note_and_the_menu(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/start")

    sent = await alice.send_media("sticker", STICKER)

    assert "only text and the buttons" in sent[0]["text"]
    assert labels(sent[-1]) == MENU
    assert state(bot, alice) is None
    assert bot.errors == []


async def test_a_group_gets_told_to_use_a_private_chat_and_nothing_is_stored(bot: Bot) -> None:
    member = bot.user(2002, chat_id=-100123, chat_type="group")

    sent = await member.send("/start")

    assert len(sent) == 1
    assert "private chat" in sent[0]["text"]
    assert bot.store.get_user("tg:2002") is None
    assert bot.store.load_dialog_state("tg:2002") is None
    for table in bot.store.db.table_names():
        if not table.startswith("_"):
            assert bot.store.db.table(table).count == 0, table
    assert bot.errors == []


# huge and hostile text


async def test_a_huge_message_at_a_text_question_is_refused_and_asked_again(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/interviews")
    question = copy.deepcopy((await alice.press("Add an interview"))[-1])
    before = state(bot, alice)

    sent = await alice.send("x" * 10_000)

    assert len(sent[0]["text"]) < 200
    assert "10000 characters" in sent[0]["text"]
    assert sent[-1]["text"] == question["text"]
    assert state(bot, alice) == before
    assert bot.store.interviews("tg:1001", open_only=False) == []
    assert bot.errors == []


async def test_a_huge_message_at_a_choice_question_is_refused_and_asked_again(bot: Bot) -> None:
    alice = bot.user(1001)
    question = copy.deepcopy((await at_first_signal_question(alice))[-1])
    before = state(bot, alice)

    sent = await alice.send("yes " * 2_500)

    assert len(sent) == 2
    assert len(sent[0]["text"]) < 200
    assert sent[-1]["text"] == question["text"]
    assert labels(sent[-1]) == labels(question)
    assert state(bot, alice) == before
    assert bot.errors == []


async def test_markup_in_a_company_name_is_shown_literally(bot: Bot) -> None:
    alice = bot.user(1001)
    script = "<script>alert(1)</script>"
    await alice.send("/interviews")
    await alice.press("Add an interview")

    role_question = (await alice.send(script))[-1]
    assert script in role_question["text"]
    await alice.send("Engineer")
    await alice.press("Final round")
    when_question = (await alice.press("Keep UTC"))[-1]  # the timezone comes first
    assert script in when_question["text"]
    await alice.send("in 5 days at 10:00")
    await alice.press("Yes, that's right")
    await alice.press("1 hour")
    await alice.press("Panel or stakeholders")
    await alice.press("I don't know yet")
    added = await alice.press("They didn't say")
    assert f"Saved: {script}" in texts(added)
    overview = await alice.send("/interviews")
    assert script in texts(overview)

    assert bot.errors == []  # the double answers 400 to HTML Telegram would refuse
    raw = [str(c.params["text"]) for c in bot.api.calls if "script" in str(c.params.get("text"))]
    assert len(raw) >= 3
    assert all("&lt;script&gt;" in text and "<script>" not in text for text in raw)


# locations and edits


async def test_a_location_at_the_timezone_question_sets_the_timezone(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/timezone")

    sent = await alice.send_location(52.52, 13.40)

    assert "Got it: Europe/Berlin" in texts(sent)
    assert labels(sent[-1])[:1] == ["Keep these holidays"]
    sent = await alice.press("Keep these holidays")
    assert labels(sent[-1])[:2] == ["Keep them", "No quiet hours"]
    sent = await alice.press("Keep them")

    user = bot.store.get_user("tg:1001")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert "your timezone is Europe/Berlin" in texts(sent)
    assert state(bot, alice) is None
    assert bot.errors == []


async def test_a_location_answers_the_timezone_asked_before_the_first_date(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/interviews")
    await alice.press("Add an interview")
    await alice.send("Acme")
    await alice.send("Engineer")
    sent = await alice.press("Final round")
    assert "which timezone are you in?" in texts(sent)

    sent = await alice.send_location(52.52, 13.40)

    assert "Got it: Europe/Berlin" in texts(sent)
    assert "I'll read it in your timezone, Europe/Berlin." in texts(sent)
    user = bot.store.get_user("tg:1001")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert bot.errors == []


async def test_the_apps_language_offers_a_timezone_to_confirm(bot: Bot) -> None:
    alice = TelegramUser(bot.api, bot.app, 1001, language_code="de")
    await alice.send("/interviews")
    await alice.press("Add an interview")
    await alice.send("Acme")
    await alice.send("Engineer")

    sent = await alice.press("Final round")

    assert "is your timezone Europe/Berlin?" in texts(sent)
    sent = await alice.press("Yes, Europe/Berlin")
    assert "Got it: Europe/Berlin" in texts(sent)
    user = bot.store.get_user("tg:1001")
    assert user is not None and user.timezone == "Europe/Berlin"
    assert bot.errors == []


async def test_a_location_nobody_asked_for_gets_a_note(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/start")

    sent = await alice.send_location(52.52, 13.40)

    assert "only use a location to set your timezone" in sent[0]["text"]
    user = bot.store.get_user("tg:1001")
    assert user is not None and user.timezone == "UTC"
    assert bot.errors == []


async def test_an_edited_message_gets_one_note_and_changes_nothing(bot: Bot) -> None:
    alice = bot.user(1001)
    await alice.send("/interviews")
    await alice.press("Add an interview")
    await alice.send("Acme")
    before = state(bot, alice)
    assert before is not None and before["state"] == "interviews:role"

    sent = await alice.edit(10_003, "Globex")

    assert len(sent) == 1
    assert "first sent" in sent[0]["text"]
    assert "reply_markup" not in sent[0]
    assert state(bot, alice) == before
    # Once: a second edit gets no second note.
    assert await alice.edit(10_003, "Globex Corp") == []
    assert state(bot, alice) == before
    assert bot.errors == []


# replies longer than one message


async def test_a_reply_over_4096_characters_is_split_at_paragraphs(
    bot: Bot, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The overview lists 20 interviews; 80 long ones make a reply three messages long.
    monkeypatch.setattr("bot.features.interviews.MAX_LISTED_INTERVIEWS", 80)
    monkeypatch.setattr("bot.coach.screens.MAX_SHOWN_RECORDS", 80)
    alice = bot.user(1001)
    bot.store.ensure_user("tg:1001", clock.now())
    companies = [(f"Company {n:02d} " + "Holdings International " * 4)[:80] for n in range(80)]
    for company in companies:
        bot.store.add_interview("tg:1001", company, "Senior Data Analyst", "final", clock.now())
    before = len([c for c in bot.api.calls if c.method == "sendMessage"])

    sent = await alice.send("/interviews")

    calls = [c for c in bot.api.calls if c.method == "sendMessage"][before:]
    assert len(calls) == len(sent) >= 3
    assert all(len(m["text"]) <= 4096 for m in sent)
    assert all(len(str(c.params["text"])) <= 4096 for c in calls)
    assert [bool(markup_of(c)) for c in calls] == [False] * (len(calls) - 1) + [True]
    shown_labels = labels(sent[-1])
    assert shown_labels[-3:] == ["Add an interview", "Done", "Cancel"]
    # One button per interview (to manage it), newest first, cut to fit a phone-width button.
    assert shown_labels[:-3] == [f"{c} – Senior Data Analyst"[:60] for c in reversed(companies)]
    assert sent[0]["text"].startswith("Your interviews\n• ")
    for message in sent[1:]:
        assert message["text"].startswith("• Company "), message["text"][:80]
    for message in sent[:-1]:
        assert message["text"].endswith(" – Senior Data Analyst"), message["text"][-80:]
    assert sent[-1]["text"].endswith("close or delete it, or add another.")
    bullets = [line for m in sent for line in m["text"].splitlines() if line.startswith("• ")]
    assert len(bullets) == len(companies)
    assert all(line.endswith(" – Senior Data Analyst") for line in bullets)  # none cut in two
    shown = texts(sent)
    assert all(shown.count(company) == 1 for company in companies)
    assert bot.errors == []
