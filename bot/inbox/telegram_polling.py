"""Telegram's ``getUpdates`` with the inbox in front: the answer is written to the inbox before
it is returned to python-telegram-bot's Updater. The Updater acknowledges a batch only by
asking for the next one (its offset), which it does after this returns: so nothing Telegram
has forgotten is only in memory. When the batch cannot be stored, the call fails as a network
error would: the Updater waits and asks again, and Telegram gives the same batch."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from bot.api_request import AiohttpRequest
from bot.services.loop_share import FOREGROUND

StoreUpdates = Callable[[list[dict[str, Any]]], Awaitable[None]]


class StoringUpdatesRequest(AiohttpRequest):
    """The request the Application polls with (``ApplicationBuilder.get_updates_request``)."""

    def __init__(self, store: StoreUpdates, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._store = store

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, body = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        if code == 200 and url.endswith("/getUpdates"):
            await self._keep(body)
        return code, body

    async def _keep(self, body: bytes) -> None:
        try:
            results = json.loads(body).get("result")
        except (ValueError, AttributeError):
            return  # not an answer the library can read either; it reports it
        if not isinstance(results, list) or not results:
            return
        FOREGROUND.arriving()  # background work gives way to the members who wrote
        try:
            await self._store(results)
        except Exception as error:
            raise NetworkError(
                f"the updates could not be stored, so they are not acknowledged: {error}"
            ) from error
