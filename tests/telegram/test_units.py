"""Units of the Telegram adapter: callback data, keyboards, message splitting, settings, and
the Application builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import Content
from bot.clock import FrozenClock
from bot.coach.screens import BACK, CANCEL
from bot.domain.events import Choice, short_token, token_matches
from bot.features.common import interview_choice_id
from bot.flow.hooks import COMMAND_PREFIX, MENU_TOKEN
from bot.settings import DEFAULT_LISTEN, Settings, SettingsError
from bot.store import Store
from bot.telegram.application import build_application
from bot.telegram.callback_data import MAX_BYTES, CallbackDataTooLong, Pressed, decode, encode
from bot.telegram.sending import keyboard, split_text
from tests.support.telegram_bot import TOKEN

SECRET = "S3CRET_webhook-secret-never-logged"
SQLITE_MAX_ID = 2**63 - 1

# callback data


@pytest.mark.parametrize(
    ("choice", "token"),
    [
        ("yes", "signals:met_executives"),
        ("nav:back", "interviews:company"),
        ("cmd:signals i42", MENU_TOKEN),
        ("final", None),
    ],
)
def test_callback_data_round_trips(choice: str, token: str | None) -> None:
    pressed = decode(encode(choice, token))

    assert pressed is not None and pressed.choice == choice
    if token is None:
        assert pressed.token is None
    else:
        assert pressed.token == short_token(token)
        assert token_matches(pressed.token, token)
        assert not token_matches(pressed.token, token + "x")


def test_callback_data_fills_64_bytes_and_refuses_more() -> None:
    room = MAX_BYTES - len(encode("", "any:state").encode())
    assert room > 24  # a dialog choice id (at most 24 characters) always fits

    longest = encode("x" * room, "any:state")
    assert len(longest.encode()) == MAX_BYTES
    assert decode(longest) == Pressed("x" * room, short_token("any:state"))
    with pytest.raises(CallbackDataTooLong):
        encode("x" * (room + 1), "any:state")
    with pytest.raises(CallbackDataTooLong):  # bytes, not characters, are counted
        encode("ж" * (room // 2 + 1), "any:state")


def test_a_long_token_does_not_lengthen_the_data() -> None:
    assert len(encode("yes", "s" * 500)) == len(encode("yes", "s:t"))


@pytest.mark.parametrize("data", [None, "", "c1", "c1|", "c1||yes", "c1|abc|", "v0|x|y", "yes"])
def test_data_this_version_did_not_make_decodes_to_none(data: str | None) -> None:
    assert decode(data) is None


# keyboards


def real_choice_ids(content: Content) -> list[str]:
    """Every choice id the coach can put on a button, with the longest arguments possible."""
    ids = {BACK, CANCEL, interview_choice_id(SQLITE_MAX_ID)}
    for loaded in content.dialogs.values():
        for state in loaded.model.states.values():
            ids.update(choice.id for choice in state.choices)
    for name in content.commands:
        ids.add(f"{COMMAND_PREFIX}{name}")
        ids.add(f"{COMMAND_PREFIX}{name} {interview_choice_id(SQLITE_MAX_ID)}")
    return sorted(ids, key=len)


def longest_token(content: Content) -> str:
    """The longest state name a question's buttons can belong to."""
    return max(
        (
            f"{name}:{state}"
            for name, loaded in content.dialogs.items()
            for state in loaded.model.states
        ),
        key=len,
    )


@pytest.mark.parametrize(
    "label",
    ["Ж" * 60, "🙂" * 40, "👩‍💻 Senior Разработчик – Ünïcødé GmbH & Co. KG <b>" * 2],
)
def test_a_keyboard_with_long_non_ascii_labels_stays_within_64_bytes(
    content: Content, label: str
) -> None:
    ids = real_choice_ids(content)
    assert len(ids) > 10
    choices = [Choice(choice_id, label) for choice_id in ids]

    markup = keyboard(choices, longest_token(content))

    assert markup is not None
    buttons = [button for row in markup.inline_keyboard for button in row]
    assert [b.text for b in buttons] == [label] * len(ids)
    for button in buttons:
        data = str(button.callback_data)
        assert len(data.encode("utf-8")) <= MAX_BYTES, data
        assert label not in data
    assert sorted(decoded.choice for b in buttons if (decoded := decode(str(b.callback_data)))) == (
        sorted(ids)
    )


def test_keyboard_rows_short_labels_together_and_navigation_last() -> None:
    choices = [
        Choice("yes", "Yes"),
        Choice("no", "No"),
        Choice("unsure", "Not sure"),
        Choice("other", "A rather long answer"),
        Choice(BACK, "Back"),
        Choice(CANCEL, "Cancel"),
    ]

    markup = keyboard(choices, "signals:met_executives")

    assert markup is not None
    rows = [[b.text for b in row] for row in markup.inline_keyboard]
    assert rows == [["Yes", "No", "Not sure"], ["A rather long answer"], ["Back", "Cancel"]]
    assert keyboard([], "signals:met_executives") is None


# splitting long text


def test_short_text_is_one_piece() -> None:
    assert split_text("Hello.\n\nBye.") == ["Hello.\n\nBye."]
    assert split_text("x" * 4096) == ["x" * 4096]
    assert split_text("x" * 20, limit=20) == ["x" * 20]


def test_paragraphs_are_packed_into_pieces() -> None:
    text = "\n\n".join(["aaaa", "bbbb", "cccc", "dddd"])

    assert split_text(text, limit=10) == ["aaaa\n\nbbbb", "cccc\n\ndddd"]
    assert split_text(text, limit=16) == ["aaaa\n\nbbbb\n\ncccc", "dddd"]


def test_a_long_paragraph_is_cut_at_a_line_break() -> None:
    text = "first line\nsecond line\nthird line"

    assert split_text(text, limit=24) == ["first line\nsecond line", "third line"]


def test_a_long_line_is_cut_at_a_space() -> None:
    text = "alpha beta gamma delta epsilon"

    pieces = split_text(text, limit=12)

    assert pieces == ["alpha beta", "gamma delta", "epsilon"]


def test_text_without_breaks_is_cut_at_the_limit() -> None:
    assert split_text("x" * 25, limit=10) == ["x" * 10, "x" * 10, "x" * 5]


@pytest.mark.parametrize("limit", [7, 20, 64, 4096])
def test_pieces_never_exceed_the_limit_and_lose_nothing(limit: int) -> None:
    words = [f"w{n}" * (1 + n % 4) for n in range(3000)]
    lines = [" ".join(words[i : i + 7]) for i in range(0, len(words), 7)]
    text = "\n\n".join("\n".join(lines[i : i + 5]) for i in range(0, len(lines), 5))

    pieces = split_text(text, limit=limit)

    assert len(pieces) > 1
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())  # nothing lost
    if limit >= max(len(word) for word in words):
        assert " ".join(pieces).split() == text.split()  # and no word cut in two


# settings


def test_settings_read_the_telegram_variables() -> None:
    env = {
        "TELEGRAM_BOT_TOKEN": f" {TOKEN} ",
        "TELEGRAM_API_URL": "http://localhost:8081/",
        "COACH_WEBHOOK_URL": "https://coach.example.org/tg/hook",
        "COACH_LISTEN": "0.0.0.0:8443",
        "COACH_WEBHOOK_SECRET": SECRET,
        "HOME": "/home/someone",
    }

    settings = Settings.from_env(env)

    assert settings.telegram_token == TOKEN
    assert settings.telegram_api_url == "http://localhost:8081"
    assert settings.webhook_url == "https://coach.example.org/tg/hook"
    assert settings.webhook_path == "tg/hook"
    assert (settings.listen_host, settings.listen_port) == ("0.0.0.0", 8443)
    assert settings.webhook_secret == SECRET
    settings.check_telegram()


def test_settings_defaults_without_the_telegram_variables() -> None:
    settings = Settings.from_env({"HOME": "/home/someone"})

    assert settings.telegram_api_url is None
    assert settings.webhook_url is None
    assert settings.webhook_secret is None
    assert settings.listen == DEFAULT_LISTEN


@pytest.mark.parametrize(
    ("overrides", "names"),
    [
        ({"telegram_token": None}, "TELEGRAM_BOT_TOKEN"),
        ({"telegram_token": ""}, "TELEGRAM_BOT_TOKEN"),
        ({"webhook_url": "https://coach.example.org/hook"}, "COACH_WEBHOOK_SECRET"),
        ({"webhook_url": "http://coach.example.org/hook", "webhook_secret": SECRET}, "https"),
        ({"webhook_url": "coach.example.org/hook", "webhook_secret": SECRET}, "https"),
        (
            {"webhook_url": "https://coach.example.org/hook", "webhook_secret": "bad secret!"},
            "COACH_WEBHOOK_SECRET",
        ),
        (
            {"webhook_url": "https://coach.example.org/hook", "webhook_secret": "x" * 257},
            "COACH_WEBHOOK_SECRET",
        ),
        ({"listen": "localhost"}, "COACH_LISTEN"),
        ({"listen": "localhost:http"}, "COACH_LISTEN"),
        ({"listen": "127.0.0.1:0"}, "COACH_LISTEN"),
        ({"listen": "127.0.0.1:70000"}, "COACH_LISTEN"),
    ],
)
def test_settings_that_cannot_run_the_bot_are_refused(
    tmp_path: Path, overrides: dict[str, object], names: str
) -> None:
    values: dict[str, object] = {"db_path": tmp_path / "c.db", "telegram_token": TOKEN}
    values.update(overrides)
    settings = Settings(**values)  # type: ignore[arg-type]

    with pytest.raises(SettingsError, match=names):
        settings.check_telegram()


def test_settings_never_show_the_token_or_the_secret(tmp_path: Path) -> None:
    settings = Settings(
        db_path=tmp_path / "c.db",
        telegram_token=TOKEN,
        webhook_url="https://coach.example.org/hook",
        webhook_secret=SECRET,
    )

    for shown in (repr(settings), str(settings), f"{settings}"):
        assert TOKEN not in shown
        assert TOKEN.split(":")[1] not in shown
        assert SECRET not in shown
    assert "coach.example.org" in repr(settings)  # the rest is still there to debug with


# the application


def test_a_local_bot_api_server_is_used_for_calls_and_files(
    tmp_path: Path, store: Store, clock: FrozenClock, content: Content
) -> None:
    settings = Settings(
        db_path=tmp_path / "c.db",
        telegram_token=TOKEN,
        telegram_api_url="http://localhost:8081",
    )
    app, _ = build_application(settings, store, clock, content)

    assert app.bot.base_url == f"http://localhost:8081/bot{TOKEN}"
    assert app.bot.base_file_url == f"http://localhost:8081/file/bot{TOKEN}"


def test_without_an_api_url_the_public_bot_api_is_used(
    tmp_path: Path, store: Store, clock: FrozenClock, content: Content
) -> None:
    settings = Settings(db_path=tmp_path / "c.db", telegram_token=TOKEN)
    app, _ = build_application(settings, store, clock, content)

    assert app.bot.base_url == f"https://api.telegram.org/bot{TOKEN}"
    assert app.bot.base_file_url == f"https://api.telegram.org/file/bot{TOKEN}"


def test_building_refuses_unusable_settings(
    tmp_path: Path, store: Store, clock: FrozenClock, content: Content
) -> None:
    with pytest.raises(SettingsError):
        build_application(Settings(db_path=tmp_path / "c.db"), store, clock, content)


def test_a_hard_cut_never_lands_inside_a_tag_or_an_entity() -> None:
    line = "x" * 95 + "<b>bold</b>" + "y" * 95 + "&amp;" + "z" * 100
    for limit in range(96, 120):
        for piece in split_text(line, limit):
            assert len(piece) <= limit
            assert piece.count("<") == piece.count(">")
            assert "&am" not in piece or "&amp;" in piece
    assert "".join(split_text(line, 100)) == line
