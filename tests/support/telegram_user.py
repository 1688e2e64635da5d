"""A Telegram user for tests: sends text, commands and media, presses buttons by their label."""

from __future__ import annotations

from typing import Any

from bot.telegram.application import CoachApplication
from tests.support.botapi import NOW, BotAPIDouble


class TelegramUser:
    """Speaks to the bot through the Bot API double, as one Telegram user in one chat."""

    def __init__(
        self,
        api: BotAPIDouble,
        app: CoachApplication,
        user_id: int,
        first_name: str = "Alice",
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
    ) -> None:
        self.api = api
        self.app = app
        self.id = user_id
        self.first_name = first_name
        self.chat_id = chat_id if chat_id is not None else user_id
        self.chat_type = chat_type
        self.language_code = language_code
        self._seen = 0
        self._next_message_id = 10_000

    # what the user does

    async def send(self, text: str) -> list[dict[str, Any]]:
        """Type a message (a command if it starts with /) and return what the bot sent back."""
        message = self._message(text=text)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return await self.deliver({"message": message})

    async def send_media(self, kind: str, payload: Any) -> list[dict[str, Any]]:
        """Send a sticker, photo, voice note or document (`kind` is the Message field)."""
        return await self.deliver({"message": self._message(**{kind: payload})})

    async def send_location(self, latitude: float, longitude: float) -> list[dict[str, Any]]:
        """Share a location."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self.deliver({"message": self._message(location=location)})

    async def edit(self, message_id: int, text: str) -> list[dict[str, Any]]:
        """Edit a message sent earlier."""
        message = self._message(text=text)
        message["message_id"] = message_id
        message["edit_date"] = NOW + 60
        return await self.deliver({"edited_message": message})

    async def press(self, label: str) -> list[dict[str, Any]]:
        """Press the button with this label on the newest bot message that shows it."""
        for message in reversed(self.api.sent_to(self.chat_id)):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"] == label:
                        return await self.press_data(message, button["callback_data"])
        raise AssertionError(f"no button {label!r} on screen; buttons: {self.buttons}")

    async def press_data(self, message: dict[str, Any], data: str) -> list[dict[str, Any]]:
        """Press a button carrying `data` under `message` (forged or stale data allowed)."""
        query = {
            "id": str(self.api.new_update_id()),
            "from": self._user(),
            "chat_instance": str(self.chat_id),
            "data": data,
            "message": {k: v for k, v in message.items() if k != "html"},
        }
        return await self.deliver({"callback_query": query})

    async def deliver(self, payload: dict[str, Any], update_id: int | None = None) -> list[dict]:  # type: ignore[type-arg]
        """Hand one update to the bot and wait until it has been handled."""
        update = {"update_id": update_id or self.api.new_update_id(), **payload}
        await self.api.push(update)
        await self.app.update_queue.join()
        return self.new_messages()

    # what the user sees

    def new_messages(self) -> list[dict[str, Any]]:
        """Return the bot's messages in this chat since the last look."""
        sent = self.api.sent_to(self.chat_id)
        fresh, self._seen = sent[self._seen :], len(sent)
        return fresh

    @property
    def screen(self) -> list[dict[str, Any]]:
        """Every message the bot sent to this chat, as the chat now shows them."""
        return self.api.sent_to(self.chat_id)

    @property
    def buttons(self) -> list[str]:
        """The labels of every button still on screen."""
        return [
            button["text"]
            for message in self.screen
            for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
        ]

    # building updates

    def _user(self) -> dict[str, Any]:
        found: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.language_code is not None:
            found["language_code"] = self.language_code
        return found

    def _message(self, **fields: Any) -> dict[str, Any]:
        self._next_message_id += 1
        return {
            "message_id": self._next_message_id,
            "date": NOW,
            "chat": {"id": self.chat_id, "type": self.chat_type},
            "from": self._user(),
            **fields,
        }
