"""The year by chat (/nam, /khaudotpha, /molai) and collective tasks (/viectapthe): the committee
and secretaries may, plain members may not, and the database shows it."""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.sandbox.models import SentMessage
from tests.e2e.conftest import World, outbox_drained


def _rows(world: World, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql, params))


def _text(message: SentMessage) -> str:
    return message.text or ""


async def test_anyone_sees_the_year_and_the_committee_sets_it(world: World) -> None:
    member = await world.join("A2")
    committee = await world.join("B3")
    nothing = await world.say(member, "/nam")
    assert _text(nothing) == "Đảng ủy chưa thiết lập công việc bứt phá của năm nay."

    refused = await world.say(
        member, "/nam 2020 | Bứt phá về đích | 01/01/2020 | 31/03/2020 | 5 | có"
    )
    assert _text(refused) == "Chỉ Đảng ủy mới thiết lập được kế hoạch năm."
    assert _rows(world, "SELECT year FROM years") == []

    bad_date = await world.say(committee, "/nam 2020 | Bứt phá về đích | đầu xuân | 31/03/2020")
    assert "không đọc được ngày đầu xuân" in _text(bad_date)
    assert "Ví dụ: /nam" in _text(bad_date)
    backwards = await world.say(committee, "/nam 2020 | Bứt phá | 31/03/2020 | 01/01/2020")
    assert _text(backwards) == "Ngày mở đăng ký phải trước ngày đóng."

    saved = await world.say(
        committee, "/year 2020 | Bứt phá về đích | 01/01/2020 | 2020-03-31 | 3 | không"
    )
    assert "Đã lưu." in _text(saved) and "Năm 2020: Bứt phá về đích" in _text(saved)
    assert _rows(
        world,
        "SELECT year, theme, opens, closes, max_tasks, approval_required, is_current FROM years",
    ) == [(2020, "Bứt phá về đích", "2020-01-01", "2020-03-31", 3, 0, 1)]

    shown = await world.say(member, "/nam")
    assert _text(shown).splitlines() == [
        "Năm 2020: Bứt phá về đích",
        "Thời gian đăng ký: 01/01/2020 – 31/03/2020",
        "Mỗi người đăng ký tối đa 3 công việc",
        "Bí thư chi bộ duyệt: không",
        "Khâu đột phá: chưa có",
    ]
    # The committee also sees how to change it.
    assert "Để thay đổi" in _text(await world.say(committee, "/nam"))


async def test_the_committee_sets_the_areas_and_keeps_the_rest(world: World) -> None:
    year = await world.open_year(approval=False, max_tasks=4)
    member = await world.join("A2")
    committee = await world.join("B3")
    refused = await world.say(member, "/khaudotpha Khâu 1; Khâu 2")
    assert _text(refused) == "Chỉ Đảng ủy mới thiết lập được kế hoạch năm."
    usage = await world.say(committee, "/khaudotpha")
    assert "cách nhau bằng dấu ;" in _text(usage) and "Ví dụ: /khaudotpha" in _text(usage)
    saved = await world.say(
        committee, "/areas Chất lượng đào tạo; Nghiên cứu khoa học;  Chuyển đổi số "
    )
    assert "1. Chất lượng đào tạo" in _text(saved) and "3. Chuyển đổi số" in _text(saved)
    assert _rows(world, "SELECT name FROM areas WHERE position < 1000 ORDER BY position") == [
        ("Chất lượng đào tạo",),
        ("Nghiên cứu khoa học",),
        ("Chuyển đổi số",),
    ]
    assert _rows(world, "SELECT year, max_tasks, approval_required FROM years") == [(year, 4, 0)]
    # A member registering now is asked for the area.
    await world.say(member, "/dangky")
    await world.say(member, "Viết giáo trình")
    await world.say(member, "01 giáo trình")
    area_step = await world.say(member, "30/11")
    assert len(area_step.buttons()) == 3


async def test_the_committee_reopens_registration_for_one_member(world: World) -> None:
    year = await world.open_year(open_now=False)
    member = await world.join("A2")
    committee = await world.join("B3")
    closed = await world.say(member, "/dangky")
    assert "chỉ mở từ" in _text(closed)

    refused = await world.say(member, f"/molai A2 | 31/12/{year}")
    assert _text(refused) == "Chỉ bí thư chi bộ và Đảng ủy mới mở lại được việc đăng ký."
    ambiguous = await world.say(committee, f"/molai Văn | 31/12/{year}")
    assert "Có nhiều người khớp với Văn" in _text(ambiguous) and "(A1)" in _text(ambiguous)
    unknown = await world.say(committee, f"/molai Không Ai | 31/12/{year}")
    assert _text(unknown) == "Không có ai có mã hoặc họ tên Không Ai."
    usage = await world.say(committee, "/molai A2")
    assert "Ví dụ: /molai" in _text(usage)

    done = await world.say(committee, f"/reopen tran thi binh | 31/12/{year}")
    assert _text(done) == f"Đã mở lại đăng ký cho đồng chí Trần Thị Bình đến hết ngày 31/12/{year}."
    assert _rows(
        world,
        "SELECT m.member_code, r.until FROM registration_reopenings r"
        " JOIN members m ON m.id = r.member_id",
    ) == [("A2", f"{year}-12-31")]
    await outbox_drained(world)  # the member is told first
    opened = await world.say(member, "/dangky")
    assert "Bước 1/3" in _text(opened)
    # Only for that member.
    other = await world.join("A3")
    assert "chỉ mở từ" in _text(await world.say(other, "/dangky"))


async def test_collective_tasks_are_added_by_secretary_and_committee_and_listed(
    world: World,
) -> None:
    year = await world.open_year()
    secretary = await world.join("A1")
    member = await world.join("A2")
    committee = await world.join("B3")

    empty = await world.say(member, "/viectapthe")
    assert "Chưa có việc tập thể nào." in _text(empty) and "Ví dụ: /viectapthe" in _text(empty)

    refused = await world.say(member, "/viectapthe Sinh hoạt chuyên đề | 12 buổi | 31/12 | A2")
    assert "Chỉ bí thư của đơn vị hoặc Đảng ủy" in _text(refused)
    other_cell = await world.say(
        secretary, "/viectapthe Sinh hoạt chuyên đề | 12 buổi | 31/12 | B2"
    )
    assert "Hoàng Văn Em không phải là thành viên của chi bộ này." in _text(other_cell)
    bad = await world.say(secretary, "/viectapthe Sinh hoạt chuyên đề | 12 buổi | 31/12")
    assert "mã người phụ trách" in _text(bad) and "Ví dụ: /viectapthe" in _text(bad)

    cell_task = await world.say(
        secretary, "/viectapthe Sinh hoạt chuyên đề hằng tháng | 12 buổi có biên bản | 31/12 | A2"
    )
    assert "Phòng Đào tạo" in _text(cell_task) and "Trần Thị Bình" in _text(cell_task)
    work_item = await world.say(
        committee, "/collective Tổng kết năm | 01 báo cáo tổng kết | quý 4 | Võ Thị Giang"
    )
    assert "Đảng bộ Trường Chính trị" in _text(work_item)

    rows = _rows(
        world,
        "SELECT t.title, u.name, m.member_code, t.deadline, t.status, t.owner_member_id"
        " FROM tasks t JOIN units u ON u.id = t.owner_unit_id"
        " JOIN members m ON m.id = t.responsible_member_id ORDER BY t.id",
    )
    assert rows == [
        (
            "Sinh hoạt chuyên đề hằng tháng",
            "Phòng Đào tạo",
            "A2",
            f"{year}-12-31",
            "in_progress",
            None,
        ),
        ("Tổng kết năm", "Đảng bộ Trường Chính trị", "B3", f"{year}-12-31", "in_progress", None),
    ]

    listed = await world.say(member, "/viectapthe")
    lines = _text(listed).splitlines()
    assert lines[0] == "Việc tập thể và đầu việc của Đảng ủy"
    cell_at, root_at = lines.index("Phòng Đào tạo"), lines.index("Đảng bộ Trường Chính trị")
    assert lines[cell_at + 1] == f"1. Sinh hoạt chuyên đề hằng tháng — hạn 31/12/{year}, đạt 0%"
    assert lines[root_at + 1] == f"1. Tổng kết năm — hạn 31/12/{year}, đạt 0%"
    # Personal tasks are not in this list.
    await world.say(member, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    assert "Viết giáo trình" not in _text(await world.say(member, "/viectapthe"))
