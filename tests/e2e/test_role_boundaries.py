"""Two roles at their edges. An inspector observes: they see who in a cell has not registered,
but reminding them is the cell secretary's (and the committee's). An admin is the technical
operator: they invite and help everywhere, but the committee's decisions — approving tasks,
setting the year and its areas, reopening registration, the committee's work items — are not
theirs."""

from __future__ import annotations

import sqlite3
from datetime import date

from bot.sandbox.models import SandboxUser
from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import register


def _rows(world: World, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql, params))


def _grant(world: World, member_code: str, role: str) -> None:
    [(member,)] = _rows(world, "SELECT id FROM members WHERE member_code = ?", member_code)
    [(root,)] = _rows(world, "SELECT id FROM units WHERE parent_id IS NULL")
    with sqlite3.connect(world.database) as conn:
        conn.execute(
            "INSERT INTO roles (member_id, role, unit_id, granted_at)"
            " VALUES (?, ?, ?, '2026-01-01T00:00:00Z')",
            (member, role, root),
        )


async def _press(world: World, user: SandboxUser, data: str) -> dict[str, object]:
    seen = len(world.sandbox.callback_answers)
    message = world.sandbox.messages(user.id)[-1]
    await world.sandbox.press_callback(user, message.message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    await world.sandbox.wait_until_idle(quiet=0.1)
    return world.sandbox.callback_answers[-1]


async def test_an_inspector_sees_who_has_not_registered_but_does_not_remind_them(
    world: World,
) -> None:
    await world.open_year()
    _grant(world, "B2", "inspector")
    inspector = await world.join("B2")
    await world.join("A2")  # linked, not registered: someone a reminder could reach
    [(cell,)] = _rows(world, "SELECT id FROM units WHERE name = 'Phòng Đào tạo'")
    report = await world.say(inspector, "/tiendo Phòng Đào tạo")
    assert "Trần Thị Bình" in (report.text or "")  # the names: theirs to see
    assert not any("Nhắc" in b.text for b in report.buttons())  # no button to remind
    answer = await _press(world, inspector, f"prg:n:{cell}")
    assert answer["show_alert"]
    assert answer["text"] == (
        "Chỉ bí thư chi bộ và Đảng ủy nhắc người trong chi bộ đăng ký; Ủy ban Kiểm tra "
        "xem danh sách."
    )
    assert _rows(world, "SELECT count(*) FROM outbox") == [(0,)]
    assert _rows(world, "SELECT count(*) FROM audit_log WHERE event = 'refused'") == [(1,)]
    # The cell's secretary does remind them.
    secretary = await world.join("A1")
    report = await world.say(secretary, "/tiendo")
    assert any("Nhắc" in b.text for b in report.buttons())


async def test_an_admin_operates_but_does_not_decide(world: World) -> None:
    year = await world.open_year(approval=True)
    _grant(world, "A3", "admin")
    admin = await world.join("A3")
    binh = await world.join("A2")
    task = await register(world, binh, "Viết giáo trình", date(year, 11, 30))
    refused = [
        await world.say(admin, "/duyet"),
        await world.say(admin, f"/nam {year} | Bứt phá | 01/01/{year} | 31/12/{year} | 5 | có"),
        await world.say(admin, "/khaudotpha Chuyển đổi số; Cải cách hành chính"),
        await world.say(admin, f"/molai Trần Thị Bình | 31/12/{year}"),
        await world.say(admin, f"/viectapthe Sửa phòng họp | Phòng mới | 30/11/{year} | A2"),
    ]
    assert all("Chào mừng" not in (r.text or "") for r in refused)
    answer = await _press(world, admin, f"ap:y:{task}")
    assert answer["show_alert"]
    assert _rows(world, "SELECT status FROM tasks WHERE id = ?", task) == [("submitted",)]
    [(theme,)] = _rows(world, "SELECT theme FROM years WHERE year = ?", year)
    assert theme == "Bứt phá về đích"
    assert _rows(world, "SELECT count(*) FROM registration_reopenings") == [(0,)]
    assert _rows(world, "SELECT count(*) FROM tasks WHERE owner_member_id IS NULL") == [(0,)]
    refusals = _rows(world, "SELECT count(*) FROM audit_log WHERE event LIKE '%refused%'")
    assert refusals[0][0] >= 6
    # Operating is theirs: an invite for a member not yet linked.
    invite = await world.say(admin, "/moi")
    assert invite.buttons()
    # The committee decides.
    committee = await world.join("B3")
    listing = await world.say(committee, "/duyet")
    assert "Viết giáo trình" in (listing.text or "")
