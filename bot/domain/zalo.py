"""What the Zalo transport keeps (channels/zalo, storage/repositories/zalo.py): plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ZaloChat:
    """A Zalo user as the rest of the bot sees them: ``id`` is the small integer that stands
    for ``zalo_id`` (Zalo's string id) in updates, accounts and the outbox."""

    id: int
    zalo_id: str
    display_name: str | None
    first_seen_at: datetime
    disclosed_at: datetime | None = None


@dataclass(frozen=True)
class ZaloSentMessage:
    """A message the bot sent on Zalo; ``id`` is its Bot API message_id. ``text`` is the plain
    text shown (without the choices); ``keyboard`` the Bot API ``reply_markup`` (JSON text)
    the choices were made from, if any."""

    id: int
    chat: int
    zalo_message_id: str | None
    text: str
    keyboard: str | None
    sent_at: datetime
