"""Pages planned on the longest each block can be: where :func:`paginate` would cut blocks of
those lengths, and a page of the committee's overview fits whatever its figures."""

from __future__ import annotations

import html
import random
import sqlite3
from pathlib import Path

from bot.domain.model import Member, MemberKind
from bot.domain.reports import CellProgress, Headcount, Unregistered
from bot.domain.study_figures import Share, StudyFigures
from bot.domain.tasks import TaskStatus
from bot.i18n import translator
from handlers.kit.pages import PAGE_SIZE, paginate, plan, utf16_len
from handlers.tasks import overview_render, unregistered_pages
from handlers.tasks import progress_render as render
from storage.database import SqliteDatabase


def test_pages_hold_whole_blocks_up_to_the_limit() -> None:
    # 10 + 1 + 10 + 1 + 10 = 32: three blocks fill a page of 32.
    assert plan([10] * 5, limit=32) == [range(0, 3), range(3, 5)]
    assert plan([10] * 5, limit=31) == [range(0, 2), range(2, 4), range(4, 5)]
    assert plan([], limit=32) == [range(0, 0)]
    # A block longer than a page gets one of its own.
    assert plan([5, 40, 5], limit=32) == [range(0, 1), range(1, 2), range(2, 3)]


def test_the_plan_cuts_where_paginate_cuts() -> None:
    rng = random.Random(15)
    for _ in range(200):
        sizes = [rng.randint(1, 120) for _ in range(rng.randint(1, 80))]
        blocks = ["x" * size for size in sizes]
        pages = paginate(blocks, limit=400)
        assert ["\n".join(blocks[i] for i in page) for page in plan(sizes, 400)] == pages


def test_a_cells_line_is_never_longer_than_planned() -> None:
    t = translator("vi", "vi")
    name = "Chi bộ " + "Khoa Lý luận cơ sở & <Nhà nước> " * 3
    statuses = {status: 1_234_567 for status in TaskStatus}
    for party, non_party in ((Headcount(), Headcount()), (Headcount(3, 1), Headcount(9_999, 1))):
        cell = CellProgress(7, name, party, non_party, statuses, overdue=987_654)
        assert utf16_len(overview_render.cell_line(cell, t)) <= overview_render.cell_line_room(t)(
            name
        )


def test_the_heading_fits_its_room() -> None:
    t = translator("vi", "vi")
    whole = CellProgress(
        0,
        "Đảng bộ " + "Trường Chính trị tỉnh & <thành phố> " * 3,
        Headcount(1_234_567, 333_333),
        Headcount(999_999, 1),
        {status: 9_999_999 for status in TaskStatus},
        overdue=9_999_999,
    )
    study = StudyFigures(9_999, Share(1_234_567, 9_999_999), Share(333_333, 9_999_999))
    heading = overview_render.organisation_heading(2026, whole, study, t)
    assert utf16_len(heading) <= overview_render.HEADING_ROOM < PAGE_SIZE // 2


def test_a_line_of_names_is_never_longer_than_planned() -> None:
    t = translator("vi", "vi")
    names = [f"Nguyễn Thị & <Ánh> 😀 {n}" for n in range(60)]
    longest = max(utf16_len(html.escape(name)) for name in names)
    members = [Member(n, name, 1, MemberKind.FULL) for n, name in enumerate(names)]
    lines = render.unregistered_lines(
        Unregistered(CellProgress(1, "Liên khoa", Headcount(60, 0)), members, []), t
    )[1:]
    label = utf16_len(t(render.PARTY_NAMES, names=""))
    rooms = unregistered_pages._name_line_rooms(len(names), label, longest)
    assert len(rooms) == len(lines) == 3
    assert all(utf16_len(line) <= room for line, room in zip(lines, rooms, strict=True))


async def test_the_room_read_for_names_is_never_less_than_they_take(tmp_path: Path) -> None:
    names = ["Nguyễn Thị Ánh", "Lê & Trần <Hà>", "Đặng 😀 Ơn", 'Hồ "Quote" Ý', "Ngô Văn O'Neil"]
    path = tmp_path / "names.sqlite3"
    db = await SqliteDatabase.open(path)
    await db.close()
    with sqlite3.connect(path) as conn:
        now = "2026-01-01T00:00:00.000000Z"
        conn.execute(
            "INSERT INTO units (id, parent_id, kind, name, name_key, created_at)"
            " VALUES (1, NULL, 'party_committee', 'Đảng bộ', 'dang bo', ?),"
            " (2, 1, 'cell', 'Liên khoa', 'lien khoa', ?), (3, 1, 'cell', 'Khoa B', 'khoa b', ?)",
            (now, now, now),
        )
        conn.executemany(
            "INSERT INTO members (full_name, cell_id, kind, status, created_at, updated_at)"
            " VALUES (?, ?, 'full', 'active', ?, ?)",
            [(name, 2 + n % 2, now, now) for n, name in enumerate(names)],
        )
    db = await SqliteDatabase.open(path)
    try:
        async with db.read() as uow:
            figures = await uow.progress.registration_by_cell(2026)
    finally:
        await db.close()
    room = {cell.cell_id: longest for cell, longest in figures}
    for n, name in enumerate(names):
        assert utf16_len(html.escape(name)) <= room[2 + n % 2], name
    assert [cell.party.unregistered for cell, _ in figures] == [3, 2]
