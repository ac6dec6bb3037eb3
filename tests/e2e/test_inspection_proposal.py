"""/kiemtra before any programme exists: the committee is told what it is for and proposes one
with a button, which stores the planner's proposal as the draft and shows it by month with the
quota lines as the report writes them; a member finds nothing for them and is told what
/kiemtra is for (on Zalo: tests/e2e/zalo/test_zalo_inspection_proposal.py; the review
and adoption: tests/e2e/test_inspection_review.py)."""

from __future__ import annotations

import sqlite3

from tests.e2e.conftest import World

QUOTAS = (
    "Kiểm tra chi bộ: 1/2 (50%) — chỉ tiêu 20%: đạt\n"
    "Kiểm tra đảng ủy viên: 1/1 (100%) — chỉ tiêu 20%: đạt\n"
    "Kiểm tra đảng viên: 1/5 (20%) — chỉ tiêu 20%: đạt\n"
    "Giám sát chi bộ: 1/2 (50%) — chỉ tiêu 20%: đạt"
)


async def test_the_committee_proposes_the_programme(world: World) -> None:
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    empty = await world.say(giang, "/kiemtra")
    assert "Chưa có chương trình nào được thông qua" in (empty.text or "")
    await world.press(giang, empty, "📋 Đề xuất chương trình")
    await world.sandbox.wait_until_idle(quiet=0.1)
    draft = world.sandbox.last_message(giang.id)
    assert draft is not None
    text = draft.text or ""
    assert "📋 Bản đề xuất đã được lưu thành dự thảo." in text
    assert "Dự thảo chương trình kiểm tra, giám sát năm" in text
    # The clock stands early in March: the rest of the year, from March.
    assert "Tháng 3:" in text and "Tháng 1:" not in text
    assert "trưởng đoàn:" in text
    assert QUOTAS in text
    assert "✅ Thông qua" in [b.text for b in draft.buttons()]
    with sqlite3.connect(world.database) as conn:
        [(count, proposed)] = conn.execute(
            "SELECT count(*), sum(review = 'proposed') FROM inspection_items"
        ).fetchall()
    assert count == proposed == 3  # a committee member inspected counts as a member too
    # In the committee's /trogiup.
    help_text = (await world.say(giang, "/trogiup")).text or ""
    assert "/kiemtra" in help_text


async def test_a_member_finds_nothing_and_is_told_what_it_is_for(world: World) -> None:
    binh = await world.join("A2", "Bình")
    answer = await world.say(binh, "/kiemtra")
    assert (answer.text or "").startswith("/kiemtra cho xem chương trình kiểm tra, giám sát")
    assert "Trong chương trình năm" in (answer.text or "")
    assert answer.buttons() == []  # nothing to propose
    assert "Chỉ tiêu" not in (answer.text or "")
    assert "/kiemtra" in ((await world.say(binh, "/trogiup")).text or "")


async def test_a_programme_drafted_in_november_is_warned_of_as_bunched_at_the_end(
    world: World,
) -> None:
    """Drafted in November, the rest of the year is November and December: every item falls
    there, more than the 40% allowed, and the committee is told on the draft's page (and again
    on each later page of the programme), not only by ``butpha oversight propose``."""
    giang = await world.join("B3", "Giang")
    world.clock.advance(days=250)  # early November
    assert world.clock.now().month == 11
    empty = await world.say(giang, "/kiemtra")
    await world.press(giang, empty, "📋 Đề xuất chương trình")
    await world.sandbox.wait_until_idle(quiet=0.1)
    draft = world.sandbox.last_message(giang.id)
    assert draft is not None
    warning = (
        "Tháng nhiều nhất: 66,67% số nội dung; hai tháng cuối năm: 100%.\n"
        "⚠ Hơn 40% số nội dung rơi vào tháng 11 và tháng 12: nên chuyển bớt lên sớm hơn."
    )
    assert warning in (draft.text or "")
    # The programme as /kiemtra lists it later says so too.
    assert warning in ((await world.say(giang, "/kiemtra")).text or "")


async def test_a_programme_spread_through_the_year_has_no_warning(world: World) -> None:
    giang = await world.join("B3", "Giang")
    empty = await world.say(giang, "/kiemtra")
    await world.press(giang, empty, "📋 Đề xuất chương trình")
    await world.sandbox.wait_until_idle(quiet=0.1)
    draft = world.sandbox.last_message(giang.id)
    assert draft is not None and "⚠" not in (draft.text or "")
    assert "hai tháng cuối năm" not in (draft.text or "")
