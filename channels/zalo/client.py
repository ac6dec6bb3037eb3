"""A small client of the Zalo Bot API on httpx (already here through python-telegram-bot).

Why not ``python-zalo-bot``, the SDK the platform's samples use: it is a thin 0.1 release
without tests, it swallows ``{"ok": false}`` answers (a refused message would look sent, and
the outbox could not tell a quota from a blocked user), and its webhook sample needs a Flask
hook that Flask 2.3 removed. What the bot needs is seven methods and one envelope, which this
module is; it also keeps the token out of every log line and error (it is in the URL).

A call is ``POST {base_url}{token}/{method}`` with JSON parameters; the answer is
``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": n, "description": …}`` with
HTTP status n. Every failure is a :class:`ZaloError` with that code (0 when no answer came).
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from bot.settings import ZALO_API_BASE_URL as ZALO_API_BASE_URL

log = logging.getLogger(__name__)

# getUpdates answers 408 when nothing came within its timeout: not an error, no update.
IDLE = 408
NO_ANSWER = 0
REDACTED = "[REDACTED]"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
# Longer than the long poll itself, which the platform holds for up to `timeout` seconds.
POLL_GRACE = 10.0


class _Redact(logging.Filter):
    """On httpx's logger, which writes every request's URL (and the token is in it)."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._secret in message:
            record.msg, record.args = message.replace(self._secret, REDACTED), None
        return True


class ZaloError(Exception):
    """A refusal or failure of the Zalo Bot API: ``error_code`` is its code (the HTTP status:
    400, 401, 403, 404, 408, 429…, or 0 when no answer came), ``description`` its words. The
    token never appears in either."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after  # seconds, when a 429 says so
        super().__init__(f"Zalo error {error_code}: {description}")


class ZaloClient:
    def __init__(
        self,
        token: str,
        base_url: str = ZALO_API_BASE_URL,
        *,
        read_timeout: float = READ_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        if not token:
            raise ValueError("a Zalo bot token is needed")
        self._token = token
        self._base_url = base_url
        self._read_timeout = read_timeout
        self._transport = transport
        self._http: httpx.AsyncClient | None = None
        self._redact_logs = _Redact(token)

    def __repr__(self) -> str:
        return f"ZaloClient({self._base_url}{REDACTED})"

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._http is None or self._http.is_closed:
            logging.getLogger("httpx").addFilter(self._redact_logs)
            self._http = httpx.AsyncClient(
                timeout=httpx.Timeout(self._read_timeout, connect=CONNECT_TIMEOUT),
                transport=self._transport,
            )

    async def shutdown(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None
            logging.getLogger("httpx").removeFilter(self._redact_logs)

    def redact(self, text: str) -> str:
        return text.replace(self._token, REDACTED)

    async def call(
        self, method: str, params: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """The ``result`` of one call, or :class:`ZaloError`."""
        if self._http is None:
            await self.initialize()
        assert self._http is not None
        url = f"{self._base_url}{self._token}/{method}"
        try:
            response = await self._http.post(
                url,
                json=params or {},
                timeout=httpx.Timeout(timeout or self._read_timeout, connect=CONNECT_TIMEOUT),
            )
        except httpx.TimeoutException as exc:
            raise ZaloError(NO_ANSWER, f"{method}: timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            detail = self.redact(str(exc)) or type(exc).__name__
            raise ZaloError(NO_ANSWER, f"{method}: {detail}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ZaloError(response.status_code or NO_ANSWER, f"{method}: not a JSON answer")
        if body.get("ok") is True:
            return body.get("result")
        code = body.get("error_code") or response.status_code
        description = str(body.get("description") or f"HTTP {response.status_code}")
        parameters = body.get("parameters")
        retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
        raise ZaloError(
            int(code),
            self.redact(description),
            int(retry_after) if isinstance(retry_after, int | float) else None,
        )

    # --- the methods ----------------------------------------------------------------------

    async def get_me(self) -> dict[str, Any]:
        """``{id, account_name, account_type, can_join_groups, display_name}``."""
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_update(self, timeout: float) -> dict[str, Any] | None:
        """One update, or None when none came within ``timeout`` seconds (408)."""
        try:
            result = await self.call(
                "getUpdates", {"timeout": int(timeout)}, timeout=timeout + POLL_GRACE
            )
        except ZaloError as exc:
            if exc.error_code == IDLE:
                return None
            raise
        return result if isinstance(result, dict) and result else None

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        """``{message_id, date}`` (plain text: see :mod:`channels.zalo.render`)."""
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return result if isinstance(result, dict) else {}

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def set_webhook(self, url: str, secret_token: str) -> dict[str, Any]:
        result = await self.call("setWebhook", {"url": url, "secret_token": secret_token})
        return result if isinstance(result, dict) else {}

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """``{url, updated_at}``, or None when no webhook is set (404)."""
        try:
            result = await self.call("getWebhookInfo")
        except ZaloError as exc:
            if exc.error_code == 404:
                return None
            raise
        return result if isinstance(result, dict) else None
