"""The demo's terminal chat: you type as a member, the bot's messages are printed readably.

Inline buttons are shown as numbered choices; typing the number presses the button, and the
short notice a phone shows on top of the chat then (a popup) is printed as ``⟪ … ⟫``. Files the
bot sends are saved in a folder, their paths printed. ``/as NAME`` switches to another member,
``/quit`` (or end of input) leaves. Input comes from a thread so that Ctrl-C and Ctrl-D always
end the demo at once.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot.i18n import Translator
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox

BOT_PREFIX = "🤖 "
INDENT = "   "


@dataclass
class Persona:
    user: SandboxUser
    label: str  # "Lê Thị Mai — Phòng Đào tạo"
    seen: dict[int, int] = field(default_factory=dict)  # message id -> number of edits printed


Switch = Callable[[str], Awaitable[Persona | str]]  # a persona, or a message to print


class ChatLoop:
    """What both terminal chats (Telegram's, Zalo's) do with a typed line: ``/as NAME``
    switches person, ``/quit`` leaves, anything else goes to the bot."""

    _t: Translator
    _out: TextIO
    _switch: Callable[[str], Awaitable[Any]]

    def say(self, text: str) -> None:
        print(text, file=self._out, flush=True)

    async def become(self, persona: Any) -> None:
        raise NotImplementedError

    async def send(self, text: str) -> None:
        raise NotImplementedError

    async def run(self, interactive: bool) -> None:
        """Read lines until /quit or end of input."""
        lines = LineReader(interactive)
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
            try:
                await self._handle(text)
            except Exception as error:  # a demo mistake must not end the demo with a traceback
                t = self._t
                self.say(t("(The demo could not do that: {error})", error=str(error)))

    async def _handle(self, text: str) -> None:
        if text == "/as" or text.startswith("/as "):
            query = text[3:].strip()
            if not query:
                t = self._t
                self.say(t("Write a name after /as, for example: /as Minh"))
                return
            result = await self._switch(query)
            if isinstance(result, str):
                self.say(result)
            else:
                await self.become(result)
            return
        await self.send(text)


class TerminalChat(ChatLoop):
    def __init__(
        self,
        sandbox: Sandbox,
        t: Translator,
        out: TextIO,
        switch: Switch,
        files: Path,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self._sandbox = sandbox
        self._busy = busy
        self._t = t
        self._out = out
        self._switch = switch
        self._files = files
        self._persona: Persona | None = None

    async def become(self, persona: Persona) -> None:
        t = self._t
        self._persona = persona
        self.say(t("— You are now {who} —", who=persona.label))
        await self.show_new()

    async def send(self, text: str) -> None:
        """A number presses a button of the newest message that has buttons; anything else is
        sent as a message (so typed numbers still reach the bot when nothing offers buttons)."""
        t = self._t
        persona = self._persona
        assert persona is not None
        latest = self._latest_with_buttons(persona)
        if text.isdecimal() and latest is not None:
            buttons = latest.buttons()
            index = int(text) - 1
            if not 0 <= index < len(buttons) or buttons[index].callback_data is None:
                self.say(t("There is no button {n}.", n=text))
                return
            query_id = await self._sandbox.press_button(persona.user, latest, index)
            await self._settled()
            self._print_popup(query_id)
        else:
            await self._sandbox.send_text(persona.user, text)
        await self.show_new()

    async def _settled(self) -> None:
        """Until the bot is quiet and no file is being made off the event loop (a file's
        answer comes once its worker is done, after a quiet spell the sandbox cannot see)."""
        await self._sandbox.wait_until_idle()
        while self._busy():  # a poll: the worker has no event to wait on
            await asyncio.sleep(0.05)
            if not self._busy():
                await self._sandbox.wait_until_idle()

    def _print_popup(self, query_id: str) -> None:
        """What the bot answered to the press, if it said anything (a phone shows it briefly
        over the chat, or in a box to close for an alert)."""
        for answer in self._sandbox.callback_answers:
            text = answer["text"]
            if answer["callback_query_id"] == query_id and text:
                self.say(INDENT + "⟪ " + f"\n{INDENT}  ".join(text.splitlines()) + " ⟫")

    def _latest_with_buttons(self, persona: Persona) -> SentMessage | None:
        live = [m for m in self._sandbox.messages(persona.user.id) if not m.deleted]
        return live[-1] if live and live[-1].buttons() else None

    async def show_new(self) -> None:
        """Print what the bot sent or edited since the last look."""
        persona = self._persona
        assert persona is not None
        await self._settled()
        for message in self._sandbox.messages(persona.user.id):
            printed = persona.seen.get(message.message_id)
            if message.deleted or printed == message.edited:
                continue
            persona.seen[message.message_id] = message.edited
            self._print(message, edited=printed is not None)

    def _print(self, message: SentMessage, *, edited: bool) -> None:
        t = self._t
        prefix = BOT_PREFIX + (t("(edited) ") if edited else "")
        body = message.text or message.caption or ""
        if message.document:
            body = f"📎 {message.document.get('file_name', '')}\n{body}".strip()
        elif message.photo:
            body = f"🖼\n{body}".strip()
        saved = self._save_file(message)
        lines = body.splitlines() or [""]
        if saved is not None:
            lines.append(t("(saved as {path})", path=str(saved)))
        self.say(prefix + lines[0])
        for line in lines[1:]:
            self.say(INDENT + line)
        labels = []
        for number, button in enumerate(message.buttons(), start=1):
            target = f" → {button.url}" if button.url else ""
            labels.append(f"[{number}] {button.text}{target}")
        if labels:
            self.say(INDENT + "   ".join(labels))

    def _save_file(self, message: SentMessage) -> Path | None:
        """A document or photo's bytes, written to the files folder (a name already used gets
        a number: lich-hop-2.ics)."""
        if message.document:
            file_id, name = message.document["file_id"], message.document.get("file_name")
        elif message.photo:
            file_id, name = message.photo[-1]["file_id"], None
        else:
            return None
        stored = self._sandbox.file(file_id)
        if stored is None:
            return None
        name = Path(name or f"anh-{message.message_id}.jpg").name
        self._files.mkdir(parents=True, exist_ok=True)
        path, number = self._files / name, 1
        while path.exists():
            number += 1
            path = self._files / f"{Path(name).stem}-{number}{Path(name).suffix}"
        path.write_bytes(stored.data)
        return path


class LineReader:
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
