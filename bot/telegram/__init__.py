"""The python-telegram-bot adapter: Telegram updates in, the core's replies out."""
