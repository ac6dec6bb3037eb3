"""/kiemtra: the committee reads the proposed programme of inspection and supervision, with the
quota lines as the report writes them; nobody else may ask for it (on Zalo:
tests/e2e/zalo/test_zalo_inspection_proposal.py)."""

from __future__ import annotations

from tests.e2e.conftest import World

QUOTAS = (
    "Kiểm tra chi bộ: 1/2 (50%) — chỉ tiêu 20%: đạt\n"
    "Kiểm tra đảng ủy viên: 1/1 (100%) — chỉ tiêu 20%: đạt\n"
    "Kiểm tra đảng viên: 1/5 (20%) — chỉ tiêu 20%: đạt\n"
    "Giám sát chi bộ: 1/2 (50%) — chỉ tiêu 20%: đạt"
)


async def test_the_committee_reads_the_proposed_programme(world: World) -> None:
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    await world.say(giang, "/kiemtra", predicate=lambda m: "Chỉ tiêu" in (m.text or ""))
    await world.sandbox.wait_until_idle(quiet=0.1)
    texts = [m.text or "" for m in world.sandbox.messages(giang.id)]
    programme = next(t for t in texts if t.startswith("Đề xuất chương trình kiểm tra"))
    # The clock stands early in March: the rest of the year, from March.
    assert "Tháng 3" in programme and "Tháng 1\n" not in programme
    assert "Trưởng đoàn:" in programme
    [quotas] = [t for t in texts if "Chỉ tiêu" in t]
    assert QUOTAS in quotas
    assert "Đây là bản đề xuất, chưa được lưu." in quotas
    # In the committee's /trogiup, not in a plain member's.
    help_text = (await world.say(giang, "/trogiup")).text or ""
    assert "/kiemtra" in help_text


async def test_a_member_may_not_ask_for_it(world: World) -> None:
    binh = await world.join("A2", "Bình")
    answer = await world.say(binh, "/kiemtra")
    assert answer.text == "Chỉ Đảng ủy mới đề xuất được chương trình kiểm tra, giám sát."
    assert "/kiemtra" not in ((await world.say(binh, "/trogiup")).text or "")
