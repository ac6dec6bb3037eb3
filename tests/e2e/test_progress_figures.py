"""Registration figures that say exactly whom they count (party members and non-party staff
apart), and what each role may see of a cell: a plain member their own cell's figures without
names, a secretary their cell's names, the committee every cell's names, paged."""

from __future__ import annotations

import sqlite3
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.domain.text import name_sort_key
from bot.sandbox.models import SandboxUser, SentMessage
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World

NEXT, PREVIOUS = "Tiếp ▶", "◀ Trước"
LIST_REFUSED = "Chỉ bí thư chi bộ, Đảng ủy và Ủy ban kiểm tra xem được danh sách này."
# An inspector in Liên khoa, so that every role is there.
INSPECTOR = ["Đỗ Văn Hải", "Liên khoa", "Đảng viên chính thức", "Ủy viên UBKT", "B4"]
# Given names whose Vietnamese order differs from code-point order (Đạt after Dũng, Ơn after Ổn…).
GIVEN_NAMES = (
    *("An", "Ánh", "Bảo", "Đạt", "Dũng", "Hải", "Hòa", "Hùng", "Ích", "Yến"),
    *("Ơn", "Ổn", "Ân", "Âu", "Tú", "Từ", "Tuấn", "Ưng", "Úc", "Ý"),
)


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


def current(world: World, message: SentMessage) -> SentMessage:
    [found] = [
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    ]
    return found


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


async def test_a_plain_member_sees_her_cell_figures_without_names(world: World) -> None:
    await world.open_year(approval=False)
    member = await world.join("A2")
    await register(world, await world.join("A1"))

    # "Who has not registered": the cell's figures, and who may see the names.
    unregistered = await world.say(member, "ai chưa đăng ký")
    text = unregistered.text or ""
    assert "Chi bộ Phòng Đào tạo — tiến độ năm" in text
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in text
    assert "Chưa đăng ký (2): đảng viên 1 · quần chúng 1" in text
    assert LIST_REFUSED in text
    assert "Bình" not in text and "Cường" not in text
    assert "Công việc bứt phá năm" not in text  # not her own summary
    assert unregistered.buttons() == []  # no reminder button for her

    # Her own cell by name: its figures, not a refusal.
    named = await world.say(member, "tiến độ chi bộ Phòng Đào tạo")
    assert "Đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)" in (named.text or "")
    assert "Cường" not in (named.text or "")
    assert (await world.say(member, "/tiendo phong dao tao")).text == named.text
    # Another cell: refused, saying who can see it.
    other = await world.say(member, "tiến độ chi bộ Liên khoa")
    assert other.text == (
        "Đồng chí chỉ xem được tiến độ của chi bộ mình; "
        "Đảng ủy và Ủy ban kiểm tra xem được mọi chi bộ."
    )
    # Forged buttons get no more: the list of names stays hidden, and nobody is reminded.
    with sqlite3.connect(world.database) as conn:
        (cell,) = conn.execute("SELECT id FROM units WHERE name = 'Phòng Đào tạo'").fetchone()
    await world.sandbox.press_callback(member, named.message_id, f"prg:c:{cell}:u:0")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert "Cường" not in (current(world, named).text or "")
    await world.sandbox.press_callback(member, named.message_id, f"prg:n:{cell}")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert world.sandbox.callback_answers[-1]["text"] == LIST_REFUSED
    with sqlite3.connect(world.database) as conn:
        assert conn.execute("SELECT count(*) FROM nudges").fetchone() == (0,)
    await world.sandbox.press_callback(member, named.message_id, "prg:u:0")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert world.sandbox.callback_answers[-1]["text"] == LIST_REFUSED
    assert "Cường" not in (current(world, named).text or "")


async def test_the_committee_gets_the_names_by_cell_in_pages(world: World, tmp_path: Path) -> None:
    # 360 more people in two cells, none registered: the names run over several pages.
    people = [
        f"{family} {middle} {given}"
        for family in ("Nguyễn", "Ngô", "Huỳnh", "Hà", "Đặng", "Lê")
        for middle in ("Hữu", "Minh", "Thanh")
        for given in GIVEN_NAMES
    ]
    extra = [
        [
            name,
            "Khoa Xây dựng Đảng" if n % 2 else "Liên khoa",
            "Quần chúng" if n % 5 == 0 else "Đảng viên chính thức",
            "",
            f"X{n}",
        ]
        for n, name in enumerate(people)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", [*MEMBERS, INSPECTOR, *extra])
    )
    await world.open_year(approval=False)
    committee = await world.join("B3")
    await register(world, committee)
    inspector = await world.join("B4")

    first = await world.say(committee, "ai chưa đăng ký")
    pages = [first.text or ""]
    assert [b.text for b in first.buttons()] == [NEXT]
    page = first
    while NEXT in [b.text for b in page.buttons()]:
        await world.press(committee, page, NEXT)
        page = current(world, first)
        pages.append(page.text or "")
    assert len(pages) >= 2
    assert all(len(p.encode("utf-16-le")) // 2 <= 4096 for p in pages)
    assert PREVIOUS in [b.text for b in page.buttons()]
    assert f"Trang {len(pages)}/{len(pages)}" in pages[-1]
    assert "Chưa đăng ký (366): đảng viên 293 · quần chúng 73" in pages[0]

    with sqlite3.connect(world.database) as conn:
        missing = conn.execute(
            "SELECT u.name, m.full_name, m.kind = 'non_party' FROM members m"
            " JOIN units u ON u.id = m.cell_id"
            " WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.owner_member_id = m.id)"
        ).fetchall()
    assert len(missing) == 6 + 360  # Giang registered; the inspector did not
    # Read the pages as the committee does: under each cell's heading (repeated, marked
    # "tiếp", when a cell runs onto the next page), party members then non-party staff.
    shown: dict[tuple[str, bool], list[str]] = {}
    cell, non_party = "", False
    names = {name for _, name, _ in missing}
    for line in "\n".join(pages).splitlines():
        if line.startswith("Chi bộ "):
            cell = line.removeprefix("Chi bộ ").removesuffix(" (tiếp)")
            continue
        if line.startswith(("Đảng viên: ", "Quần chúng: ")):
            non_party = line.startswith("Quần chúng: ")
            line = line.split(": ", 1)[1]
        for name in line.split(", "):
            if name in names:
                shown.setdefault((cell, non_party), []).append(name)
    expected: dict[tuple[str, bool], list[str]] = {}
    for cell_name, name, kind in missing:
        expected.setdefault((cell_name, bool(kind)), []).append(name)
    assert shown == {key: sorted(value, key=name_sort_key) for key, value in expected.items()}
    # The inspection commission sees the same list.
    seen = await world.say(inspector, "ai chưa đăng ký")
    assert seen.text == pages[0]


async def test_a_plain_members_progress_shows_her_cells_figures(world: World) -> None:
    await world.open_year(approval=False)
    member = await world.join("A2")
    await register(world, member)

    mine = await world.say(member, "/tiendo")
    text = mine.text or ""
    assert "Công việc bứt phá năm" in text and "• Viết giáo trình" in text
    assert by_kind(world, "Phòng Đào tạo") == {"party": (1, 2), "non_party": (0, 1)}
    assert text.endswith(
        "Chi bộ Phòng Đào tạo, đã đăng ký: đảng viên 1/2 (50%) · quần chúng 0/1 (0%)"
    )
