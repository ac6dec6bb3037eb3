"""The committee's long answers come a page at a time from the database (issue 15): each page
is read and rendered alone, yet the pages together say what the whole answer said, and a stale
button (a page that no longer exists) gets the last page there is."""

from __future__ import annotations

import contextlib
import copy
from pathlib import Path

from bot.domain.model import Channel, Identity
from bot.domain.tasks import TaskDraft
from bot.i18n import translator
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.tasks import progress_render as render
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World, eventually

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
    whole = render.organisation_blocks(
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
