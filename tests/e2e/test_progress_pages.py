"""The committee's long answers come a page at a time from the database (issue 15): each page
is read and rendered alone, yet the pages together say what the whole answer said, and a stale
button (a page that no longer exists) gets the last page there is."""

from __future__ import annotations

import contextlib
import copy
import sqlite3
from pathlib import Path

from bot.domain.broadcasts import Audience
from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.i18n import translator
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.broadcasts import broadcast_missing_render
from handlers.tasks import overview_render
from handlers.tasks import progress_render as render
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World, eventually, outbox_drained

NEXT, PREVIOUS = "Tiếp ▶", "◀ Trước"


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


def current(world: World, message: SentMessage) -> SentMessage:
    """The message as it reads now (a copy: the sandbox edits its messages in place)."""
    [found] = [
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    ]
    return copy.copy(found)


def labels(message: SentMessage) -> list[str]:
    return [b.text for b in message.buttons()]


async def walk(world: World, user: SandboxUser, first: SentMessage) -> list[SentMessage]:
    """Every page, pressing ▶ until there is none."""
    pages = [copy.copy(first)]
    while NEXT in labels(pages[-1]):
        await world.press(user, pages[-1], NEXT)
        pages.append(current(world, first))
    return pages


async def press_data(world: World, user: SandboxUser, message: SentMessage, data: str) -> None:
    """A press of a button with ``data`` (one kept from an older answer)."""
    query_id = await world.sandbox.press_callback(user, message.message_id, data)
    with contextlib.suppress(TimeoutError):
        await eventually(lambda: query_id in world.handled, timeout=10.0)
    await world.sandbox.wait_until_idle(quiet=0.1)


def body(page: SentMessage) -> list[str]:
    """A page's lines without its page line and blank lines, as HTML."""
    return [line for line in (page.html or "").split("\n") if line and "Trang " not in line]


async def test_the_committee_overview_is_paged_from_the_database(
    world: World, tmp_path: Path
) -> None:
    extra = [
        [f"Thành viên {i:03d}", f"Bộ môn số {i:03d}", "Quần chúng", "", f"X{i}"] for i in range(150)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", MEMBERS + extra)
    )
    await world.open_year(approval=False)
    committee = await world.join("B3")
    boss = await identity(world, committee)
    deadline = world.services.reports.today().replace(month=12, day=31)
    await world.services.tasks.add_collective(
        boss,
        boss.organisation.id,
        boss.member.id,
        TaskDraft("Sơ kết 6 tháng <toàn Đảng bộ>", "Báo cáo sơ kết", deadline),
    )

    first = await world.say(committee, "/tiendo")
    pages = await walk(world, committee, first)

    assert len(pages) >= 3
    assert all(len((p.text or "").encode("utf-16-le")) // 2 <= 4096 for p in pages)
    count = len(pages)
    assert [f"Trang {n}/{count}" in (p.text or "") for n, p in enumerate(pages, 1)] == [
        True
    ] * count
    # First, middle and last page: their buttons.
    assert labels(pages[0]) == [NEXT]
    assert labels(pages[1]) == [PREVIOUS, NEXT]
    assert labels(pages[-1]) == [PREVIOUS]
    # The heading and the total on the first page only; the work items on the last.
    heading = "Tiến độ toàn Đảng bộ"
    assert heading in (pages[0].text or "")
    assert not any(heading in (p.text or "") for p in pages[1:])
    assert "Sơ kết 6 tháng &lt;toàn Đảng bộ&gt;" in (pages[-1].html or "")
    # Together the pages say what the whole overview, rendered at once, says.
    t = translator("vi", "vi")
    whole = overview_render.organisation_blocks(
        await world.services.reports.organisation(boss), world.services.reports.today(), t
    )
    expected = [line for line in "\n".join(whole).split("\n") if line]
    assert [line for page in pages for line in body(page)] == expected
    # Back one page: the same page again.
    await world.press(committee, pages[-1], PREVIOUS)
    assert body(current(world, first)) == body(pages[-2])


async def test_a_page_beyond_the_end_gets_the_last_page(world: World, tmp_path: Path) -> None:
    extra = [
        [f"Thành viên {i:03d}", f"Bộ môn số {i:03d}", "Quần chúng", "", f"X{i}"] for i in range(150)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", MEMBERS + extra)
    )
    await world.open_year()
    committee = await world.join("B3")
    first = await world.say(committee, "/tiendo")
    pages = await walk(world, committee, first)

    # A button from an answer with more pages than there are now.
    await press_data(world, committee, first, f"prg:o:{len(pages) + 5}")

    shown = current(world, first)
    assert body(shown) == body(pages[-1])
    assert f"Trang {len(pages)}/{len(pages)}" in (shown.text or "")
    assert labels(shown) == [PREVIOUS]


GIVEN = ("An", "Ánh", "Bảo", "Đạt", "Dũng", "Hải", "Hòa", "Hùng", "Ích", "Yến", "Ơn", "Ổn")


async def a_long_list(world: World, tmp_path: Path) -> None:
    """300 people in one new cell and 5 in each of 40 more, nobody registered: the names run
    over several pages, one cell over more than one."""
    people = [
        [f"{family} {middle} {given}", "Khoa Xây dựng Đảng", kind, "", f"X{n}"]
        for n, (family, middle, given, kind) in enumerate(
            (family, middle, given, "Quần chúng" if i % 4 == 0 else "Đảng viên chính thức")
            for i, (family, middle, given) in enumerate(
                (f, m, g)
                for f in ("Nguyễn", "Ngô", "Huỳnh", "Hà", "Đặng")
                for m in ("Hữu", "Minh", "Thanh", "Thị", "Văn")
                for g in GIVEN
            )
        )
    ]
    small = [
        [
            f"Trần Văn {GIVEN[i % len(GIVEN)]} {i}",
            f"Bộ môn số {i // 5:02d}",
            "Quần chúng",
            "",
            f"Y{i}",
        ]
        for i in range(200)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", [*MEMBERS, *people, *small])
    )


def without_continued(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.endswith("(tiếp)")]


async def test_who_has_not_registered_is_paged_from_the_database(
    world: World, tmp_path: Path
) -> None:
    await a_long_list(world, tmp_path)
    await world.open_year(approval=False)
    committee = await world.join("B3")
    boss = await identity(world, committee)

    first = await world.say(committee, "ai chưa đăng ký")
    pages = await walk(world, committee, first)

    assert len(pages) >= 3
    assert all(len((p.text or "").encode("utf-16-le")) // 2 <= 4096 for p in pages)
    count = len(pages)
    assert [f"Trang {n}/{count}" in (p.text or "") for n, p in enumerate(pages, 1)] == [
        True
    ] * count
    assert labels(pages[0]) == [NEXT]
    assert labels(pages[1]) == [PREVIOUS, NEXT]
    assert labels(pages[-1]) == [PREVIOUS]
    # Every page after the first says which cell it lists: a title first, repeated and marked
    # as continued when the cell began on an earlier page.
    assert all(body(p)[0].startswith("<b>") for p in pages[1:])
    assert any(body(p)[0].endswith("(tiếp)") for p in pages[1:])
    # Together the pages say what the whole answer, rendered at once, says.
    t = translator("vi", "vi")
    whole = render.unregistered_by_cell_blocks(
        await world.services.reports.unregistered_by_cell(boss), t
    )
    expected = [line for line in "\n".join(whole).split("\n") if line]
    shown = [line for page in pages for line in body(page)]
    assert without_continued(shown) == without_continued(expected)
    # The middle page, again: the same page.
    await world.press(committee, pages[-1], PREVIOUS)
    assert body(current(world, first)) == body(pages[-2])


async def test_a_names_page_gone_since_gets_the_last_page(world: World, tmp_path: Path) -> None:
    await a_long_list(world, tmp_path)
    await world.open_year(approval=False)
    committee = await world.join("B3")
    first = await world.say(committee, "ai chưa đăng ký")
    before = await walk(world, committee, first)

    # Most of the long cell registers: the list is shorter now.
    deadline = world.services.reports.today().replace(month=12, day=31)
    for n in range(260):
        member_id = query_id(world, f"X{n}")
        who = await world.services.membership.identity_of(member_id)
        assert who is not None
        await world.services.tasks.register(who, TaskDraft(f"Việc {n}", "Sản phẩm", deadline))
    # The old answer's last page, pressed again.
    await press_data(world, committee, first, f"prg:u:{len(before) - 1}")

    shown = current(world, first)
    after = await world.say(committee, "ai chưa đăng ký")
    now = await walk(world, committee, after)
    assert len(now) < len(before)
    assert body(shown) == body(now[-1])
    assert f"Trang {len(now)}/{len(now)}" in (shown.text or "")
    assert labels(shown) == [PREVIOUS]


def query_id(world: World, code: str) -> int:
    with sqlite3.connect(world.database) as conn:
        [(found,)] = conn.execute("SELECT id FROM members WHERE member_code = ?", (code,))
    return int(found)


async def test_who_did_not_get_a_notice_is_paged_from_the_database(
    world: World, tmp_path: Path
) -> None:
    extra = [
        [
            f"Trần Văn {GIVEN[i % len(GIVEN)]} {i:03d}",
            f"Bộ môn số {i % 5}",
            "Quần chúng",
            "",
            f"Y{i}",
        ]
        for i in range(150)
    ]
    await world.services.member_import.import_file(
        write_csv(tmp_path / "more.csv", [*MEMBERS, *extra])
    )
    committee = await world.join("B3")
    binh = await world.join("A2")
    world.sandbox.block_bot(binh, notify=False)
    boss = await identity(world, committee)
    sent = await world.services.broadcasts.send(boss, Audience.organisation(), "Nộp đảng phí.")
    await outbox_drained(world)
    listing = await world.say(committee, "/thongbao danhsach")
    await world.press(committee, listing, f"#{sent.id}")
    report = world.sandbox.last_message(committee.id)
    assert report is not None
    await world.press(committee, report, "🔍 Ai chưa nhận")
    first = world.sandbox.last_message(committee.id)
    assert first is not None and first.message_id != report.message_id

    pages = await walk(world, committee, first)

    missed = await world.services.broadcasts.missing(boss, sent.id)
    assert len(missed) == 150 + 4 + 1  # the new people, four of MEMBERS, Bình who blocked
    assert len(pages) == 4  # 40 a page
    assert labels(pages[0]) == [NEXT]
    assert labels(pages[1]) == [PREVIOUS, NEXT]
    assert labels(pages[-1]) == [PREVIOUS]
    assert [f"Trang {n}/4" in (p.text or "") for n, p in enumerate(pages, 1)] == [True] * 4
    heading = f"Chưa nhận thông báo số {sent.id}: {len(missed)}"
    assert all((p.text or "").startswith(heading) for p in pages)
    # Page 2 goes on with those not linked, its title marked as continued.
    assert (pages[1].text or "").splitlines()[1].endswith("(tiếp)")
    # Together the pages list what the whole list did, in its order.
    t = translator("vi", "vi")
    whole = broadcast_missing_render.missing_blocks(sent.id, missed, t)
    expected = [line for line in "\n".join(whole).split("\n") if line]
    shown = [line for n, page in enumerate(pages) for line in body(page)[(1 if n else 0) :]]
    assert without_continued(shown) == without_continued(expected)

    # A button kept from when the list was longer: the last page there is.
    await press_data(world, committee, first, f"bcr:p:{sent.id}:9")
    assert body(current(world, first)) == body(pages[-1])
    assert labels(current(world, first)) == [PREVIOUS]
