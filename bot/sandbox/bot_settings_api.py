"""The Bot API methods about the bot itself and its chats: getMe, commands, webhook, getChat."""

from __future__ import annotations

import re
from typing import Any

from bot.sandbox.models import Upload, bad_request
from bot.sandbox.state import DEFAULT_SCOPE, SandboxState, scope_key
from bot.sandbox.validation import Params

_SCOPE_TYPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


class BotSettingsApi(SandboxState):
    """getMe, set/get/deleteMyCommands, setWebhook, deleteWebhook, getWebhookInfo, getChat."""

    async def _get_me(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _scope_and_language(self, p: Params) -> str:
        scope = p.get_json("scope")
        if scope is None:
            scope = DEFAULT_SCOPE
        if not isinstance(scope, dict) or scope.get("type") not in _SCOPE_TYPES:
            raise bad_request("can't parse BotCommandScope JSON object")
        language = p.get_str("language_code") or ""
        if language and not re.fullmatch(r"[a-z]{2}", language):
            raise bad_request("invalid language code specified")
        return scope_key(scope, language)

    async def _set_my_commands(self, p: Params, uploads: dict[str, Upload]) -> bool:
        commands = p.get_json("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        if len(commands) > 100:
            raise bad_request("too many commands specified")
        cleaned = []
        for item in commands:
            if not isinstance(item, dict):
                raise bad_request("can't parse BotCommand JSON object")
            name, description = item.get("command"), item.get("description")
            if not isinstance(name, str) or not _COMMAND_NAME.fullmatch(name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
            cleaned.append({"command": name, "description": description})
        key = self._scope_and_language(p)
        if cleaned:
            self.commands[key] = cleaned
        else:
            self.commands.pop(key, None)
        return True

    async def _get_my_commands(self, p: Params, uploads: dict[str, Upload]) -> list[dict[str, Any]]:
        return [dict(c) for c in self.commands.get(self._scope_and_language(p), [])]

    async def _delete_my_commands(self, p: Params, uploads: dict[str, Upload]) -> bool:
        self.commands.pop(self._scope_and_language(p), None)
        return True

    async def _set_webhook(self, p: Params, uploads: dict[str, Upload]) -> bool:
        url = (p.get_str("url") or "").strip()
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if p.get_bool("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _delete_webhook(self, p: Params, uploads: dict[str, Upload]) -> bool:
        self.webhook_url = ""
        if p.get_bool("drop_pending_updates"):
            self.updates.clear()
        return True

    async def _get_webhook_info(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    async def _get_chat(self, p: Params, uploads: dict[str, Upload]) -> dict[str, Any]:
        chat_id = self.resolve_chat(p.values.get("chat_id"), for_send=False)
        return {
            **self.chat_dict(chat_id),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
