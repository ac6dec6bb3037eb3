"""The bot side of the sandbox: :class:`BotApi` dispatches Bot API calls and records them.

The methods themselves come from :mod:`bot.sandbox.messaging` and
:mod:`bot.sandbox.bot_settings_api`; the state they act on from :mod:`bot.sandbox.state`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from bot.sandbox.bot_settings_api import BotSettingsApi
from bot.sandbox.messaging import MessagingApi
from bot.sandbox.models import ApiCall, ApiError, Fault, Upload
from bot.sandbox.validation import Params, decode_params

Handler = Callable[[Params, dict[str, Upload]], Awaitable[Any]]


class BotApi(MessagingApi, BotSettingsApi):
    """The bot-side Bot API methods over :class:`~bot.sandbox.state.SandboxState`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        handlers: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
            "sendChatAction": self._send_chat_action,
            "getFile": self._get_file,
            "close": self._true,
            "logOut": self._true,
        }
        self._methods = {name.lower(): (name, handler) for name, handler in handlers.items()}

    async def handle(
        self, method: str, raw: dict[str, Any], uploads: dict[str, Upload]
    ) -> tuple[int, dict[str, Any]]:
        """Runs one bot-side call and records it; returns HTTP status and JSON body."""
        key = method.lower()
        entry = self._methods.get(key)
        call = ApiCall(entry[0] if entry else method, dict(raw), self.clock())
        self.calls.append(call)
        if entry is None:
            error = ApiError(404, "Not Found")
            call.status, call.description = error.status, error.description
            return error.status, error.payload()
        # Long polls are the bot idling, not working.
        busy = key != "getupdates"
        if busy:
            self.in_flight += 1
            self.touch()
        try:
            try:
                values = decode_params(raw)
                call.params = {**values, **{k: _describe(u) for k, u in uploads.items()}}
                fault = self.take_fault(key)
                if fault is not None:
                    await self._apply_fault(fault)
                result = await entry[1](Params(values), uploads)
            except ApiError as exc:
                call.status, call.description = exc.status, exc.description
                return exc.status, exc.payload()
            call.status = 200
            return 200, {"ok": True, "result": result}
        finally:
            if busy:
                self.in_flight -= 1
                self.touch()

    async def _apply_fault(self, fault: Fault) -> None:
        if fault.kind == "429":
            raise ApiError(
                429,
                f"Too Many Requests: retry after {fault.retry_after}",
                retry_after=fault.retry_after,
            )
        if fault.kind == "403":
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if fault.kind == "500":
            raise ApiError(500, "Internal Server Error")
        # "hang": hold the request; a client that gives up cancels the handler, so the call
        # never takes effect. One that waits it out gets a normal answer.
        try:
            async with asyncio.timeout(fault.hang_seconds):
                await self.stopping.wait()
        except TimeoutError:
            return
        raise ApiError(500, "Internal Server Error: sandbox stopped")

    # --- methods --------------------------------------------------------------------------

    async def _true(self, p: Params, uploads: dict[str, Upload]) -> bool:
        return True

    async def _get_updates(self, p: Params, uploads: dict[str, Upload]) -> list[dict[str, Any]]:
        allowed = p.get_json("allowed_updates")
        if isinstance(allowed, list):
            self.allowed_updates = [str(kind) for kind in allowed]
        return await self.get_updates(
            p.get_int("offset", 0), p.get_int("limit", 100), p.get_float("timeout", 0.0)
        )


def _describe(upload: Upload) -> dict[str, Any]:
    return {
        "file_name": upload.filename,
        "mime_type": upload.content_type,
        "size": len(upload.data),
    }
