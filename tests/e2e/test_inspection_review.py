"""The demo organisation's programme proposed, reviewed and adopted in the chat: the proposal
meets every quota and keeps the last two months under the allowed share; the committee accepts
an item, moves one to another month, drops one, is refused a lead from the cell inspected (with
the reason), adopts it; an adopted item can still be moved, the change in its history; the
inspection commission reads the programme with its quota lines."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import TickingClock
from bot.demo.seed import PEOPLE, seed_database
from bot.sandbox.models import SandboxUser, SentMessage
from bot.settings import load_settings
from tests.e2e.conftest import TOKEN, BotSandbox, World, follow_handling, start_up_planned


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[World]:
    """The demo's organisation without its programme, early in January (08:00 in Vietnam): the
    whole year ahead."""
    start = datetime(datetime.now(UTC).year, 1, 5, 1, 0, tzinfo=UTC)
    async with BotSandbox() as sandbox:
        settings = load_settings(
            api_base_url=sandbox.base_url,
            database=tmp_path / "demo.sqlite3",
            bot_username=sandbox.bot_username,
            language="vi",
        )
        await seed_database(settings, start, programme=False)
        clock = TickingClock(start)
        application = build_application(settings, TOKEN, clock=clock)
        sandbox.application = application
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            world = World(sandbox, application, services, tmp_path / "demo.sqlite3", clock)
            follow_handling(world)
            await start_up_planned(application)
            yield world


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


def _latest(world: World, user: SandboxUser) -> SentMessage:
    message = world.sandbox.last_message(user.id)
    assert message is not None
    return message


def _name(code: str) -> str:
    return next(p[1] for p in PEOPLE if p[0] == code)


async def _card(world: World, user: SandboxUser, item_id: object) -> SentMessage:
    return await world.say(
        user, f"/kiemtra {item_id}", predicate=lambda m: "Trạng thái:" in (m.text or "")
    )


async def test_the_committee_reviews_and_adopts_the_demo_programme(demo: World) -> None:
    world = demo
    year = world.clock.now().year
    ha = await world.join("DT01", "Hà")  # Bí thư Đảng ủy
    # The demo's meeting reminders may come first: the answer is the message with the menu.
    empty = await world.say(
        ha, "/kiemtra", predicate=lambda m: any("Đề xuất" in b.text for b in m.buttons())
    )
    await world.press(ha, empty, "📋 Đề xuất chương trình")
    await world.sandbox.wait_until_idle(quiet=0.1)
    draft = _latest(world, ha)
    text = draft.text or ""
    # Every quota met, and no more than the allowed share in November and December.
    quota_lines = [line for line in text.split("\n") if "— chỉ tiêu" in line]
    assert len(quota_lines) == 4 and all(line.endswith(": đạt") for line in quota_lines), text
    months = [int(str(m)) for (m,) in _rows(world, "SELECT month FROM inspection_items")]
    assert months and sum(m >= 11 for m in months) / len(months) <= 0.4
    assert max(months.count(m) for m in set(months)) < len(months)  # spread over months
    assert "Tháng 1:" in text

    # Accept the first item, then move it to September.
    await world.press(ha, draft, 0)
    card = _latest(world, ha)
    [(first,)] = _rows(world, "SELECT min(id) FROM inspection_items")
    assert f"số {first}:" in (card.text or "")
    await world.press(ha, card, "✔️ Nhận")
    assert "dự thảo: đã nhận khi xem xét" in (_latest(world, ha).text or "")
    await world.press(ha, _latest(world, ha), "🗓 Chuyển tháng")
    picker = _latest(world, ha)
    assert "sang tháng nào?" in (picker.text or "")
    await world.press(ha, picker, f"Tháng 9/{year}")
    assert f"Thời gian thực hiện: Tháng 9/{year}" in (_latest(world, ha).text or "")
    assert _rows(world, f"SELECT month, review FROM inspection_items WHERE id = {first}") == [
        (9, "accepted")
    ]

    # A lead from the cell inspected is refused, naming them and why.
    [(cell_item, cell_id)] = _rows(
        world,
        "SELECT id, target_id FROM inspection_items WHERE target_kind = 'cell' ORDER BY id LIMIT 1",
    )
    [(code,)] = _rows(
        world,
        f"SELECT member_code FROM members WHERE cell_id = {cell_id} AND kind = 'full'"
        " ORDER BY member_code LIMIT 1",
    )
    card = await _card(world, ha, cell_item)
    before = _rows(world, f"SELECT lead_id FROM inspection_items WHERE id = {cell_item}")
    await world.press(ha, card, "👥 Đổi trưởng đoàn, thành viên")
    assert "Ai làm trưởng đoàn" in (_latest(world, ha).text or "")
    refused = await world.say(ha, str(code))
    assert refused.text == (
        f"Đồng chí {_name(str(code))} không thể tham gia nội dung này: đây là kiểm tra, giám "
        "sát chi bộ của chính đồng chí ấy."
    )
    assert _rows(world, f"SELECT lead_id FROM inspection_items WHERE id = {cell_item}") == before
    await world.say(ha, "/huy")

    # Drop the last item.
    [(last, content)] = _rows(
        world, "SELECT id, content FROM inspection_items ORDER BY id DESC LIMIT 1"
    )
    card = await _card(world, ha, last)
    await world.press(ha, card, "🗑 Bỏ")
    assert f"🗑 Đã bỏ: {content}." in (_latest(world, ha).text or "")

    # Adopt: the dropped item is gone, the rest accepted.
    listing = await world.say(
        ha, "/kiemtra", predicate=lambda m: any("Thông qua" in b.text for b in m.buttons())
    )
    count = len(months) - 1
    await world.press(ha, listing, "✅ Thông qua")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert any(
        f"✅ Đã thông qua chương trình năm {year}: {count} nội dung." in (m.text or "")
        for m in world.sandbox.messages(ha.id)
    )
    assert _rows(world, "SELECT count(*) FROM inspection_programmes WHERE adopted_at IS NULL") == [
        (0,)
    ]
    assert _rows(world, "SELECT count(*), sum(review = 'accepted') FROM inspection_items") == [
        (count, count)
    ]

    # An adopted item can still be moved; its history says so, and who.
    card = await _card(world, ha, first)
    assert "Thông qua" not in [b.text for b in card.buttons()]
    await world.press(ha, card, "🗓 Chuyển tháng")
    await world.press(ha, _latest(world, ha), f"Tháng 10/{year}")
    moved = _latest(world, ha).text or ""
    assert f"Thời gian thực hiện: Tháng 10/{year}" in moved
    assert f"{_name('DT01')}: chuyển sang tháng khác" in moved

    # The inspection commission reads the programme with its quota lines, and proposes nothing.
    trung = await world.join("XD02", "Trung")  # Chủ nhiệm UBKT
    seen = await world.say(trung, "/kiemtra")
    assert f"Chương trình kiểm tra, giám sát năm {year}" in (seen.text or "")
    assert "Chỉ tiêu:" in (seen.text or "")
    labels = [b.text for b in seen.buttons()]
    assert "📋 Đề xuất chương trình" not in labels and "✅ Thông qua" not in labels
