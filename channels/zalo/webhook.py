"""Zalo's webhook: the updates Zalo pushes, received on aiohttp's server and handed to the Zalo
Application as polled ones are.

aiohttp, because it is already a runtime dependency (the sandboxes serve with it) and the
project runs one asyncio loop: python-telegram-bot's own webhook server needs its
``webhooks`` extra (tornado), a second server library for one route.

Each POST (on any path: the reverse proxy in front decides which reach the listen address)
must carry the secret given to ``setWebhook`` in ``X-Bot-Api-Secret-Token``, compared in
constant time; without it: 401, logged with the remote address and never the body. The body is
``{"ok": true, "result": update}`` (the documentation's sample) or the bare update; anything
else: 400. The update goes through :meth:`Incoming.translate`, the same as a polled one (a
repeat is dropped there, so a redelivered update is acted on once), then onto the
application's update queue; the answer is 200 at once, before the update is handled. A failure
to note the update (the database) answers 500, so Zalo delivers it again.
"""

from __future__ import annotations

import hmac
import json
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from channels.zalo.incoming import Incoming

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Bot-Api-Secret-Token"
# An update is a few hundred bytes; a text message at most 2,000 characters.
MAX_BODY_BYTES = 64 * 1024


def parse_listen(address: str) -> tuple[str, int]:
    """``host:port`` (``[::1]:8088`` too) as the server binds it."""
    host, _, port = address.strip().rpartition(":")
    return host.strip("[]"), int(port)


def _update_of(body: object) -> dict[str, Any] | None:
    """The update in a webhook body, wrapped or bare; None when it is not one."""
    if not isinstance(body, dict):
        return None
    if "event_name" not in body and isinstance(body.get("result"), dict):
        body = body["result"]
    if not isinstance(body, dict) or not isinstance(body.get("event_name"), str):
        return None
    return body


class ZaloWebhook:
    """The receiver: :meth:`start` listens on ``listen`` (``host:port``; port 0 takes a free
    one, see :attr:`port`), :meth:`stop` stops listening."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        incoming: Incoming,
        *,
        secret: str,
        listen: str,
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret")
        self._application = application
        self._incoming = incoming
        self._secret = secret.encode()
        self._host, self._port = parse_listen(listen)
        self._runner: web.AppRunner | None = None

    @property
    def port(self) -> int:
        return self._port

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY_BYTES)
        app.router.add_route("*", "/{tail:.*}", self._receive)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def _receive(self, request: web.Request) -> web.Response:
        if request.method != "POST":
            return _answer(405, "only POST")
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning(
                "Zalo webhook: a request from %s %s secret token: refused",
                _remote(request),
                "with a wrong" if given else "without the",
            )
            return _answer(401, "Unauthorized")
        try:
            body = json.loads(await request.read())
        except web.HTTPRequestEntityTooLarge:
            log.warning("Zalo webhook: a body too large from %s: refused", _remote(request))
            return _answer(413, "Request Entity Too Large")
        except ValueError:
            body = None
        raw = _update_of(body)
        if raw is None:
            log.warning("Zalo webhook: not an update, from %s: refused", _remote(request))
            return _answer(400, "Bad Request: not a Zalo update")
        try:
            update = await self._incoming.translate(raw)
        except Exception:
            log.exception("Zalo webhook: the update could not be taken; Zalo will send it again")
            return _answer(500, "Internal Server Error")
        if update is not None:
            await self._application.update_queue.put(Update.de_json(update, self._application.bot))
        return _answer(200, None)


def _answer(status: int, description: str | None) -> web.Response:
    body: dict[str, Any] = {"ok": status == 200}
    if description is not None:
        body["description"] = description
    return web.json_response(body, status=status)


def _remote(request: web.Request) -> str:
    """The peer, and whom the proxy says it forwarded for."""
    forwarded = request.headers.get("X-Forwarded-For", "")[:100]
    peer = request.remote or "?"
    return f"{peer} (for {forwarded!r})" if forwarded else peer
