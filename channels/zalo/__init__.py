"""Zalo as a transport under python-telegram-bot: a second ``Application`` with the same
handlers, whose ``Bot`` speaks to the Zalo Bot API through :class:`ZaloRequest`.

- :mod:`.client`: the Zalo Bot API over httpx (one error type; the token never shown).
- :mod:`.request`: the Bot API methods as Zalo can do them (:mod:`.incoming`: updates in,
  deduplicated, Zalo ids mapped to integers; :mod:`.outgoing`: messages out).
- :mod:`.render`: HTML → plain text, keyboards → numbered choices, splitting under 2,000.
- :mod:`.choices`: typed numbers and words pressing those choices.
- :mod:`.greeting`: the first message's disclosure, and an answer to what is not text.
- :mod:`.handling`: which chat's update is being handled (edits are sent again only then).
- :func:`register`: the handlers above, added to a Zalo Application by the composition root.

It imports ``telegram``, ``bot.domain``, ``bot.i18n``, ``bot.clock`` and its own storage port
(:mod:`.ports`); no handlers, no scheduler, no services.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import Application, MessageHandler, TypeHandler, filters

from bot.clock import Clock
from channels.zalo.choices import ChoiceReplies
from channels.zalo.client import ZALO_API_BASE_URL, ZaloClient, ZaloError
from channels.zalo.greeting import Disclosure, NotText
from channels.zalo.handling import ZaloApplication
from channels.zalo.ports import ZaloDatabase
from channels.zalo.request import ZaloRequest

# Before everything (the handlers' first group is -2): the disclosure. Then, with the group of
# the edited-message guard (whose filter never meets these), non-text and typed choices.
DISCLOSURE_GROUP = -3
CHOICES_GROUP = -1

__all__ = [
    "ZALO_API_BASE_URL",
    "ZaloApplication",
    "ZaloClient",
    "ZaloError",
    "ZaloRequest",
    "register",
]


def register(
    application: Application[Any, Any, Any, Any, Any, Any],
    *,
    database: Callable[[], ZaloDatabase],
    clock: Clock,
    organisation: Callable[[], Awaitable[str | None]],
    default_language: str,
) -> None:
    """The Zalo-only handlers; call after the features' handlers are registered."""
    private_message = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(
        TypeHandler(Update, Disclosure(database, clock, organisation, default_language)),
        group=DISCLOSURE_GROUP,
    )
    application.add_handlers(
        [
            MessageHandler(private_message & ~filters.TEXT, NotText(database, default_language)),
            MessageHandler(
                private_message & filters.TEXT & ~filters.COMMAND,
                ChoiceReplies(database, clock, default_language),
            ),
        ],
        group=CHOICES_GROUP,
    )
