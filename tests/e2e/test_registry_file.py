"""The registry download (/congkhai → Tải Excel) as a secretary opens it in Excel: what members
typed (names, titles, products) is text, never a formula that runs."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.model import Channel
from bot.domain.tasks import TaskDraft
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World

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
