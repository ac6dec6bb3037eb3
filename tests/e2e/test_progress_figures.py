"""Registration figures that say exactly whom they count: party members and non-party staff
apart, in /tiendo, plain questions, the committee's overview and the registry file."""

from __future__ import annotations

import sqlite3
from io import BytesIO

from openpyxl import load_workbook

from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.sandbox.models import SandboxUser
from tests.e2e.conftest import World


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


async def register(world: World, user: SandboxUser, title: str = "Viết giáo trình") -> None:
    deadline = world.services.reports.today().replace(month=12, day=31)
    draft = TaskDraft(title, "01 sản phẩm được nghiệm thu", deadline)
    await world.services.tasks.register(await identity(world, user), draft)


def by_kind(world: World, cell: str) -> dict[str, tuple[int, int]]:
    """(registered, active members) per kind of member in ``cell``, straight from SQLite."""
    with sqlite3.connect(world.database) as conn:
        rows = conn.execute(
            "SELECT m.kind = 'non_party', count(*), sum(EXISTS (SELECT 1 FROM tasks t"
            " WHERE t.owner_member_id = m.id AND t.status != 'withdrawn'))"
            " FROM members m JOIN units u ON u.id = m.cell_id"
            " WHERE u.name = ? AND m.status = 'active' GROUP BY 1",
            (cell,),
        ).fetchall()
    found = {("non_party" if kind else "party"): (done or 0, n) for kind, n, done in rows}
    return {"party": found.get("party", (0, 0)), "non_party": found.get("non_party", (0, 0))}


async def test_a_cell_counts_party_members_and_non_party_staff_apart(world: World) -> None:
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    await register(world, await world.join("A2"))  # Bình, a probationary party member

    report = await world.say(secretary, "/tiendo")
    text = report.text or ""

    # Phòng Đào tạo: An (full) and Bình (probationary) are party members, Cường is not.
    assert by_kind(world, "Phòng Đào tạo") == {"party": (1, 2), "non_party": (0, 1)}
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in text
    assert "đảng viên đã đăng ký" not in text
    # Who has not registered, party members and non-party staff apart, each by given name.
    assert (
        "Chưa đăng ký (2): đảng viên 1 · quần chúng 1\n"
        "Đảng viên: Nguyễn Văn An\n"
        "Quần chúng: Lê Văn Cường"
    ) in text
    # The plain question gives the same figures.
    asked = await world.say(secretary, "ai chua dang ky")
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in (asked.text or "")
    assert "Quần chúng: Lê Văn Cường" in (asked.text or "")


async def test_the_committee_overview_counts_each_kind(world: World) -> None:
    await world.open_year(approval=False)
    committee = await world.join("B3")
    await register(world, await world.join("A2"))
    await register(world, await world.join("B2"))

    report = await world.say(committee, "/tiendo")
    text = report.text or ""

    assert by_kind(world, "Phòng Đào tạo") == {"party": (1, 2), "non_party": (0, 1)}
    assert by_kind(world, "Liên khoa") == {"party": (1, 3), "non_party": (0, 0)}
    assert "Đã đăng ký / số người đang sinh hoạt: đảng viên, quần chúng" in text
    assert "Đảng bộ Trường Chính trị: đảng viên 2/5 (40%) · quần chúng 0/1 (0%) · 2 việc" in text
    assert "Phòng Đào tạo: đảng viên 1/2 (50%) · quần chúng 0/1 (0%) · 1 việc" in text
    # A cell without non-party staff says so rather than hiding the figure.
    assert "Liên khoa: đảng viên 1/3 (33,33%) · quần chúng 0/0 · 1 việc" in text
    named = await world.say(committee, "/tiendo lien khoa")
    assert "Đã đăng ký: đảng viên 1/3 (33,33%) · quần chúng 0/0" in (named.text or "")


async def test_the_registry_file_carries_the_figures(world: World) -> None:
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    committee = await world.join("B3")
    await register(world, await world.join("A2"))
    await register(world, await world.join("A3"), "Số hóa hồ sơ")  # Cường, non-party

    async def download(user: SandboxUser) -> list[tuple[object, ...]]:
        registry = await world.say(user, "/congkhai")
        await world.press(user, registry, "Tải Excel")
        sent = [m for m in world.sandbox.messages(user.id) if m.document][-1]
        assert sent.document is not None
        file = await world.app.bot.get_file(sent.document["file_id"])
        book = load_workbook(BytesIO(bytes(await file.download_as_bytearray())))
        assert book.sheetnames[1] == "Tổng hợp"
        return list(book["Tổng hợp"].iter_rows(values_only=True))

    header = (
        "Chi bộ",
        "Đảng viên",
        "Đảng viên đã đăng ký",
        "Tỷ lệ đảng viên đã đăng ký",
        "Quần chúng",
        "Quần chúng đã đăng ký",
        "Tỷ lệ quần chúng đã đăng ký",
        "Số việc đã đăng ký",
    )
    # A secretary gets the figures of their own cell only, as /tiendo shows them.
    assert await download(secretary) == [header, ("Phòng Đào tạo", 2, 1, 0.5, 1, 1, 1, 2)]
    # The committee gets every cell and the organisation's total.
    assert await download(committee) == [
        header,
        ("Phòng Đào tạo", 2, 1, 0.5, 1, 1, 1, 2),
        ("Liên khoa", 3, 0, 0, 0, 0, None, 0),
        ("Đảng bộ Trường Chính trị", 5, 1, 0.2, 1, 1, 1, 2),
    ]
