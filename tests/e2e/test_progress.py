"""/tiendo and plain questions through the sandbox, with every figure checked against the
database: a member's own summary, a secretary's cell with the reminder button, the committee's
whole organisation."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from bot.domain.model import Channel, Identity
from bot.domain.progress import average_progress
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.formatting import number, short_day
from bot.sandbox.models import SandboxUser
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World, outbox_drained

REMIND = "Nhắc người chưa đăng ký"


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


def year_end(world: World) -> date:
    return date(world.services.reports.today().year, 12, 31)


async def register(world: World, who: Identity, title: str, deadline: date | None = None) -> int:
    draft = TaskDraft(title, "01 sản phẩm được nghiệm thu", deadline or year_end(world))
    return (await world.services.tasks.register(who, draft)).task.id


def query(world: World, sql: str, *params: object) -> tuple[object, ...]:
    with sqlite3.connect(world.database) as conn:
        row = conn.execute(sql, params).fetchone()
    assert row is not None
    return tuple(row)


def text_of(world: World, chat: int) -> list[str]:
    return [m.text or "" for m in world.sandbox.messages(chat)]


async def test_a_member_sees_their_own_summary(world: World) -> None:
    await world.open_year(approval=False)
    user = await world.join("A2")
    me = await identity(world, user)
    done = await register(world, me, "Viết giáo trình")
    half = await register(world, me, "Đổi mới phương pháp giảng dạy")
    late = await register(
        world, me, "Hoàn thành đề tài <cấp cơ sở>", world.services.reports.today()
    )
    await world.services.tasks.finish(me, done, TaskStatus.DONE)
    await world.services.tasks.set_progress(me, half, 30)
    await world.services.tasks.set_progress(me, late, 10)
    world.clock.advance(days=1)  # the last task's deadline has passed

    answer = await world.say(user, "/tiendo")

    today = world.services.reports.today().isoformat()
    owner = "(SELECT id FROM members WHERE member_code = 'A2')"
    tasks, finished, running, overdue = query(
        world,
        "SELECT count(*), sum(status IN ('done', 'exceeded')), sum(status = 'in_progress'),"
        " sum(deadline < ? AND status IN ('submitted', 'returned', 'in_progress'))"
        f" FROM tasks WHERE owner_member_id = {owner} AND status != 'withdrawn'",
        today,
    )
    with sqlite3.connect(world.database) as conn:
        progress = [
            row[0]
            for row in conn.execute(
                f"SELECT progress FROM tasks WHERE owner_member_id = {owner}"
                " AND status != 'withdrawn'"
            )
        ]
    average = number(average_progress(progress), "vi") + "%"
    assert (tasks, finished, running, overdue, average) == (3, 1, 2, 1, "46,67%")
    text = answer.text or ""
    assert f"Số việc: {tasks}\nĐã hoàn thành: {finished}\nĐang thực hiện: {running}" in text
    assert f"Quá hạn: {overdue}\nTiến độ trung bình: {average}" in text
    # Titles are the member's words: escaped in the HTML, intact in what they read.
    assert "Hoàn thành đề tài <cấp cơ sở> — đang thực hiện, 10%" in text
    assert "&lt;cấp cơ sở&gt;" in (answer.html or "")
    assert "quá hạn" in text.split("cấp cơ sở")[1]
    # Without diacritics, or in English words, the same answer.
    for question in ("tien do", "Tiến độ của tôi?", "my progress"):
        again = await world.say(user, question)
        assert again.text == answer.text, question


async def test_a_member_without_tasks_is_pointed_to_registration(world: World) -> None:
    await world.open_year()
    user = await world.join("B2")
    answer = await world.say(user, "/progress")
    assert "chưa đăng ký công việc bứt phá nào" in (answer.text or "")
    assert "/dangky" in (answer.text or "")


async def test_a_secretary_sees_the_cell_and_reminds_once_a_day(world: World) -> None:
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    member = await world.join("A2")
    quiet = await world.join("A3")
    boss = await identity(world, secretary)
    binh = await identity(world, member)
    today = world.services.reports.today()
    await register(world, binh, "Viết bài báo khoa học", today)
    await register(world, binh, "Biên soạn tài liệu")
    cuong = await identity(world, quiet)
    await world.services.tasks.add_collective(
        boss,
        boss.cell.id,
        cuong.member.id,
        TaskDraft("Tổ chức sinh hoạt chuyên đề", "12 buổi có biên bản", year_end(world)),
    )
    world.clock.advance(days=1)

    report = await world.say(secretary, "/tiendo")
    text = report.text or ""

    cell = "(SELECT id FROM units WHERE name = 'Phòng Đào tạo')"
    members, registered = query(
        world,
        "SELECT count(*), sum(EXISTS (SELECT 1 FROM tasks t WHERE t.owner_member_id = m.id"
        f" AND t.status != 'withdrawn')) FROM members m WHERE m.cell_id = {cell}"
        " AND m.status = 'active'",
    )
    assert (registered, members) == (1, 3)
    # Bình is a party member (probationary), Cường is not: the two figures apart.
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in text
    (personal,) = query(
        world,
        "SELECT count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
        f" WHERE m.cell_id = {cell}",
    )
    assert f"Số việc đã đăng ký: {personal} (đang thực hiện {personal})" in text
    assert f"Viết bài báo khoa học — Trần Thị Bình, hạn {short_day(today, 'vi')}" in text
    assert (
        "Chưa đăng ký (2): đảng viên 1 · quần chúng 1\n"
        "Đảng viên: Nguyễn Văn An\nQuần chúng: Lê Văn Cường"
    ) in text
    assert "Việc tập thể của chi bộ\n• Tổ chức sinh hoạt chuyên đề" in text
    assert [b.text for b in report.buttons()] == [REMIND]

    def reminders(user: SandboxUser) -> list[str]:
        return [t for t in text_of(world, user.id) if "/dangky" in t and "Kính gửi" in t]

    def nudges() -> int:
        return int(query(world, "SELECT count(*) FROM nudges")[0])  # type: ignore[call-overload]

    await world.press(secretary, report, REMIND)

    await outbox_drained(world)
    assert len(reminders(quiet)) == 1 and len(reminders(secretary)) == 1
    assert reminders(member) == []  # registered: nothing to remind
    assert "Kính gửi đồng chí Lê Văn Cường" in reminders(quiet)[0]
    # The secretary's own reminder may arrive just before or after the confirmation.
    assert any("Đã nhắc 2 đồng chí chưa đăng ký" in m for m in text_of(world, secretary.id)[-2:])
    assert nudges() == 2

    # The same day: nothing more is sent, and the secretary is told why.
    await world.press(secretary, report, REMIND)
    await outbox_drained(world)
    assert len(reminders(quiet)) == 1 and len(reminders(secretary)) == 1
    assert "đã nhắc hôm nay" in text_of(world, secretary.id)[-1]
    assert nudges() == 2

    # The next day the reminder may go out again, once.
    world.clock.advance(days=1)
    await world.press(secretary, report, REMIND)
    await outbox_drained(world)
    assert len(reminders(quiet)) == 2
    assert nudges() == 4

    # Plain questions, with or without diacritics.
    unregistered = await world.say(secretary, "ai chua dang ky")
    assert "Chưa đăng ký (2)" in (unregistered.text or "")
    assert [b.text for b in unregistered.buttons()] == [REMIND]
    overdue = await world.say(secretary, "việc quá hạn")
    assert "Việc quá hạn (1)\n• Viết bài báo khoa học — Trần Thị Bình" in (overdue.text or "")
    assert "Phòng Đào tạo" in ((await world.say(secretary, "phong dao tao")).text or "")
    refused = await world.say(secretary, "tiến độ chi bộ liên khoa")
    assert refused.text == (
        "Đồng chí chỉ xem được tiến độ của chi bộ mình; "
        "Đảng ủy và Ủy ban kiểm tra xem được mọi chi bộ."
    )
    hint = await world.say(secretary, "xin chào")
    assert "ai chưa đăng ký" in (hint.text or "") and "/trogiup" in (hint.text or "")


async def test_a_forged_reminder_button_is_refused(world: World) -> None:
    await world.open_year()
    member = await world.join("A2")
    await world.join("B2")
    answer = await world.say(member, "/tiendo")
    (other_cell,) = query(world, "SELECT id FROM units WHERE name = 'Liên khoa'")
    await world.sandbox.press_callback(member, answer.message_id, f"prg:n:{other_cell}")
    await world.sandbox.wait_until_idle(quiet=0.05)
    assert world.sandbox.callback_answers[-1]["text"] == (
        "Đồng chí chỉ xem được tiến độ của chi bộ mình; "
        "Đảng ủy và Ủy ban kiểm tra xem được mọi chi bộ."
    )
    assert query(world, "SELECT count(*) FROM nudges") == (0,)


async def test_the_committee_sees_every_cell_and_its_work_items(world: World) -> None:
    await world.open_year(approval=False)
    committee = await world.join("B3")
    binh = await identity(world, await world.join("A2"))
    em = await identity(world, await world.join("B2"))
    giang = await identity(world, committee)
    await register(world, binh, "Viết giáo trình")
    finished = await register(world, em, "Số hóa tài liệu")
    await register(world, em, "Hướng dẫn sinh viên", world.services.reports.today())
    await world.services.tasks.finish(em, finished, TaskStatus.EXCEEDED)
    await world.services.tasks.add_collective(
        giang,
        giang.organisation.id,
        giang.member.id,
        TaskDraft("Chuyển đổi số công tác Đảng", "Phần mềm quản lý", year_end(world)),
    )
    world.clock.advance(days=1)

    report = await world.say(committee, "/tiendo")
    text = report.text or ""

    today = world.services.reports.today().isoformat()
    with sqlite3.connect(world.database) as conn:
        rows = conn.execute(
            "SELECT u.name, (SELECT count(*) FROM members m WHERE m.cell_id = u.id"
            "  AND m.kind != 'non_party'),"
            " (SELECT count(DISTINCT t.owner_member_id) FROM tasks t JOIN members m"
            "  ON m.id = t.owner_member_id WHERE m.cell_id = u.id AND m.kind != 'non_party'),"
            " (SELECT count(*) FROM members m WHERE m.cell_id = u.id"
            "  AND m.kind = 'non_party'),"
            " (SELECT count(DISTINCT t.owner_member_id) FROM tasks t JOIN members m"
            "  ON m.id = t.owner_member_id WHERE m.cell_id = u.id AND m.kind = 'non_party'),"
            " (SELECT count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            "  WHERE m.cell_id = u.id),"
            " (SELECT count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            "  WHERE m.cell_id = u.id AND t.status IN ('done', 'exceeded')),"
            " (SELECT count(*) FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            "  WHERE m.cell_id = u.id AND t.deadline < ? AND t.status = 'in_progress')"
            " FROM units u WHERE u.kind = 'cell' ORDER BY u.id",
            (today,),
        ).fetchall()
    assert rows == [("Phòng Đào tạo", 2, 1, 1, 0, 1, 0, 0), ("Liên khoa", 3, 1, 0, 0, 2, 1, 1)]
    for name, party, party_done, staff, staff_done, tasks, done, overdue in rows:
        share = f"{party_done * 100 / party:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        staff_share = f" ({staff_done * 100 // staff}%)" if staff else ""
        figures = f"đảng viên {party_done}/{party} ({share}%) · quần chúng {staff_done}/{staff}"
        line = f"{name}: {figures}{staff_share} · {tasks} việc · {done} xong"
        assert f"{line} · {overdue} quá hạn" in text
    assert (
        "Đảng bộ Trường Chính trị: đảng viên 2/5 (40%) · quần chúng 0/1 (0%) · 3 việc · 1 xong"
        " · 1 quá hạn"
    ) in text
    assert "Đầu việc của Đảng ủy\n• Chuyển đổi số công tác Đảng — đang thực hiện, 0%" in text
    assert report.buttons() == []  # one page

    # A cell by name, with or without diacritics, as a command or a plain question.
    named = await world.say(committee, "/tiendo lien khoa")
    assert "Chi bộ Liên khoa — tiến độ năm" in (named.text or "")
    assert "Đã đăng ký: đảng viên 1/3 (33,33%) · quần chúng 0/0" in (named.text or "")
    asked = await world.say(committee, "tien do chi bo lien khoa")
    assert asked.text == named.text
    missing = await world.say(committee, "/tiendo Khoa Hóa")
    assert missing.text == (
        "Không có chi bộ nào tên Khoa Hóa. Các chi bộ: Liên khoa, Phòng Đào tạo."
    )


async def test_many_cells_are_paged_for_the_committee(world: World, tmp_path: Path) -> None:
    extra = [
        [f"Thành viên {i:03d}", f"Bộ môn số {i:03d}", "Quần chúng", "", f"X{i}"] for i in range(150)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", MEMBERS + extra)
    )
    await world.open_year()
    committee = await world.join("B3")
    first = await world.say(committee, "/tiendo")
    assert [b.text for b in first.buttons()] == ["Tiếp ▶"]
    seen = [first.text or ""]
    while any(b.text == "Tiếp ▶" for b in first.buttons()):
        await world.press(committee, first, "Tiếp ▶")
        [first] = [
            m for m in world.sandbox.messages(committee.id) if m.message_id == first.message_id
        ]
        seen.append(first.text or "")
    assert len(seen) >= 2 and all(len(page.encode("utf-16-le")) // 2 <= 4096 for page in seen)
    lines = "\n".join(seen)
    assert all(
        f"Bộ môn số {i:03d}: đảng viên 0/0 · quần chúng 0/1 (0%)" in lines for i in range(150)
    )
    assert f"Trang {len(seen)}/{len(seen)}" in seen[-1]
    assert "◀ Trước" in [b.text for b in first.buttons()]
