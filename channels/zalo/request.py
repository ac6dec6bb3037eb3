"""The Bot API spoken to Zalo: a ``telegram.request.BaseRequest`` whose ``do_request`` answers
each Bot API method the way Zalo can, so python-telegram-bot (and every handler on it) runs on
Zalo unchanged. Give it to ``ApplicationBuilder().request(...)`` and
``.get_updates_request(...)`` (one instance each: a long poll must not hold up sending).

What each method becomes:

==========================================  ==================================================
getMe                                       Zalo's getMe as a Telegram bot user
getUpdates                                  one Zalo update → a list of one (408 → [])
sendMessage, edits, answerCallbackQuery,    :mod:`channels.zalo.outgoing`
sendDocument, sendPhoto, sendChatAction,
deleteMessage
setWebhook, deleteWebhook, getWebhookInfo   Zalo's own
setMyCommands, deleteMyCommands,            ok, nothing sent (Zalo has no command menu)
setChatMenuButton, getMyCommands, …
anything else                               400 "… is not available on Zalo"
==========================================  ==================================================

Zalo's refusals come back in Telegram's envelope, so python-telegram-bot raises what it
raises for Telegram: 429 → ``RetryAfter`` (the sender pauses and retries), 403 → ``Forbidden``
(the sender marks the member unreachable), 400 → ``BadRequest``, 401/404 → ``InvalidToken``;
no answer → ``NetworkError`` / ``TimedOut``.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Awaitable, Callable
from typing import Any

from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.clock import Clock
from channels.zalo.client import NO_ANSWER, ZaloClient, ZaloError
from channels.zalo.incoming import Incoming
from channels.zalo.outgoing import Outgoing, Refused
from channels.zalo.ports import ZaloDatabase

log = logging.getLogger(__name__)

# When Zalo says 429 without saying for how long (it never does in the documentation).
DEFAULT_RETRY_AFTER = 5
# The Bot API's long-poll timeout when python-telegram-bot gives none.
DEFAULT_POLL_SECONDS = 10.0

_NOTHING_TO_DO = {
    "setmycommands": True,
    "deletemycommands": True,
    "getmycommands": [],
    "setchatmenubutton": True,
    "getchatmenubutton": {"type": "default"},
    "setmydescription": True,
    "setmyshortdescription": True,
    "setmyname": True,
    "close": True,
    "logout": True,
}


def _numeric_id(value: object) -> int:
    """Zalo's bot id as the integer a Telegram user has."""
    text = str(value or "")
    return int(text) if text.isdecimal() else zlib.crc32(text.encode()) or 1


def _file_name(request_data: RequestData | None, field: str) -> str | None:
    if request_data is None:
        return None
    try:
        files = request_data.multipart_data
    except Exception:  # nothing uploaded: the file was given by id
        return None
    for name, value in files.items():
        if name == field or len(files) == 1:
            filename = value[0] if isinstance(value, tuple) else None
            return str(filename) if filename else None
    return None


class ZaloRequest(BaseRequest):
    def __init__(
        self,
        client: ZaloClient,
        database: Callable[[], ZaloDatabase],
        *,
        clock: Clock,
        default_language: str,
        inbox: bool = False,
        on_arrival: Callable[[], None] = lambda: None,
    ) -> None:
        self._client = client
        self.incoming = Incoming(client, database, clock, inbox=inbox, on_arrival=on_arrival)
        self.outgoing = Outgoing(client, database, clock, default_language)
        self._methods: dict[str, Callable[[dict[str, Any], RequestData | None], Awaitable[Any]]]
        self._methods = {
            "getme": self._get_me,
            "getupdates": self._get_updates,
            "sendmessage": lambda p, _: self.outgoing.send_message(p),
            "editmessagetext": lambda p, _: self.outgoing.edit_message_text(p),
            "editmessagereplymarkup": lambda p, _: self.outgoing.edit_message_reply_markup(p),
            "answercallbackquery": lambda p, _: self.outgoing.answer_callback_query(p),
            "senddocument": lambda p, d: self.outgoing.send_file(
                p, "document", _file_name(d, "document")
            ),
            "sendphoto": lambda p, d: self.outgoing.send_file(p, "photo", _file_name(d, "photo")),
            "sendchataction": lambda p, _: self.outgoing.send_chat_action(p),
            "deletemessage": lambda p, _: self.outgoing.delete_message(p),
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
        }

    @property
    def read_timeout(self) -> float | None:
        return self._client.read_timeout

    async def initialize(self) -> None:
        await self._client.initialize()

    async def shutdown(self) -> None:
        await self._client.shutdown()

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
        name = url.rstrip("/").rsplit("/", 1)[-1]
        key = name.lower()
        params = request_data.parameters if request_data is not None else {}
        try:
            if key in _NOTHING_TO_DO:
                result: Any = _NOTHING_TO_DO[key]
            elif key in self._methods:
                result = await self._methods[key](dict(params), request_data)
            else:
                raise Refused(f"Bad Request: method {name} is not available on Zalo")
        except Refused as exc:
            return _envelope(400, exc.description)
        except ZaloError as exc:
            return self._refusal(name, exc)
        return 200, json.dumps({"ok": True, "result": result}, ensure_ascii=False).encode()

    def _refusal(self, name: str, exc: ZaloError) -> tuple[int, bytes]:
        description = self._client.redact(exc.description)
        code = exc.error_code
        if code == NO_ANSWER:
            if "timed out" in description:
                raise TimedOut(f"Zalo {description}")
            raise NetworkError(f"Zalo {description}")
        log.debug("Zalo refused %s: %s %s", name, code, description)
        if code == 429:
            return _envelope(429, description, retry_after=exc.retry_after or DEFAULT_RETRY_AFTER)
        if code == 404:
            code = 401 if name.lower() == "getme" else 400
        return _envelope(code, description)

    # --- the methods answered here --------------------------------------------------------

    async def _get_me(self, params: dict[str, Any], _: RequestData | None) -> dict[str, Any]:
        me = await self._client.get_me()
        account = str(me.get("account_name") or "")
        user = {
            "id": _numeric_id(me.get("id")),
            "is_bot": True,
            "first_name": str(me.get("display_name") or me.get("name") or account or "Zalo"),
            "username": account or None,
            "can_join_groups": bool(me.get("can_join_groups", False)),
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.outgoing.me = user
        return user

    async def _get_updates(
        self, params: dict[str, Any], _: RequestData | None
    ) -> list[dict[str, Any]]:
        timeout = params.get("timeout")
        seconds = float(timeout) if isinstance(timeout, int | float) else DEFAULT_POLL_SECONDS
        return await self.incoming.poll(seconds)

    async def _set_webhook(self, params: dict[str, Any], _: RequestData | None) -> bool:
        await self._client.set_webhook(
            str(params.get("url") or ""), str(params.get("secret_token") or "")
        )
        return True

    async def _delete_webhook(self, params: dict[str, Any], _: RequestData | None) -> bool:
        try:
            await self._client.delete_webhook()
        except ZaloError as exc:
            if exc.error_code != 404:  # none was set: as good as deleted
                raise
        return True

    async def _get_webhook_info(
        self, params: dict[str, Any], _: RequestData | None
    ) -> dict[str, Any]:
        info = await self._client.get_webhook_info()
        return {
            "url": str((info or {}).get("url") or ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }


def _envelope(code: int, description: str, *, retry_after: int | None = None) -> tuple[int, bytes]:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return code, json.dumps(body, ensure_ascii=False).encode()
