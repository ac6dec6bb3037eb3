"""Which channel a member's notices go to: each notice is queued once per member, on one
channel, never once per linked account.

The member's chosen channel wins when they have an account there; otherwise the account they
last wrote from. Accounts never written from since this was recorded, and exact ties, go in
``CHANNEL_ORDER``: Telegram first, because every account linked before Zalo existed is a
Telegram one (a member nothing is known about keeps getting notices where they always did)
and Telegram has no monthly quota to spend.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.model import Channel

CHANNEL_ORDER: tuple[Channel, ...] = (Channel.TELEGRAM, Channel.ZALO)

# A member's account is marked as used when they write, but not on every message: once its
# mark is this fresh, writing again changes nothing worth a write.
LAST_USED_GRANULARITY_SECONDS = 60.0


@dataclass(frozen=True)
class Address:
    """Where one member's notices go: a private chat on one channel."""

    channel: Channel
    chat_id: int


@dataclass(frozen=True)
class Reachable:
    """One of a member's accounts, as the choice of channel sees it."""

    channel: Channel
    chat_id: int
    last_used_at: datetime | None


def delivery_address(accounts: Iterable[Reachable], chosen: Channel | None) -> Address | None:
    """The address a member's notices go to, None when they have no account."""
    found = list(accounts)
    if not found:
        return None
    if chosen is not None:
        for account in found:
            if account.channel is chosen:
                return Address(account.channel, account.chat_id)

    def recency(account: Reachable) -> tuple[float, int]:
        used = -1.0 if account.last_used_at is None else account.last_used_at.timestamp()
        # Never used sorts before any use; an earlier place in the order wins a tie.
        return used, -CHANNEL_ORDER.index(account.channel)

    best = max(found, key=recency)
    return Address(best.channel, best.chat_id)


def worth_marking(use: AccountUse, now: datetime) -> bool:
    """Whether writing now should update an account's last use: never marked, marked no
    later than another of the member's accounts (they switched), or more than about a minute
    ago — so a chatty member costs a read per message, not a write."""
    last = use.last_used_at
    if last is None or (use.others_used_at is not None and use.others_used_at >= last):
        return True
    return (now - last).total_seconds() > LAST_USED_GRANULARITY_SECONDS


@dataclass(frozen=True)
class AccountUse:
    """What the delivery engine keeps on an account: whether it was found unreachable, and
    when its member last wrote from it."""

    unreachable: bool
    last_used_at: datetime | None
    others_used_at: datetime | None = None  # the latest use of the member's other accounts


@dataclass(frozen=True)
class AccountMark:
    """A member wrote from an account: its unreachable mark is cleared and, when ``used_at``
    is given, it becomes the account last used."""

    channel: Channel
    user_id: str
    used_at: datetime | None
