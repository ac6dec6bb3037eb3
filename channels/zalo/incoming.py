"""Updates in: one Zalo update per poll becomes a list of one Telegram update (none when idle).

Zalo has no offset: the same update may come again, so each is noted in ``zalo_seen`` (event
and message id) in the transaction that maps its sender to the integer the handlers see; a
repeat is dropped there. The webhook receiver hands pushed updates to :meth:`Incoming.translate`
the same way. With the inbox on (issue 15), the update is written to it in that same
transaction, keyed by event and message id, and its entry's id is the update_id the handlers
see: it is handled from there, after a crash too, once.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bot.clock import Clock
from channels.zalo.client import ZaloClient
from channels.zalo.ports import ZaloDatabase
from channels.zalo.updates import parse, telegram_update

# The inbox's name for Zalo's updates.
INBOX_CHANNEL = "zalo"

log = logging.getLogger(__name__)

# Seen updates are kept this long (a redelivery comes within seconds or minutes).
KEEP_SEEN = timedelta(days=3)
PRUNE_EVERY = timedelta(hours=1)


class Incoming:
    def __init__(
        self,
        client: ZaloClient,
        database: Callable[[], ZaloDatabase],
        clock: Clock,
        *,
        inbox: bool = False,
        on_arrival: Callable[[], None] = lambda: None,
    ) -> None:
        self._client = client
        self._inbox = inbox
        # Told as an update comes in, before it is stored (the composition root lets
        # background work give way to the member who wrote).
        self._on_arrival = on_arrival
        self._database = database
        self._clock = clock
        # Synthetic and increasing, as python-telegram-bot expects; Zalo has none.
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._pruned_at = clock.now() - PRUNE_EVERY

    async def poll(self, timeout: float) -> list[dict[str, Any]]:
        """``getUpdates``: a list of one update, or none (idle, a repeat, or nothing we serve)."""
        raw = await self._client.get_update(timeout)
        if raw is None:
            return []
        update = await self.translate(raw)
        return [] if update is None else [update]

    async def translate(self, raw: object) -> dict[str, Any] | None:
        """The Telegram update for a Zalo update, or None for a repeat or one not served."""
        parsed = parse(raw)
        if parsed is None:
            log.debug("Zalo update not served (a group chat, or no sender)")
            return None
        now = self._clock.now()
        self._on_arrival()
        async with self._database().write() as uow:
            if not await uow.zalo.mark_seen(parsed.key, now):
                log.debug("Zalo update %s delivered again: dropped", parsed.key)
                return None
            chat, _ = await uow.zalo.chat_for(parsed.sender, parsed.display_name, now)
            if now - self._pruned_at >= PRUNE_EVERY:
                self._pruned_at = now
                await uow.zalo.prune_seen(now - KEEP_SEEN)
            update = telegram_update(
                parsed, chat, update_id=next(self._update_ids), message_id=next(self._message_ids)
            )
            if self._inbox:
                payload = json.dumps(update, ensure_ascii=False)
                [entry] = await uow.inbox.store(INBOX_CHANNEL, [(parsed.key, None, payload)], now)
                if entry is None:
                    return None  # in the inbox already (zalo_seen pruned meanwhile)
                update["update_id"] = entry
        return update
