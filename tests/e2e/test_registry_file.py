"""The registry download (/congkhai → Tải Excel) as a secretary opens it in Excel: what members
typed (names, titles, products) is text, never a formula that runs."""

from __future__ import annotations

import asyncio
import os
import time
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.model import Channel
from bot.domain.tasks import TaskDraft
from bot.worker import WorkerProcess
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World, eventually

NAME = '=HYPERLINK("http://evil.example/?x=1";"Bấm vào đây")'
TITLE = "+SUM(1;2)"
PRODUCT = "@SUM(A1:A9) -2+3+cmd|' /C calc'!A0"


async def test_what_members_typed_is_text_in_the_downloaded_registry(
    world: World, tmp_path: Path
) -> None:
    await world.open_year(approval=False)
    extra = [[NAME, "Liên khoa", "Đảng viên chính thức", "", "X1"]]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", MEMBERS + extra)
    )
    member = await world.join("X1")
    who = await world.services.membership.identify(Channel.TELEGRAM, str(member.id))
    assert who is not None
    deadline = date(world.services.reports.today().year, 12, 31)
    await world.services.tasks.register(who, TaskDraft(TITLE, PRODUCT, deadline))
    await world.services.tasks.register(who, TaskDraft("-Số hóa hồ sơ", "Phần mềm", deadline))

    secretary = await world.join("B1")
    registry = await world.say(secretary, "/congkhai")
    await world.press(secretary, registry, "Tải Excel")
    [sent] = [m for m in world.sandbox.messages(secretary.id) if m.document]
    assert sent.document is not None
    file = await world.app.bot.get_file(sent.document["file_id"])
    book = load_workbook(BytesIO(bytes(await file.download_as_bytearray())))
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows(min_row=2))
    assert [[c.value for c in row[:4]] for row in rows] == [
        ["'" + NAME, "Liên khoa", "'" + TITLE, "'" + PRODUCT],
        ["'" + NAME, "Liên khoa", "'-Số hóa hồ sơ", "Phần mềm"],
    ]
    assert {c.data_type for row in rows for c in row[:4]} == {"s"}
    # The figures stay numbers and dates.
    assert [(row[4].is_date, row[6].data_type) for row in rows] == [(True, "n"), (True, "n")]


async def test_the_file_is_made_in_the_worker_process_while_members_are_answered(
    world: World,
) -> None:
    """The whole registry's spreadsheet is CPU work: the bot makes it in its worker process,
    which reads the tasks itself, and a member asking meanwhile is answered at once."""
    await world.open_year(approval=False)
    owner = await world.join("A1")
    who = await world.services.membership.identify(Channel.TELEGRAM, str(owner.id))
    assert who is not None
    deadline = date(world.services.reports.today().year, 12, 31)
    await world.services.tasks.register(who, TaskDraft("Số hóa hồ sơ", "Phần mềm", deadline))
    secretary = await world.join("B1")
    worker = world.services.offload
    assert isinstance(worker, WorkerProcess)
    assert await worker.pid() != os.getpid()  # another process, started on first use

    # The worker busy with something else for a while: the file waits for it, nobody else.
    busy = asyncio.create_task(worker.run(time.sleep, 6.0))
    sent_when_freed: list[bool] = []
    busy.add_done_callback(
        lambda _: sent_when_freed.append(
            any(m.document for m in world.sandbox.messages(secretary.id))
        )
    )
    registry = await world.say(secretary, "/congkhai")
    await world.sandbox.press_button(secretary, registry, "Tải Excel")
    await world.sandbox.wait_for_message(
        secretary.id, lambda m: "⏳" in (m.text or ""), after=registry.message_id
    )
    answer = await world.say(owner, "/trogiup")
    assert "/congkhai" in (answer.text or "")
    assert not busy.done()  # answered while the worker was still busy
    assert not [m for m in world.sandbox.messages(secretary.id) if m.document]

    await busy
    await eventually(
        lambda: any(m.document for m in world.sandbox.messages(secretary.id)), timeout=20
    )
    assert sent_when_freed == [False]  # made once the worker was free: made there
    assert worker.calls == 2  # the sleep, then the file
    [sent] = [m for m in world.sandbox.messages(secretary.id) if m.document]
    assert sent.document is not None
    file = await world.app.bot.get_file(sent.document["file_id"])
    book = load_workbook(BytesIO(bytes(await file.download_as_bytearray())))
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in next(sheet.iter_rows(min_row=2))][2:4] == ["Số hóa hồ sơ", "Phần mềm"]
    await eventually(
        lambda: any("✅" in (m.text or "") for m in world.sandbox.messages(secretary.id))
    )
