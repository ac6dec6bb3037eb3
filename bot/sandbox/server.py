"""A local fake Telegram Bot API server over real HTTP, for tests and the offline demo.

The real python-telegram-bot ``Application`` talks to it unmodified::

    async with Sandbox() as sb:
        app = ApplicationBuilder().token("123:ABC").base_url(sb.base_url) \\
            .base_file_url(sb.base_file_url).build()
        alice = sb.create_user("Lan", "Nguyễn", username="lan")
        sent = await sb.send_text(alice, "/start")          # queues an update
        reply = await sb.wait_for_message(alice.id, after=sent["message_id"])
        await sb.press_button(alice, reply, "Đồng ý")         # by text, callback_data or index
        await sb.wait_until_idle()

Bot side (``POST {base_url}{token}/{method}``; any token but ``rejected_tokens``, which get 401
as a revoked one does; method names case-insensitive):
getMe, getUpdates (offset/limit/long poll; a newer poll ends an older one with 409),
sendMessage, sendDocument, sendPhoto, editMessageText, editMessageCaption,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, set/get/deleteMyCommands,
setWebhook, deleteWebhook, getWebhookInfo, getChat, sendChatAction, getFile (download at
``{base_file_url}{token}/{file_path}``), close, logOut. Anything else: 404 "Not Found".
Parameters may come as a form (PTB JSON-encodes non-string values), multipart, JSON or query.
Validation follows Telegram (see :mod:`bot.sandbox.validation` and
:mod:`bot.sandbox.formatting`): HTML is parsed into text plus entities (the raw HTML is kept
on :class:`SentMessage`); Markdown modes are stored unparsed. Private chats exist only once
the user has written to the bot; blocked users give 403. Leading/trailing whitespace is
trimmed from texts, as Telegram does.

User side, on :class:`Sandbox`: ``create_user``, ``create_group``, ``send_text``,
``send_as_group`` (an anonymous admin; optionally no ``from`` at all), ``edit_text`` (an
``edited_message``), ``send_document_as_user``, ``press_button``, ``press_callback`` (forged
data), ``block_bot``/``unblock_bot`` (these queue
``my_chat_member`` updates, as Telegram does), ``queue_raw_update`` (any JSON, malformed
too), ``messages``, ``last_message``, ``transcript``,
``wait_for_message``, ``wait_until_idle``, ``commands``, ``calls``/``calls_of``,
``callback_answers``, ``file``, ``inject_fault``. The same is reachable as thin JSON routes:
POST /sandbox/users|groups|send_text|press_button|press_callback|block|unblock|faults|
wait_until_idle and GET /sandbox/messages|transcript?chat_id=..|calls.

``enforce_rate_limits=True`` answers 429 beyond ~30 sends/s overall, a burst of 3 then 1/s
per private chat, 20/min per group (sends = sendMessage/sendDocument/sendPhoto). The
injected ``clock`` dates messages and drives those limits; waits use the monotonic clock.

Everything runs on the caller's event loop; ``stop()`` releases long polls and hung calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any, get_args

from aiohttp import web

from bot.sandbox.bot_api import BotApi
from bot.sandbox.local_server import LocalServer
from bot.sandbox.models import ApiCall, FaultKind, SentMessage, StoredFile, Upload
from bot.sandbox.state import FIRST_GROUP_ID, FIRST_USER_ID, scope_key
from bot.sandbox.user_actions import UserActions
from bot.sandbox.user_routes import user_route

__all__ = ["Sandbox"]

DEFAULT_BOT_ID = 7_000_000_001
_MAX_UPLOAD = 60 * 1024 * 1024  # Telegram accepts 50 MB; a bit more gives its error instead


def _not_found() -> web.Response:
    body = {"ok": False, "error_code": 404, "description": "Not Found"}
    return web.json_response(body, status=404)


class Sandbox(LocalServer, UserActions):
    def __init__(
        self,
        *,
        bot_username: str = "butpha_demo_bot",
        bot_first_name: str = "Bứt phá",
        enforce_rate_limits: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Callable[[], float] = time.time,
        bot_id: int = DEFAULT_BOT_ID,
        rejected_tokens: Collection[str] = (),
    ) -> None:
        self._rejected_tokens = frozenset(rejected_tokens)
        self._api = BotApi(
            bot_id=bot_id,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            enforce_rate_limits=enforce_rate_limits,
            clock=clock,
        )
        super().__init__(host, port, client_max_size=_MAX_UPLOAD)
        self._next_user_id = FIRST_USER_ID
        self._next_group_id = FIRST_GROUP_ID

    # --- lifecycle ------------------------------------------------------------------------

    async def _closing(self) -> None:
        self._api.close()

    # --- addresses and records ------------------------------------------------------------

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def bot_id(self) -> int:
        return self._api.bot_id

    @property
    def bot_username(self) -> str:
        return self._api.bot_username

    @property
    def calls(self) -> list[ApiCall]:
        """Every bot-side call, oldest first (a live list: clearing it is fine)."""
        return self._api.calls

    def calls_of(self, method: str) -> list[ApiCall]:
        return [c for c in self._api.calls if c.method.lower() == method.lower()]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return self._api.callback_answers

    def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """What setMyCommands stored for exactly this scope and language (no fallback)."""
        return list(self._api.commands.get(scope_key(scope, language_code), []))

    def inject_fault(
        self,
        method: str,
        kind: FaultKind,
        count: int = 1,
        *,
        retry_after: int = 1,
        hang_seconds: float = 30.0,
    ) -> None:
        """The next `count` calls of `method` ("*" = any but getUpdates) fail as `kind`."""
        if kind not in get_args(FaultKind):
            raise ValueError(f"unknown fault kind {kind!r}")
        self._api.add_fault(method, kind, count, retry_after, hang_seconds)

    # --- what the bot did -----------------------------------------------------------------

    def messages(self, chat_id: int) -> list[SentMessage]:
        """The bot's messages in a chat, oldest first; deleted ones have ``deleted=True``."""
        return sorted(self._api.bot_messages.get(chat_id, {}).values(), key=lambda m: m.message_id)

    def file(self, file_id: str) -> StoredFile | None:
        """A file the bot (or a user) sent, with its bytes."""
        return self._api.files.get(file_id)

    def last_message(self, chat_id: int) -> SentMessage | None:
        """The bot's newest message in the chat that is not deleted."""
        live = [m for m in self.messages(chat_id) if not m.deleted]
        return live[-1] if live else None

    def transcript(self, chat_id: int) -> str:
        """Both sides of a chat, oldest first, for failure messages and the demo."""
        lines = []
        user_side = self._api.user_messages.get(chat_id, {})
        bot_side = self._api.bot_messages.get(chat_id, {})
        for message_id in sorted({*user_side, *bot_side}):
            if message_id in bot_side:
                lines.append("bot  " + bot_side[message_id].describe())
            else:
                sent = user_side[message_id]
                said = (
                    sent.get("text") or f"[document {sent.get('document', {}).get('file_name')!r}]"
                )
                who = sent.get("from", {}).get("first_name") or "(anonymous)"
                lines.append(f"user #{message_id} {who}: {said!r}")
        return "\n".join(lines) or "(no messages)"

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        *,
        timeout: float = 5.0,
        after: int = 0,
    ) -> SentMessage:
        """The oldest live bot message with id > `after` that matches `predicate` now.

        Edits count: a message edited into a match is returned. Pass the ``message_id`` of
        the user's message (from ``send_text``) as `after` to wait for the bot's answer.
        """
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages(chat_id):
                live = message.message_id > after and not message.deleted
                if live and (predicate is None or predicate(message)):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._api.closing:
                raise TimeoutError(
                    f"no matching bot message after #{after} in chat {chat_id} within "
                    f"{timeout}s; the chat:\n{self.transcript(chat_id)}"
                )
            await self._api.messages_changed.wait(remaining)

    async def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Returns once every queued update was handed to the bot, no call is in progress,
        and no call arrived for `quiet` seconds (long polls that return nothing don't count).
        """
        api = self._api
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            busy = not api.all_fetched() or api.in_flight > 0
            idle_for = now - api.last_activity
            if not busy and idle_for >= quiet:
                return
            if now >= deadline or api.closing:
                unfetched = sum(1 for u in api.updates if u["update_id"] > api.handed_out_up_to)
                raise TimeoutError(
                    f"bot not idle within {timeout}s: {unfetched} update(s) not fetched, "
                    f"{api.in_flight} call(s) in progress"
                )
            wait = deadline - now if busy else min(deadline - now, quiet - idle_for)
            await api.activity.wait(wait)

    # --- HTTP -----------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            _, _, file_path = path.removeprefix("/file/bot").partition("/")
            stored = self._api.file_by_path(file_path)
            return web.Response(body=stored.data) if stored is not None else _not_found()
        if path.startswith("/sandbox/"):
            return await user_route(self, request, path.removeprefix("/sandbox/"))
        if path.startswith("/bot"):
            token, _, method = path.removeprefix("/bot").partition("/")
            if token in self._rejected_tokens:
                # A revoked token: Telegram answers every method with 401.
                body = {"ok": False, "error_code": 401, "description": "Unauthorized"}
                return web.json_response(body, status=401)
            if token and method and "/" not in method:
                try:
                    raw, uploads = await _read_params(request)
                except ValueError as exc:
                    body = {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
                    return web.json_response(body, status=400)
                status, body = await self._api.handle(method, raw, uploads)
                return web.json_response(body, status=status)
        return _not_found()


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """Query string, then the body: form, multipart (files become uploads) or JSON."""
    raw: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json" and request.can_read_body:
        try:
            body = await request.json()
        except ValueError:
            raise ValueError("can't parse JSON body") from None
        if not isinstance(body, dict):
            raise ValueError("the JSON body must be an object")
        raw.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                uploads[name] = Upload(value.filename, value.content_type, value.file.read())
            else:
                raw[name] = value if isinstance(value, str) else bytes(value).decode()
    return raw, uploads
