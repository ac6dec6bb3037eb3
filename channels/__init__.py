"""Messengers other than Telegram, each a transport under python-telegram-bot: the handlers and
services keep speaking the Bot API, and a channel translates (see ``channels/zalo``)."""
