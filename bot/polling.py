"""How the bot asks Telegram for updates: only the kinds it handles, and past any update
python-telegram-bot cannot parse.

python-telegram-bot parses a whole ``getUpdates`` batch at once; one update it cannot read (a
``poll_answer`` without a field it requires, say) fails the batch, the offset never moves past
it, and polling asks for the same batch forever: nobody is answered and the log fills. The
request for ``getUpdates`` here reads each update first; one that cannot be parsed is logged
once and handed on as a bare update (its id only, which no handler takes), so the offset moves
past it and the batch's other updates are handled.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram._utils.types import ODVInput
from telegram.constants import UpdateType
from telegram.request import BaseRequest, HTTPXRequest, RequestData

log = logging.getLogger(__name__)

# What the handlers read: messages (commands, answers, files), edits (answered "not acted on
# again"), button presses, and the bot's own membership in a chat (blocked, unblocked).
HANDLED_UPDATES: tuple[str, ...] = (
    UpdateType.MESSAGE,
    UpdateType.EDITED_MESSAGE,
    UpdateType.CALLBACK_QUERY,
    UpdateType.MY_CHAT_MEMBER,
)


def without_unparseable(body: bytes) -> bytes:
    """A ``getUpdates`` answer with each update python-telegram-bot cannot parse replaced by
    its id alone (logged); the answer as it was when every update parses."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body  # not JSON: python-telegram-bot reports it as it does
    updates = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(updates, list):
        return body
    kept: list[Any] = []
    skipped = False
    for raw in updates:
        try:
            Update.de_json(raw, None)
            kept.append(raw)
        except Exception as error:  # whatever the library raises on a malformed object
            update_id = raw.get("update_id") if isinstance(raw, dict) else None
            if not isinstance(update_id, int):
                raise  # without an id the offset cannot move past it: let the library say so
            kinds = [key for key in raw if key != "update_id"]
            log.warning(
                "skipped update %d (%s) that cannot be read: %s: %s",
                update_id,
                ", ".join(kinds) or "empty",
                type(error).__name__,
                error,
            )
            kept.append({"update_id": update_id})
            skipped = True
    if not skipped:
        return body
    return json.dumps({**answer, "result": kept}).encode()


class UpdatesRequest(HTTPXRequest):
    """The connection ``getUpdates`` goes over (one, as python-telegram-bot's own), skipping
    what cannot be parsed (:func:`without_unparseable`)."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if code == 200 and url.rsplit("/", 1)[-1].lower() == "getupdates":
            return code, without_unparseable(body)
        return code, body
