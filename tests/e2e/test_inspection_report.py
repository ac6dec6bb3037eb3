"""/kiemtra baocao through the sandbox: the committee and an inspector read the period report
with the figures an item's steps made (in the report's number format); a cell secretary whose
cell has no programme of its own is told so; a plain member is refused; a period the bot does
not know gets the words it does."""

from __future__ import annotations

from bot.domain.inspections.model import ItemState
from tests.e2e.conftest import World
from tests.e2e.test_inspection_followup import setup_item


async def test_the_committee_and_an_inspector_read_the_report(world: World) -> None:
    year = world.clock.now().year
    await setup_item(world.services, world.database, year, ItemState.CONCLUDED)
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    answer = await world.say(giang, "/kiemtra baocao")
    text = answer.text or ""
    lines = text.splitlines()
    assert lines[0] == f"Báo cáo kiểm tra, giám sát năm {year} — Đảng bộ Trường Chính trị"
    assert lines[1].startswith(f"Từ 01/01/{year} đến 31/12/{year} (số liệu đến ")
    # Hoàng Văn Em was notified, then concluded on: one of eight party members.
    assert (
        "Kiểm tra đảng viên: 1/8 đảng viên (12,5%), trong đó 0 đảng ủy viên — chỉ tiêu 20% "
        "(cả năm 2): cần thêm 1"
    ) in lines
    assert "Kiểm tra chi bộ: 0/2 chi bộ (0%) — chỉ tiêu 20% (cả năm 1): cần thêm 1" in lines
    assert (
        "Nội dung theo chương trình trong kỳ: 1; đã tiến hành: 1; đã kết luận: 1; đã kết thúc: 0."
    ) in lines
    # The heading in bold, as the other reports.
    assert [e["type"] for e in answer.entities] == ["bold"]
    # The first quarter: the item was notified in March, in it; the month's report too.
    q1 = (await world.say(giang, f"/kiemtra baocao q1 {year}")).text or ""
    assert f"quý I năm {year}" in q1 and "Kiểm tra đảng viên: 1/8 đảng viên (12,5%)" in q1
    month = (await world.say(giang, "/kiemtra baocao thang")).text or ""
    assert f"tháng 3/{year}" in month and "đã tiến hành: 1" in month
    # An earlier year had nothing.
    before = (await world.say(giang, f"/kiemtra baocao 6thang {year - 1}")).text or ""
    assert "Kiểm tra đảng viên: 0/8 đảng viên (0%)" in before
    hung = await world.join("A4", "Hùng")  # Ủy viên UBKT
    seen = (await world.say(hung, "/kiemtra baocao nam")).text or ""
    assert "Kiểm tra đảng viên: 1/8 đảng viên (12,5%)" in seen


async def test_others_are_told_politely(world: World) -> None:
    binh = await world.join("A2", "Bình")  # a plain member
    refused = await world.say(binh, "/kiemtra baocao")
    assert refused.text == (
        "Báo cáo kiểm tra, giám sát dành cho Đảng ủy và Ủy ban Kiểm tra; bí thư chi bộ xem được "
        "báo cáo của chi bộ mình khi chi bộ đã có chương trình riêng."
    )
    dung = await world.join("B1", "Dung")  # secretary of Liên khoa, no cell programme
    year = world.clock.now().year
    told = await world.say(dung, "/kiemtra baocao")
    assert told.text == f"Chi bộ Liên khoa chưa có chương trình kiểm tra, giám sát năm {year}."
    giang = await world.join("B3", "Giang")
    unknown = await world.say(giang, "/kiemtra baocao hom qua")
    assert (unknown.text or "").startswith("Đồng chí gõ /kiemtra baocao và kỳ báo cáo: thang")
