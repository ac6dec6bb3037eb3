"""The bot side of the Zalo sandbox: :class:`ZaloBotApi` checks the token, dispatches the
Bot API methods over :class:`~bot.sandbox.zalo.state.ZaloState` and records every call."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.zalo.models import ZaloApiError, ZaloCall, bad_request
from bot.sandbox.zalo.state import MAX_POLL_SECONDS, ZaloState

TEXT_LIMIT = 2000
_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
_PARSE_MODES = frozenset({"markdown", "html"})
# sendChatAction answers {"ok": true} without a result, as the documentation shows.
NO_RESULT = object()

Params = dict[str, Any]
Handler = Callable[[Params], Awaitable[Any]]


def utf16_length(text: str) -> int:
    """Length as the platform's (JavaScript/Java) servers likely count it: UTF-16 units, the
    stricter reading (an emoji counts 2; Vietnamese letters in NFC count 1)."""
    return len(text.encode("utf-16-le")) // 2


def _text(p: Params, name: str, *, required: bool = True) -> str | None:
    value = p.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is required")
        return None
    if isinstance(value, (dict, list, bool)):
        raise bad_request(f"{name} must be a string")
    return str(value)


def _checked_length(text: str, name: str) -> str:
    if not text.strip() or utf16_length(text) > TEXT_LIMIT:
        raise bad_request(f"{name} must be from 1 to {TEXT_LIMIT} characters")
    return text


class ZaloBotApi(ZaloState):
    """The bot-side methods; unknown parameters are ignored, unknown methods answer 404."""

    def __init__(self, *, token: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.required_token = token
        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}
        self.webhook_changed: Callable[[], None] = lambda: None

    async def handle(self, token: str, method: str, params: Params) -> tuple[int, dict[str, Any]]:
        """Runs one bot-side call and records it; returns HTTP status and JSON body."""
        key = method.lower()
        entry = self._methods.get(key)
        call = ZaloCall(entry[0] if entry else method, dict(params), self.clock())
        self.calls.append(call)
        busy = key != "getupdates"  # long polls are the bot idling, not working
        if busy:
            self.in_flight += 1
            self.touch()
        try:
            try:
                if not _TOKEN.match(token) or (self.required_token not in (None, token)):
                    raise ZaloApiError(401, "Unauthorized: invalid bot token")
                if entry is None:
                    raise ZaloApiError(404, "Not Found: unknown method")
                fault = self.take_fault(key)
                if fault is not None:
                    raise ZaloApiError(fault.status, fault.description)
                result = await entry[1](params)
            except ZaloApiError as exc:
                call.status, call.description = exc.status, exc.description
                return exc.status, exc.payload()
            call.status = 200
            body: dict[str, Any] = {"ok": True}
            if result is not NO_RESULT:
                body["result"] = result
            return 200, body
        finally:
            if busy:
                self.in_flight -= 1
                self.touch()

    # --- receiving ------------------------------------------------------------------------

    async def _get_me(self, p: Params) -> dict[str, Any]:
        return self.getme()

    async def _get_updates(self, p: Params) -> dict[str, Any]:
        raw = p.get("timeout", MAX_POLL_SECONDS)
        try:
            timeout = float(raw)
        except (TypeError, ValueError):
            raise bad_request("timeout must be a number of seconds") from None
        return await self.get_update(timeout)

    async def _set_webhook(self, p: Params) -> dict[str, Any]:
        url = _text(p, "url") or ""
        if not url.startswith(("https://", "http://")):
            raise bad_request("url must be an HTTPS address")
        secret = _text(p, "secret_token") or ""
        if not 8 <= len(secret) <= 256:
            raise bad_request("secret_token must be from 8 to 256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        self.webhook_updated_at = self.now_ms()
        self.webhook_changed()
        return {"url": url, "updated_at": self.webhook_updated_at}

    async def _delete_webhook(self, p: Params) -> dict[str, Any]:
        self.webhook_url, self.webhook_secret = "", ""
        self.webhook_updated_at = self.now_ms()
        self.webhook_changed()
        self.updates_changed.fire()
        return {"url": "", "updated_at": self.webhook_updated_at}

    async def _get_webhook_info(self, p: Params) -> dict[str, Any]:
        if not self.webhook_url:
            raise ZaloApiError(404, "Not Found: no webhook is set")
        return {"url": self.webhook_url, "updated_at": self.webhook_updated_at}

    # --- sending --------------------------------------------------------------------------

    def _recipient(self, p: Params) -> str:
        return self.chat_for_send(_text(p, "chat_id", required=False) or "")

    def _sent_result(self, chat_id: str, **fields: Any) -> dict[str, Any]:
        sent = self.store_sent(chat_id, **fields)
        return {"message_id": sent.message_id, "date": sent.date}

    async def _send_message(self, p: Params) -> dict[str, Any]:
        chat_id = self._recipient(p)
        text = _checked_length(_text(p, "text") or "", "text")
        parse_mode = _text(p, "parse_mode", required=False)
        if parse_mode is not None and parse_mode.lower() not in _PARSE_MODES:
            raise bad_request("parse_mode must be markdown or html")
        self.admit_send()
        return self._sent_result(
            chat_id, text=text, parse_mode=parse_mode, text_styles=p.get("text_styles")
        )

    async def _send_photo(self, p: Params) -> dict[str, Any]:
        chat_id = self._recipient(p)
        photo = _text(p, "photo") or ""
        if not photo.startswith(("https://", "http://")):
            raise bad_request("photo must be the URL of an image")
        caption = _text(p, "caption", required=False)
        if caption is not None:
            _checked_length(caption, "caption")
        self.admit_send()
        return self._sent_result(chat_id, kind="photo", photo=photo, caption=caption)

    async def _send_sticker(self, p: Params) -> dict[str, Any]:
        chat_id = self._recipient(p)
        sticker = _text(p, "sticker") or ""
        self.admit_send()
        return self._sent_result(chat_id, kind="sticker", sticker=sticker)

    async def _send_chat_action(self, p: Params) -> object:
        self._recipient(p)
        action = _text(p, "action") or ""
        if action not in _CHAT_ACTIONS:
            raise bad_request("action must be typing or upload_photo")
        return NO_RESULT
