"""A local fake of the Zalo Bot API over real HTTP, for tests and the offline demo.

See the package docstring (:mod:`bot.sandbox.zalo`) for what it does and what it relies on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.sandbox.local_server import LocalServer
from bot.sandbox.zalo.bot_api import ZaloBotApi
from bot.sandbox.zalo.models import Fault, WebhookDelivery, ZaloApiError, ZaloCall, ZaloSent
from bot.sandbox.zalo.user_actions import ZaloUserActions
from bot.sandbox.zalo.user_routes import user_route
from bot.sandbox.zalo.webhook import WebhookBody, WebhookPusher

__all__ = ["ZaloSandbox"]

DEFAULT_BOT_ID = "1459232241454765289"


def _seconds(clock: Clock | Callable[[], float]) -> Callable[[], float]:
    """The project's clock (``now()``) or a plain function returning epoch seconds."""
    if callable(clock):
        return clock
    return lambda: clock.now().timestamp()


class ZaloSandbox(LocalServer, ZaloUserActions):
    def __init__(
        self,
        *,
        bot_id: str = DEFAULT_BOT_ID,
        account_name: str = "bot.butpha",
        display_name: str = "Bot Bứt phá",
        token: str | None = None,
        quota: int | None = None,
        send_rate: float | None = None,
        webhook_attempts: int = 3,
        webhook_retry_delay: float = 0.1,
        webhook_body: WebhookBody = "wrapped",
        host: str = "127.0.0.1",
        port: int = 0,
        clock: Clock | Callable[[], float] = time.time,
    ) -> None:
        self._api = ZaloBotApi(
            token=token,
            bot_id=bot_id,
            account_name=account_name,
            display_name=display_name,
            clock=_seconds(clock),
            quota=quota,
            send_rate=send_rate,
        )
        self._pusher = WebhookPusher(
            self._api, attempts=webhook_attempts, retry_delay=webhook_retry_delay, body=webhook_body
        )
        self._api.webhook_changed = self._pusher.ensure_running
        super().__init__(host, port)

    # --- lifecycle ------------------------------------------------------------------------

    async def _closing(self) -> None:
        """Ends long polls (they answer 408) and webhook pushing."""
        self._api.close()
        await self._pusher.stop()

    # --- addresses, settings and records --------------------------------------------------

    @property
    def bot_id(self) -> str:
        return self._api.bot_id

    @property
    def calls(self) -> list[ZaloCall]:
        """Every bot-side call, oldest first (a live list: clearing it is fine)."""
        return self._api.calls

    def calls_of(self, method: str) -> list[ZaloCall]:
        return [c for c in self._api.calls if c.method.lower() == method.lower()]

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every attempt to push an update to the webhook, with the bot's HTTP status."""
        return self._api.deliveries

    @property
    def webhook_url(self) -> str:
        return self._api.webhook_url

    @property
    def quota(self) -> int | None:
        return self._api.quota

    def sends_this_month(self) -> int:
        """Messages, photos and stickers accepted this (Vietnamese) calendar month."""
        return self._api.sends_this_month()

    def inject_fault(
        self, method: str, status: int = 429, times: int = 1, description: str | None = None
    ) -> None:
        """The next `times` calls of `method` ("*" = any but getUpdates) fail with `status`."""
        if status < 400:
            raise ValueError("a fault is an HTTP error status (400 and up)")
        self._api.faults.append(
            Fault(method.lower(), status, times, ZaloApiError(status, description).description)
        )

    def replay_next(self, count: int = 1) -> None:
        """The next `count` updates handed to the bot each come twice in a row (Zalo has no
        offset to confirm updates; the bot must deduplicate on event_name + message_id)."""
        self._api.replay_pending += count

    def deliver_again(self, update: dict[str, Any]) -> None:
        """Hands ``update`` (one a user sent earlier) to the bot again, later, as Zalo may."""
        self._api.push_update(update)

    def replay_randomly(self, every: int | None, seed: int = 0) -> None:
        """Each update handed to the bot comes twice with probability 1/`every`, drawn from a
        generator seeded with `seed` (reproducible); ``every=None`` stops it."""
        self._api.replay_randomly(every, seed)

    # --- what the bot did -----------------------------------------------------------------

    def messages(self, chat_id: str) -> list[ZaloSent]:
        """The bot's messages in a chat, oldest first."""
        return list(self._api.sent.get(chat_id, []))

    def last_message(self, chat_id: str) -> ZaloSent | None:
        sent = self._api.sent.get(chat_id)
        return sent[-1] if sent else None

    def transcript(self, chat_id: str) -> str:
        """Both sides of a chat, oldest first, for failure messages and the demo."""
        entries: list[tuple[int, str]] = [
            (sent.seq, "bot  " + sent.describe()) for sent in self._api.sent.get(chat_id, [])
        ]
        for seq, update in self._api.user_messages.get(chat_id, []):
            entries.append((seq, "user " + _describe_update(update, self._api.users)))
        return "\n".join(line for _, line in sorted(entries)) or "(no messages)"

    async def wait_for_message(
        self,
        chat_id: str,
        predicate: Callable[[ZaloSent], bool] | None = None,
        *,
        after: int | ZaloSent | dict[str, Any] = 0,
        timeout: float = 5.0,
    ) -> ZaloSent:
        """The oldest bot message in the chat beyond the first `after` that matches.

        `after` is a count of the bot's messages in that chat, a bot message (what came after
        it), or an update returned by ``send_text`` & co. (the bot's answer to that message).
        """
        if isinstance(after, ZaloSent):
            skip = after.number
        elif isinstance(after, dict):
            skip = self._api.bot_count_at.get(_message_id(after), 0)
        else:
            skip = after
        deadline = time.monotonic() + timeout
        while True:
            for message in self._api.sent.get(chat_id, [])[skip:]:
                if predicate is None or predicate(message):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._api.closing:
                raise TimeoutError(
                    f"no matching bot message after #{skip} in chat {chat_id} within "
                    f"{timeout}s; the chat:\n{self.transcript(chat_id)}"
                )
            await self._api.messages_changed.wait(remaining)

    async def wait_until_idle(self, quiet: float = 0.3, timeout: float = 10.0) -> None:
        """Returns once every queued update was handed to the bot, no call or webhook delivery
        is in progress, and nothing happened for `quiet` seconds (idle long polls don't count).
        """
        api = self._api
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            busy = bool(api.queue) or api.in_flight > 0
            idle_for = now - api.last_activity
            if not busy and idle_for >= quiet:
                return
            if now >= deadline or api.closing:
                raise TimeoutError(
                    f"bot not idle within {timeout}s: {len(api.queue)} update(s) not fetched, "
                    f"{api.in_flight} call(s) or deliveries in progress"
                )
            wait = deadline - now if busy else min(deadline - now, quiet - idle_for)
            await api.activity.wait(wait)

    # --- HTTP -----------------------------------------------------------------------------

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/sandbox/"):
            return await user_route(self, request, path.removeprefix("/sandbox/"))
        if path.startswith("/bot"):
            token, _, method = path.removeprefix("/bot").partition("/")
            if token and method and "/" not in method:
                try:
                    params = await _read_params(request)
                except ValueError as exc:
                    error = ZaloApiError(400, f"Bad Request: {exc}")
                    return web.json_response(error.payload(), status=400)
                status, body = await self._api.handle(token, method, params)
                return web.json_response(body, status=status)
        return web.json_response(ZaloApiError(404).payload(), status=404)


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string, then the body: JSON or a form."""
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json" and request.can_read_body:
        raw = await request.read()
        if raw.strip():
            try:
                body = await request.json()
            except ValueError:
                raise ValueError("can't parse JSON body") from None
            if not isinstance(body, dict):
                raise ValueError("the JSON body must be an object")
            params.update(body)
    elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, str):
                params[name] = value
    return params


def _message_id(update: dict[str, Any]) -> str:
    return str((update.get("message") or {}).get("message_id", ""))


def _describe_update(update: dict[str, Any], users: dict[str, Any]) -> str:
    message = update.get("message") or {}
    sender = message.get("from") or {}
    who = sender.get("display_name") or sender.get("name") or "(unknown)"
    event = str(update.get("event_name", "")).removeprefix("message.").removesuffix(".received")
    if event == "text":
        said = repr(message.get("text"))
    elif event == "image":
        said = f"[image {message.get('photo')}]" + (
            f" {message['caption']!r}" if message.get("caption") else ""
        )
    else:
        said = f"[{event}]"
    return f"{who}: {said}"
