"""What only Telegram can do, said plainly on Zalo: the files (the calendar from /lich ics, the
registry's Excel download) become a message saying how to get them; and a handful of commands
read right without buttons (no "press", no HTML, numbered choices)."""

from __future__ import annotations

from datetime import date

from bot.domain.tasks import TaskDraft
from tests.e2e.zalo.conftest import ZaloWorld

NO_FILES = "Trên Zalo không gửi được tệp."


async def test_the_calendar_file_is_a_message_saying_how_to_get_it(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    [answer] = await zalo_world.answers(binh, "/lich ics")
    assert "📅 lich-hop.ics\nTrên Zalo không gửi được tệp lịch." in answer.content
    assert "Gửi /lich để xem các cuộc họp của đồng chí trong 30 ngày tới" in answer.content
    assert zalo_world.sandbox.calls_of("sendPhoto") == []


async def test_the_registry_download_is_a_message_saying_how_to_get_it(
    zalo_world: ZaloWorld,
) -> None:
    await zalo_world.open_year(approval=False)
    an = await zalo_world.join("A1", "An")
    binh = await zalo_world.join("A2", "Bình")
    deadline = date(zalo_world.clock.now().year, 12, 31)
    await zalo_world.services.tasks.register(
        await zalo_world.identity(binh), TaskDraft("Viết giáo trình", "01 giáo trình", deadline)
    )
    [registry] = await zalo_world.answers(an, "/congkhai")
    assert "Trần Thị Bình — Viết giáo trình" in registry.content
    assert "1. Chọn chi bộ\n2. Tải Excel" in registry.content
    answers = await zalo_world.answers(an, "tai excel")
    assert any(".xlsx" in m.content and NO_FILES in m.content for m in answers), [
        m.content for m in answers
    ]


async def test_commands_read_right_without_buttons(zalo_world: ZaloWorld) -> None:
    await zalo_world.open_year(approval=False)
    an = await zalo_world.join("A1", "An")
    texts = []
    commands = ("/trogiup", "/caidat", "/lich", "/lichhop", "/congviec", "/duyet", "/nam")
    for command in (*commands, "/chuyencan", "/diemdanh", "/moi", "/thongbao"):
        texts += [m.content for m in await zalo_world.answers(an, command)]
    for text in texts:
        assert "<b>" not in text and "</" not in text and "&lt;" not in text, text
        assert "t.me/" not in text, text
    # Nothing says "press" where Zalo shows numbers ("chọn" reads right on both).
    pressing = {line for text in texts for line in text.splitlines() if "bấm" in line.lower()}
    assert not pressing, pressing
