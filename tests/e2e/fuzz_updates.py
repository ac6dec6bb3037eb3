"""Random updates for the fuzz test (test_fuzz.py): what members type, press, forge, edit and
send, drawn from a seeded generator, and the vocabulary taken from the bot's own handlers."""

from __future__ import annotations

import io
import random
import re
import string
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.app import ButphaApplication
from bot.clock import TickingClock
from bot.sandbox.models import SandboxUser, SentMessage
from bot.sandbox.server import Sandbox
from bot.services.container import Services

# Telegram's limits (../shared/platform/TELEGRAM.md): what a person can send at most.
MAX_TEXT, MAX_CAPTION, MAX_CALLBACK_DATA = 4096, 1024, 64
# A group gets at most 20 messages a minute; the bot's rate limiter would make the run wait.
GROUP_REPLIES = 12


@dataclass
class Person:
    user: SandboxUser
    role: str
    said: list[int] = field(default_factory=list)  # ids of their text messages, for edits


@dataclass
class Fuzz:
    rng: random.Random
    sandbox: Sandbox
    services: Services
    clock: TickingClock
    people: list[Person]
    commands: list[str]
    prefixes: list[str]
    words: list[str]
    groups: list[int] = field(default_factory=list)
    log: list[tuple[float, str]] = field(default_factory=list)  # (time.time(), what was done)

    # --- random pieces ---------------------------------------------------------------------

    def number(self) -> str:
        rng = self.rng
        return rng.choice(
            [
                str(rng.randint(0, 60)),
                str(rng.randint(0, 100)),
                str(rng.choice([-1, 0, 101, 150, 999, 2**31, 2**63, 10**30])),
                f"{rng.randint(0, 100)},{rng.randint(0, 99)}",
                "1e3",
                "½",
                "٣",
                "²",
                "𝟕",
            ]
        )

    def time(self) -> str:
        return f"{self.rng.randint(0, 25):02d}:{self.rng.randint(0, 61):02d}"

    def date(self) -> str:
        rng = self.rng
        year = self.clock.now().year
        return rng.choice(
            [
                f"{rng.randint(0, 32):02d}/{rng.randint(0, 13):02d}",
                f"{rng.randint(1, 31)}/{rng.randint(1, 12)}/{rng.choice([year - 1, year, 99999])}",
                f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{year} {self.time()}",
                self.time(),
                f"{rng.randint(0, 23)}:00-{rng.randint(0, 23)}:30",
                "31/02",
                "29/02",
                "hôm nay",
                "ngày mai",
                "mai",
                "tuần sau",
                "thứ Sáu tuần sau",
                "tháng 6",
                "tháng 13",
                "quý 3",
                "quý 5",
                "cuối năm",
                "end of year",
                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 14:00",
            ]
        )

    def noise(self) -> str:
        rng = self.rng
        pieces = [
            "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 40))),
            "<b>đậm</b> <i>nghiêng",
            "&amp; &lt; &nbsp; &#0; </a>",
            "<script>alert(1)</script>",
            '=HYPERLINK("http://x";"Bấm vào đây")',
            "+SUM(1;2)",
            "@SUM(A1)",
            "👍🏽🇻🇳‍👩‍👩‍👧 \u200b\u200e\u202e ngược",
            "A\u0301\u0323\u0309 tổ hợp",
            "\t \n\n \u00a0",
            "𝕿𝖊𝖝𝖙",
            "' OR 1=1; DROP TABLE members; --",
            "%s %d {name} {0} {{}}",
            "\\x00 \\n",
            "ĐẢNG ỦY ĐẢNG BỘ",
        ]
        return rng.choice(pieces)

    def long_text(self) -> str:
        unit = self.rng.choice(["a", "Đảng viên ", "🇻🇳", "<b>x</b>", "\n"])
        return (unit * (MAX_TEXT // len(unit) + 1))[: self.rng.choice([200, 1000, 4000, MAX_TEXT])]

    def phrase(self) -> str:
        rng = self.rng
        make: list[Callable[[], str]] = [
            lambda: rng.choice(self.words),
            self.number,
            self.date,
            self.noise,
            lambda: " | ".join(self.phrase() for _ in range(rng.randint(2, 5))),
            lambda: "; ".join(rng.choice(self.words) for _ in range(rng.randint(1, 4))),
        ]
        if rng.random() < 0.03:
            return self.long_text()
        return rng.choice(make)()

    def text(self) -> str:
        """What a member might type: a command with arguments, or words."""
        rng = self.rng
        if rng.random() < 0.55:
            command = rng.choice(self.commands)
            if rng.random() < 0.1:
                command = command.upper() if rng.random() < 0.5 else f"{command}@butpha_demo_bot"
            arguments = " ".join(self.phrase() for _ in range(rng.choice([0, 0, 1, 1, 2, 3])))
            text = f"/{command} {arguments}".strip()
        else:
            text = self.phrase()
        text = text[:MAX_TEXT]
        return text if text.strip() else "?"

    def callback_data(self) -> str:
        """Forged: a real prefix with other ids, another person's real button, or noise."""
        rng = self.rng
        seen = [
            b.callback_data
            for chat in [p.user.id for p in self.people]
            for m in self.sandbox.messages(chat)[-5:]
            for b in m.buttons()
            if b.callback_data
        ]
        choice = rng.random()
        if seen and choice < 0.45:
            data = rng.choice(seen)
            if rng.random() < 0.7:  # the same button with other ids
                data = re.sub(r"\d+", lambda _: self.number().split(",")[0], data)
        elif choice < 0.85 and self.prefixes:
            data = rng.choice(self.prefixes) + ":".join(
                self.number() for _ in range(rng.randint(0, 3))
            )
        else:
            data = "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 64)))
        return data.encode()[:MAX_CALLBACK_DATA].decode(errors="ignore") or "x"

    def document(self) -> tuple[bytes, str]:
        rng = self.rng
        kind = rng.choice(["xlsx", "csv", "junk", "ics"])
        if kind == "xlsx":
            book = openpyxl.Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.append(["Họ và tên", "Chi bộ", "Loại", "Chức vụ", "Mã"])
            for _ in range(rng.randint(0, 5)):
                sheet.append([ILLEGAL_CHARACTERS_RE.sub("", self.phrase()[:100]) for _ in range(5)])
            buffer = io.BytesIO()
            book.save(buffer)
            data = buffer.getvalue()
        elif kind == "csv":
            data = "\n".join(f"{self.phrase()},{self.phrase()}" for _ in range(5)).encode()
        elif kind == "ics":
            data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
        else:
            data = rng.randbytes(rng.randint(1, 3000))
        name = rng.choice([f"tep.{kind}", "minh-chung.pdf", "ảnh.jpg", "không-tên", "x" * 200])
        return data, name

    # --- actions -----------------------------------------------------------------------------

    async def act(self, person: Person) -> None:
        rng = self.rng
        actions: list[tuple[float, Callable[[Person], Any]]] = [
            (30, self.write),
            (32, self.press),
            (10, self.forge),
            (4, self.edit),
            (4, self.send_file),
            (6, self.in_group),
            (2, self.anonymous_in_group),
            (1, self.block_or_unblock),
            (0.5, self.time_passes),
        ]
        weights = [w for w, _ in actions]
        [(_, action)] = rng.choices(actions, weights)
        await action(person)

    def note(self, person: Person | None, what: str) -> None:
        who = person.role if person else "anonymous admin"
        self.log.append((time.time(), f"{who}: {what}"[:300]))

    def before(self, moment: float, count: int = 6) -> str:
        """What was done just before ``moment``, for a failure message."""
        done = [what for at, what in self.log if at <= moment][-count:]
        return "\n".join(f"  {what}" for what in done)

    async def write(self, person: Person) -> None:
        text = self.text()
        self.note(person, f"says {text!r}")
        sent = await self.sandbox.send_text(person.user, text)
        person.said.append(sent["message_id"])

    async def press(self, person: Person) -> None:
        """A real button on one of the person's newest messages (the newest most often)."""
        live = [
            m for m in self.sandbox.messages(person.user.id) if not m.deleted and _callbacks(m)
        ][-4:]
        if not live:
            await self.write(person)
            return
        message = live[-1] if self.rng.random() < 0.7 else self.rng.choice(live)
        button = self.rng.choice(_callbacks(message))
        self.note(person, f"presses {button!r} on #{message.message_id}")
        await self.sandbox.press_callback(person.user, message.message_id, button)

    async def forge(self, person: Person) -> None:
        data = self.callback_data()
        messages = self.sandbox.messages(person.user.id)
        # On one of their messages, or on one that does not exist (an inaccessible message).
        target = self.rng.choice(messages).message_id if messages else 1
        if self.rng.random() < 0.2:
            target = self.rng.randint(1, 10**6)
        self.note(person, f"forges {data!r} on #{target}")
        await self.sandbox.press_callback(person.user, target, data)

    async def edit(self, person: Person) -> None:
        if not person.said:
            await self.write(person)
            return
        message_id = self.rng.choice(person.said[-5:])
        text = self.text()
        self.note(person, f"edits #{message_id} into {text!r}")
        await self.sandbox.edit_text(person.user, message_id, text)

    async def send_file(self, person: Person) -> None:
        data, name = self.document()
        caption = self.phrase()[:MAX_CAPTION] if self.rng.random() < 0.4 else None
        self.note(person, f"sends the file {name!r} ({len(data)} bytes), caption {caption!r}")
        await self.sandbox.send_document_as_user(person.user, data, name, caption)

    def group(self) -> int:
        """A group with room for a few more answers under Telegram's 20 a minute."""
        live = [g for g in self.groups if len(self.sandbox.messages(g)) < GROUP_REPLIES]
        if not live:
            title = self.rng.choice(["Chi bộ Liên khoa", "Phòng Đào tạo", "Nhóm bạn bè"])
            self.groups.append(self.sandbox.create_group(title))
            return self.groups[-1]
        return self.rng.choice(live)

    async def in_group(self, person: Person) -> None:
        group = self.group()
        if self.rng.random() < 0.15:
            data, name = self.document()
            self.note(person, f"sends the file {name!r} in group {group}")
            await self.sandbox.send_document_as_user(person.user, data, name, chat_id=group)
            return
        text = self.text()
        self.note(person, f"says {text!r} in group {group}")
        await self.sandbox.send_text(person.user, text, group)

    async def anonymous_in_group(self, person: Person) -> None:
        group = self.group()
        command = self.rng.choice(["/lienketnhom", "/huylienket", "/linkgroup", "/trogiup"])
        text = command if self.rng.random() < 0.6 else self.text()
        fake_sender = self.rng.random() < 0.5
        self.note(None, f"says {text!r} in group {group} (from: {fake_sender})")
        await self.sandbox.send_as_group(group, text, fake_sender=fake_sender)

    async def block_or_unblock(self, person: Person) -> None:
        self.note(person, "blocks or unblocks the bot")
        if self.rng.random() < 0.5:
            self.sandbox.block_bot(person.user)
        else:
            self.sandbox.unblock_bot(person.user)

    async def time_passes(self, person: Person) -> None:
        hours = self.rng.choice([0.5, 2, 20, 70])
        self.note(None, f"{hours} hours pass")
        self.clock.advance(hours=hours)


def _callbacks(message: SentMessage) -> list[str]:
    return [b.callback_data for b in message.buttons() if b.callback_data]


def _all_handlers(application: ButphaApplication) -> Iterable[BaseHandler[Any, Any, Any]]:
    def walk(handler: BaseHandler[Any, Any, Any]) -> Iterable[BaseHandler[Any, Any, Any]]:
        if isinstance(handler, ConversationHandler):
            for inner in (
                *handler.entry_points,
                *(h for state in handler.states.values() for h in state),
                *handler.fallbacks,
            ):
                yield from walk(inner)
        else:
            yield handler

    for group in application.handlers.values():
        for handler in group:
            yield from walk(handler)


def commands_of(application: ButphaApplication) -> list[str]:
    """Every command the bot answers, from its handlers (so new ones are fuzzed too)."""
    found = {
        command
        for handler in _all_handlers(application)
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    return sorted(found)


def callback_prefixes(application: ButphaApplication) -> list[str]:
    """The literal start of every button pattern (``^mp:(menu|…)`` gives ``mp:``), and of each
    alternative of a pattern that starts with one (``^(tk:o:\\d+|…)``)."""
    found: set[str] = set()
    for handler in _all_handlers(application):
        if not isinstance(handler, CallbackQueryHandler) or handler.pattern is None:
            continue
        pattern = handler.pattern
        source = pattern.pattern if isinstance(pattern, re.Pattern) else str(pattern)
        source = source.lstrip("^").removeprefix("(?:").removeprefix("(")
        for alternative in source.split("|"):
            literal = re.match(r"[\w:.-]*", alternative.replace("\\:", ":"))
            if literal and literal.group():
                found.add(literal.group())
    return sorted(found)
