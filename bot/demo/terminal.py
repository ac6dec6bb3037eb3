"""The demo's terminal chat: you type as a member, the bot's messages are printed readably.

Inline buttons are shown as numbered choices; typing the number presses the button. ``/as NAME``
switches to another member, ``/quit`` (or end of input) leaves. Input comes from a thread so that
Ctrl-C and Ctrl-D always end the demo at once.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TextIO

from bot.i18n import Translator
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.state import Sandbox

BOT_PREFIX = "🤖 "
INDENT = "   "


@dataclass
class Persona:
    user: SandboxUser
    label: str  # "Lê Thị Mai — Phòng Đào tạo"
    seen: dict[int, int] = field(default_factory=dict)  # message id -> number of edits printed


Switch = Callable[[str], Awaitable[Persona | str]]  # a persona, or a message to print


class TerminalChat:
    def __init__(self, sandbox: Sandbox, t: Translator, out: TextIO, switch: Switch) -> None:
        self._sandbox = sandbox
        self._t = t
        self._out = out
        self._switch = switch
        self._persona: Persona | None = None
        self._buttons: list[tuple[SentMessage, int]] = []

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    async def become(self, persona: Persona) -> None:
        self._persona = persona
        self.say(self._t("— You are now {who} —", who=persona.label))
        await self.show_new()

    async def send(self, text: str) -> None:
        persona = self._persona
        assert persona is not None
        if text.strip().isdigit() and self._buttons:
            index = int(text.strip()) - 1
            if not 0 <= index < len(self._buttons):
                self.say(self._t("There is no button {n}.", n=text.strip()))
                return
            message, button = self._buttons[index]
            await self._sandbox.press_button(persona.user, message, button)
        else:
            await self._sandbox.send_text(persona.user, text)
        await self.show_new()

    async def show_new(self) -> None:
        """Print what the bot sent or edited since the last look."""
        persona = self._persona
        assert persona is not None
        await self._sandbox.wait_until_idle()
        for message in self._sandbox.messages(persona.user.id):
            printed = persona.seen.get(message.message_id)
            if message.deleted or printed == message.edited:
                continue
            persona.seen[message.message_id] = message.edited
            self._print(message, edited=printed is not None)

    def _print(self, message: SentMessage, *, edited: bool) -> None:
        prefix = BOT_PREFIX + (self._t("(edited) ") if edited else "")
        body = message.text or message.caption or ""
        if message.document:
            body = f"📎 {message.document.get('file_name', '')}\n{body}".strip()
        lines = body.splitlines() or [""]
        self.say(prefix + lines[0])
        for line in lines[1:]:
            self.say(INDENT + line)
        buttons = message.buttons()
        if buttons:
            self._buttons = []
            labels = []
            for index, button in enumerate(buttons):
                self._buttons.append((message, index))
                target = f" → {button.url}" if button.url else ""
                labels.append(f"[{len(self._buttons)}] {button.text}{target}")
            self.say(INDENT + "   ".join(labels))

    async def run(self, interactive: bool) -> None:
        """Read lines until /quit or end of input."""
        lines = _LineReader(interactive)
        while True:
            line = await lines.next_line()
            if line is None:
                break
            text = line.strip()
            if not interactive:
                self.say(f"> {text}")
            if not text:
                continue
            if text in ("/quit", "/exit", "/thoat"):
                break
            if text.startswith("/as"):
                query = text[3:].strip()
                if not query:
                    self.say(self._t("Write a name after /as, for example: /as Minh"))
                    continue
                result = await self._switch(query)
                if isinstance(result, str):
                    self.say(result)
                else:
                    await self.become(result)
                continue
            await self.send(text)


class _LineReader:
    """Lines from standard input on a daemon thread, so a blocked read never holds up exit.

    The thread asks for the next line only when the chat wants one, so the prompt is printed
    after the bot's answer, not in the middle of it.
    """

    def __init__(self, interactive: bool) -> None:
        self._interactive = interactive
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._wanted = threading.Event()
        threading.Thread(target=self._read, name="demo-input", daemon=True).start()

    def _read(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            line: str | None
            try:
                line = input("> ") if self._interactive else sys.stdin.readline()
            except (EOFError, KeyboardInterrupt):
                line = None
            if line == "" and not self._interactive:
                line = None  # readline() gives "" only at the end of input
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
            if line is None:
                return

    async def next_line(self) -> str | None:
        self._wanted.set()
        return await self._queue.get()
