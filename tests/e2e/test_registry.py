"""/congkhai through the sandbox: every approved task, grouped by cell, paged under Telegram's
4,096 characters, filtered by cell, and as an .xlsx file for secretaries only."""

from __future__ import annotations

import sqlite3
from datetime import date
from io import BytesIO

from openpyxl import load_workbook

from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World

NEXT, PREVIOUS = "Tiếp ▶", "◀ Trước"
PRODUCT = "Sản phẩm cụ thể: " + "bài giảng điện tử có kịch bản, học liệu và câu hỏi ôn tập; " * 4


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


async def register_many(world: World, who: Identity, titles: list[str]) -> None:
    deadline = date(world.services.reports.today().year, 12, 31)
    for title in titles:
        await world.services.tasks.register(who, TaskDraft(title, PRODUCT, deadline))


def current(world: World, message: SentMessage) -> SentMessage:
    """The message as it stands after edits."""
    [found] = [
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    ]
    return found


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def test_sixty_tasks_of_a_cell_are_paged_under_the_limit(world: World) -> None:
    await world.open_year(approval=False, max_tasks=20)
    users = [await world.join(code) for code in ("A1", "A2", "A3")]
    titles = [
        f"Việc số {n:02d}: đổi mới nội dung, phương pháp giảng dạy lý luận" for n in range(60)
    ]
    for i, user in enumerate(users):
        await register_many(world, await identity(world, user), titles[i * 20 : (i + 1) * 20])
    other = await world.join("B2")
    await register_many(world, await identity(world, other), ["Số hóa hồ sơ đảng viên"])
    with sqlite3.connect(world.database) as conn:
        (public,) = conn.execute(
            "SELECT count(*) FROM tasks WHERE status = 'in_progress'"
        ).fetchone()
    assert public == 61

    reader = users[1]
    page = await world.say(reader, "/congkhai")
    pages = [page.text or ""]
    while NEXT in [b.text for b in page.buttons()]:
        assert all(len((b.callback_data or "").encode()) <= 64 for b in page.buttons())
        await world.press(reader, page, NEXT)
        page = current(world, page)
        pages.append(page.text or "")

    assert len(pages) > 2
    assert all(utf16(text) <= 4096 for text in pages)
    everything = "\n".join(pages)
    assert all(everything.count(f"Việc số {n:02d}:") == 1 for n in range(60))
    assert "Số hóa hồ sơ đảng viên" in pages[-1]
    # Whole entries only, each page under its cell's heading.
    assert all(text.count("Sản phẩm:") == text.count("Hạn ") for text in pages)
    assert pages[1].startswith("Công khai công việc bứt phá năm")
    assert "Chi bộ Phòng Đào tạo (tiếp)" in pages[1]
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert PREVIOUS in [b.text for b in page.buttons()]
    # A plain member gets no spreadsheet button.
    assert "Tải Excel" not in [b.text for b in page.buttons()]

    # The cell filter: a button, then the cell.
    await world.press(reader, page, "Chọn chi bộ")
    picker = current(world, page)
    assert [b.text for b in picker.buttons()] == ["Tất cả chi bộ", "Phòng Đào tạo", "Liên khoa"]
    await world.press(reader, picker, "Liên khoa")
    filtered = current(world, page)
    assert "Số hóa hồ sơ đảng viên" in (filtered.text or "")
    assert "Việc số" not in (filtered.text or "") and "— Chi bộ Liên khoa" in (filtered.text or "")
    # Or by name, without diacritics.
    named = await world.say(reader, "/congkhai lien khoa")
    assert named.text == filtered.text


async def test_the_spreadsheet_for_a_secretary_not_for_a_member(world: World) -> None:
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    member = await world.join("A2")
    await register_many(
        world, await identity(world, member), ["Viết giáo trình", "Đề tài khoa học"]
    )

    registry = await world.say(secretary, "/congkhai")
    await world.press(secretary, registry, "Tải Excel")
    [sent] = [m for m in world.sandbox.messages(secretary.id) if m.document]
    year = world.services.reports.today().year
    # Made off the event loop: a message says so first, and is edited once the file is sent.
    [progress] = [
        m for m in world.sandbox.messages(secretary.id) if "Tệp đã sẵn sàng" in (m.text or "")
    ]
    assert progress.text == f"✅ Tệp đã sẵn sàng: cong-khai-{year}.xlsx"
    assert progress.message_id < sent.message_id
    assert sent.document is not None and sent.document["file_name"] == f"cong-khai-{year}.xlsx"
    file = await world.app.bot.get_file(sent.document["file_id"])
    book = load_workbook(BytesIO(bytes(await file.download_as_bytearray())))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0] == (
        "Họ và tên",
        "Chi bộ",
        "Công việc",
        "Sản phẩm",
        "Thời hạn",
        "Trạng thái",
        "Tiến độ (%)",
    )
    assert [(r[0], r[1], r[2], r[5], r[6]) for r in rows[1:]] == [
        ("Trần Thị Bình", "Phòng Đào tạo", "Viết giáo trình", "đang thực hiện", 0),
        ("Trần Thị Bình", "Phòng Đào tạo", "Đề tài khoa học", "đang thực hiện", 0),
    ]

    # A member has no button; a forged one is refused and nothing is sent.
    mine = await world.say(member, "/congkhai")
    assert "Tải Excel" not in [b.text for b in mine.buttons()]
    await world.sandbox.press_callback(member, mine.message_id, "pub:x:0")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == (
        "Chỉ bí thư chi bộ và Đảng ủy mới tải được tệp này."
    )
    assert not any(m.document for m in world.sandbox.messages(member.id))


async def test_an_empty_registry_says_so(world: World) -> None:
    await world.open_year()
    member = await world.join("A2")
    answer = await world.say(member, "/public")
    assert "Chưa có công việc nào được duyệt." in (answer.text or "")
