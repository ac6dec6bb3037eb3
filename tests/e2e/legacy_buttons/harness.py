"""Pressing buttons as they were before issue 10, and telling what pressing one does.

A scenario (see :mod:`tests.e2e.legacy_buttons.scenarios`) drives a fresh world as the e2e
tests do and presses buttons through a :class:`Session`. Recording (``record.py``), the
session takes each button's callback_data from the message the bot sent and writes it down
with what pressing it did; replaying (``test_legacy_buttons.py``), it presses the recorded
callback_data, whatever the bot's buttons carry now, and checks it does the same.

What a press does is what a member sees and what the bot keeps: the popup, every message
sent, edited or deleted in any chat of the scenario (text, buttons and their data, file
name), and the rows the press added to or removed from the database (columns holding the
time or a random code left out). The world is the e2e world with a clock that moves only
when told, and random tokens drawn in order, so two runs of a scenario are the same run.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import secrets
import sqlite3
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import build_application, running
from bot.clock import FixedClock
from bot.sandbox.models import SandboxUser, SentMessage
from bot.settings import load_settings
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import (
    TOKEN,
    BotSandbox,
    World,
    eventually,
    follow_handling,
    outbox_drained,
)

FIXTURE = Path(__file__).with_name("buttons.json")
# 08:00 in Hà Nội on 2 March 2026, as the e2e world (which takes this year) stood when the
# buttons were recorded; a fixed year keeps dates in the recorded texts true in later years.
START = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
YEAR = START.year

# Columns whose values are times or random codes: neither says what a press did.
_VOLATILE = re.compile(
    r"^(at|.*_at|.*_since|not_before|code|code_hash|attempts|last_error|report_done)$"
)
_SKIPPED_TABLES = {"schema_migrations", "audit_log"}
_INVITE_LINK = re.compile(r"start=[A-Za-z0-9_-]+")


@contextlib.contextmanager
def _tokens_in_order() -> Iterator[None]:
    """``secrets.token_hex`` as a counter: the confirmation tokens in callback data (/nam,
    /khaudotpha) come out the same in every run."""
    counter = itertools.count(1)
    original = secrets.token_hex

    def token_hex(nbytes: int | None = None) -> str:
        return f"{next(counter):0{2 * (nbytes or 32)}x}"

    secrets.token_hex = token_hex
    try:
        yield
    finally:
        secrets.token_hex = original


@contextlib.asynccontextmanager
async def legacy_world(tmp_path: Path) -> AsyncIterator[World]:
    """The e2e ``world`` (the six members of tests.conftest, nobody joined yet) on a clock
    standing at :data:`START`."""
    with _tokens_in_order():
        async with BotSandbox() as sandbox:
            settings = load_settings(
                api_base_url=sandbox.base_url,
                database=tmp_path / "bot.sqlite3",
                bot_username=sandbox.bot_username,
                language="vi",
                approval_digest_minutes=1440,  # digests only when a scenario asks for them
            )
            clock = FixedClock(START)
            application = build_application(settings, TOKEN, clock=clock)
            sandbox.application = application
            async with running(application, poll_timeout=1):
                services = application.bot_data.services
                assert services is not None
                await services.organisation.init("Đảng bộ Trường Chính trị")
                await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
                world = World(sandbox, application, services, tmp_path / "bot.sqlite3", clock)
                follow_handling(world)
                yield world


def family(data: str) -> str:
    """The family of a callback_data: what comes before its first colon (``tk``, ``rv``…)."""
    return data.partition(":")[0]


# --- what a press does ---------------------------------------------------------------------


def _message_state(message: SentMessage) -> dict[str, Any]:
    state: dict[str, Any] = {"text": _INVITE_LINK.sub("start=…", message.content)}
    buttons = [[b.text, b.callback_data or b.url] for b in message.buttons()]
    if buttons:
        state["buttons"] = buttons
    if message.document:
        state["document"] = message.document.get("file_name")
    if message.deleted:
        state["deleted"] = True
    return state


def _table_rows(conn: sqlite3.Connection, table: str, columns: list[str]) -> Counter[str]:
    quoted = ", ".join(f'"{c}"' for c in columns)
    return Counter(
        json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, sort_keys=True)
        for row in conn.execute(f'SELECT {quoted} FROM "{table}"')
    )


def schema(database: Path) -> dict[str, list[str]]:
    """The tables and columns a press is judged on."""
    with contextlib.closing(sqlite3.connect(database)) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            if name not in _SKIPPED_TABLES
        ]
        return {
            table: [
                c[1]
                for c in conn.execute(f'PRAGMA table_info("{table}")')
                if not _VOLATILE.match(c[1])
            ]
            for table in tables
        }


@dataclass
class Snapshot:
    messages: dict[tuple[str, int], dict[str, Any]]
    rows: dict[str, Counter[str]]
    answers: int


@dataclass
class Session:
    """One scenario's run, recording or replaying (``recorded`` is then its presses)."""

    world: World
    columns: dict[str, list[str]]
    recorded: list[dict[str, Any]] | None = None
    presses: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    recorded_outbox: list[dict[str, Any]] | None = None
    people: dict[str, SandboxUser] = field(default_factory=dict)
    groups: dict[str, int] = field(default_factory=dict)

    @property
    def replaying(self) -> bool:
        return self.recorded is not None

    async def join(self, member_code: str, name: str, language_code: str = "vi") -> SandboxUser:
        user = await self.world.join(member_code, name, language_code)
        self.people[name] = user
        return user

    async def say(self, who: str, text: str) -> SentMessage:
        """Write as ``who``; the bot's first answer, once it is done with everything it did."""
        answer = await self.world.say(self.people[who], text)
        await self.world.all_handled()
        await self.world.sandbox.wait_until_idle(quiet=0.2 if self.replaying else 0.4)
        await outbox_drained(self.world)
        return answer

    def _chats(self) -> dict[int, str]:
        chats = {user.id: name for name, user in self.people.items()}
        chats.update({chat: name for name, chat in self.groups.items()})
        return chats

    def _snapshot(self) -> Snapshot:
        messages = {
            (name, m.message_id): _message_state(m)
            for chat, name in self._chats().items()
            for m in self.world.sandbox.messages(chat)
        }
        with contextlib.closing(sqlite3.connect(self.world.database)) as conn:
            rows = {t: _table_rows(conn, t, c) for t, c in self.columns.items()}
        return Snapshot(messages, rows, len(self.world.sandbox.callback_answers))

    def _result(
        self, before: Snapshot, after: Snapshot, pressed: tuple[str, int]
    ) -> dict[str, Any]:
        answers = [
            {"text": a.get("text"), "show_alert": bool(a.get("show_alert"))}
            for a in self.world.sandbox.callback_answers[before.answers :]
        ]
        changed = []
        for key, state in after.messages.items():
            if before.messages.get(key) == state:
                continue
            where = "pressed" if key == pressed else "earlier" if key in before.messages else "new"
            changed.append({"to": key[0], "message": where, **state})
        changed.sort(key=lambda m: (m["to"], m["message"], m["text"]))
        rows: dict[str, dict[str, list[Any]]] = {}
        for table, now in after.rows.items():
            was = before.rows.get(table, Counter())
            added, removed = now - was, was - now
            if added or removed:
                rows[table] = {
                    "added": [json.loads(r) for r in sorted(added.elements())],
                    "removed": [json.loads(r) for r in sorted(removed.elements())],
                }
        return {"answers": answers, "messages": changed, "rows": rows}

    async def press(
        self,
        who: str,
        message: SentMessage,
        button: int | str,
        what: str,
        settled: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        """Press ``button`` (by text or index, on the message as it stands now) as ``who``:
        recording, its callback_data; replaying, the one recorded at this step. Returns what
        the press did (and checks, replaying, that it did what it did when recorded). With
        ``settled``, what it did is read once that holds (a report that edits itself)."""
        user = self.people[who]
        step = len(self.presses)
        if self.recorded is not None:
            assert step < len(self.recorded), f"press {step} ({what}) was not recorded"
            expected = self.recorded[step]
            assert expected["what"] == what, (expected["what"], what)
            data = expected["data"]
        else:
            current = self.now_shown(message)
            buttons = current.buttons()
            chosen = (
                buttons[button]
                if isinstance(button, int)
                else next((b for b in buttons if b.text == button), None)
            )
            if chosen is None or chosen.callback_data is None:
                raise ValueError(f"no button {button!r} on\n{current.describe()}")
            data = chosen.callback_data
        return await self._press_data(user, who, message, data, what, settled)

    async def press_data(
        self, who: str, message: SentMessage, data: str, what: str
    ) -> dict[str, Any]:
        """Press callback_data that no button carries (stale or forged), recorded as such."""
        if self.recorded is not None:
            expected = self.recorded[len(self.presses)]
            assert (expected["what"], expected["data"]) == (what, data)
        return await self._press_data(self.people[who], who, message, data, what)

    async def _press_data(
        self,
        user: SandboxUser,
        who: str,
        message: SentMessage,
        data: str,
        what: str,
        settled: Callable[[], bool] | None = None,
    ) -> dict[str, Any]:
        before = self._snapshot()
        query_id = await self.world.sandbox.press_callback(
            user, message.message_id, data, message.chat_id
        )
        with contextlib.suppress(TimeoutError):
            await eventually(lambda: query_id in self.world.handled, timeout=10.0)
        await self.world.all_handled()
        # Recording: a longer lull, so that nothing the press does comes after it is read.
        await self.world.sandbox.wait_until_idle(quiet=0.1 if self.replaying else 0.4)
        await outbox_drained(self.world)
        if settled is not None:
            await eventually(settled, timeout=15.0)
            await self.world.sandbox.wait_until_idle(quiet=0.1)
        pressed = (self._chats()[message.chat_id], message.message_id)
        result = self._result(before, self._snapshot(), pressed)
        press = {"family": family(data), "what": what, "who": who, "data": data, "result": result}
        if self.recorded is not None:
            expected = self.recorded[len(self.presses)]
            # A busy machine may pause between the answer to the press and an edit after it:
            # what was recorded may take a moment longer to be done.
            deadline = asyncio.get_running_loop().time() + 5.0
            while press != expected and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.1)
                await outbox_drained(self.world)
                press["result"] = result = self._result(before, self._snapshot(), pressed)
            assert press == expected, _explain(expected, press)
        self.presses.append(press)
        return result

    def now_shown(self, message: SentMessage) -> SentMessage:
        return next(
            m
            for m in self.world.sandbox.messages(message.chat_id)
            if m.message_id == message.message_id
        )

    def last(self, who: str) -> SentMessage:
        found = self.world.sandbox.last_message(self.people[who].id)
        assert found is not None
        return found

    # --- keyboards queued in the outbox ----------------------------------------------------

    def queued(self, purpose: str) -> list[dict[str, Any]]:
        """Recording: the outbox rows of ``purpose`` as stored, kept for the fixture.
        Replaying: the recorded rows, put back into the outbox as they were queued then."""
        columns = [
            "idempotency_key", "purpose", "source_id", "member_id", "chat_id", "chat_kind",
            "text", "keyboard", "file_id", "file_kind", "priority", "not_before", "expires_at",
            "created_at",
        ]  # fmt: skip
        if self.recorded_outbox is not None:
            rows = [r for r in self.recorded_outbox if r["purpose"] == purpose]
            with contextlib.closing(sqlite3.connect(self.world.database, timeout=10)) as conn:
                conn.executemany(
                    f"INSERT INTO outbox ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' for _ in columns)})",
                    [[r[c] for c in columns] for r in rows],
                )
                conn.commit()
        else:
            # Whether the sender took them already or not: every row of ``purpose`` not kept yet.
            kept = {r["idempotency_key"] for r in self.outbox}
            with contextlib.closing(sqlite3.connect(self.world.database)) as conn:
                conn.row_factory = sqlite3.Row
                rows = [
                    {c: r[c] for c in columns}
                    for r in conn.execute(
                        f"SELECT {', '.join(columns)} FROM outbox WHERE purpose = ? ORDER BY id",
                        (purpose,),
                    )
                    if r["idempotency_key"] not in kept
                ]
        self.outbox += rows
        return rows


def _explain(expected: dict[str, Any], got: dict[str, Any]) -> str:
    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True)

    return (
        f"pressing {expected['data']!r} ({expected['what']}) as {expected['who']} did not do what"
        f" it did when recorded.\nrecorded:\n{dump(expected)}\nnow:\n{dump(got)}"
    )
