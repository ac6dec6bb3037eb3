"""How the bot asks Telegram for updates: only the kinds it handles, and past any update
python-telegram-bot cannot parse.

python-telegram-bot parses a whole ``getUpdates`` batch at once; one update it cannot read (a
``poll_answer`` without a field it requires, say) fails the batch and ends polling for good:
nobody is answered. :class:`PollingBot` parses each update on its own, once, as the library
would; one that cannot be parsed is logged once and handed on as a bare update (its id only,
which no handler takes), so the offset moves past it and the batch's other updates are
handled.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE, DefaultValue
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.constants import UpdateType
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

# What the handlers read: messages (commands, answers, files), edits (answered "not acted on
# again"), button presses, and the bot's own membership in a chat (blocked, unblocked).
HANDLED_UPDATES: tuple[str, ...] = (
    UpdateType.MESSAGE,
    UpdateType.EDITED_MESSAGE,
    UpdateType.CALLBACK_QUERY,
    UpdateType.MY_CHAT_MEMBER,
)


def parsed(raw: object, bot: ExtBot[Any]) -> Update:
    """The update, or, when python-telegram-bot cannot parse it, a bare one with its id alone
    (logged once: polling then asks past it)."""
    try:
        return Update.de_json(raw, bot)  # type: ignore[arg-type]
    except Exception as error:  # whatever the library raises on a malformed object
        if not isinstance(raw, dict) or not isinstance(raw.get("update_id"), int):
            raise  # without an id the offset cannot move past it: let the library say so
        update_id: int = raw["update_id"]
        kinds = [str(key) for key in raw if key != "update_id"]
        log.warning(
            "skipped update %d (%s) that cannot be read: %s: %s",
            update_id,
            ", ".join(kinds) or "empty",
            type(error).__name__,
            error,
        )
        bare = Update(update_id)
        bare.set_bot(bot)
        return bare


class PollingBot(ExtBot[Any]):
    """The Telegram bot, whose ``getUpdates`` parses each update on its own
    (:func:`parsed`): python-telegram-bot parses the batch at once, and one update it cannot
    read fails the batch for ever. The same request and timeouts as the library's own."""

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        data: JSONDict = {
            "timeout": timeout,
            "offset": offset,
            "limit": limit,
            "allowed_updates": allowed_updates,
        }
        if isinstance(read_timeout, DefaultValue):
            waited = self._request[0].read_timeout or 0
        else:
            waited = read_timeout or 0
        if isinstance(timeout, timedelta):
            waited += timeout.total_seconds()
        elif timeout:
            waited += timeout
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=waited,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        return tuple(parsed(raw, self) for raw in result or ())
