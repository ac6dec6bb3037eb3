"""The demo's terminal chat on Zalo: exactly what a member sees in the Zalo app.

Zalo has no buttons, so nothing is pressed here: the bot writes its choices as numbered lines
and the member answers with the number (or the choice's words), which is sent as a message like
anything else typed. ``/as NAME`` switches to another member, ``/quit`` (or end of input) leaves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from bot.demo.terminal import BOT_PREFIX, INDENT, ChatLoop
from bot.i18n import Translator
from bot.sandbox.zalo import ZaloSandbox, ZaloUser


@dataclass
class ZaloPersona:
    user: ZaloUser
    label: str  # "Lê Thị Mai — Phòng Đào tạo"
    seen: int = 0  # how many of the bot's messages in this chat are printed


ZaloSwitch = Callable[[str], Awaitable[ZaloPersona | str]]  # a persona, or a message to print


class ZaloTerminalChat(ChatLoop):
    def __init__(self, sandbox: ZaloSandbox, t: Translator, out: TextIO, switch: ZaloSwitch):
        self._sandbox = sandbox
        self._t = t
        self._out = out
        self._switch = switch
        self._persona: ZaloPersona | None = None

    async def become(self, persona: ZaloPersona) -> None:
        self._persona = persona
        self.say(self._t("— You are now {who} —", who=persona.label))
        await self.show_new()

    async def send(self, text: str) -> None:
        persona = self._persona
        assert persona is not None
        await self._sandbox.send_text(persona.user, text)
        await self.show_new()

    async def show_new(self) -> None:
        """Print what the bot sent since the last look (Zalo edits nothing: only new messages)."""
        persona = self._persona
        assert persona is not None
        await self._sandbox.wait_until_idle()
        messages = self._sandbox.messages(persona.user.id)
        for message in messages[persona.seen :]:
            lines = message.content.splitlines() or [""]
            self.say(BOT_PREFIX + lines[0])
            for line in lines[1:]:
                self.say(INDENT + line)
        persona.seen = len(messages)
