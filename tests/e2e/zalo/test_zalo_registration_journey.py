"""A member registers a task on Zalo as on Telegram: typed answers, the areas and the
preview's choices by number (or by their words), through to the confirmation."""

from __future__ import annotations

from tests.e2e.zalo.conftest import ZaloWorld

HINT = "Trả lời bằng số thứ tự để chọn."


async def test_dangky_by_conversation_with_numbered_choices(zalo_world: ZaloWorld) -> None:
    year = await zalo_world.open_year(areas=["Chất lượng đào tạo", "Nghiên cứu khoa học"])
    binh = await zalo_world.join("A2", "Bình")

    [first] = await zalo_world.answers(binh, "/dangky")
    assert f"năm {year}" in first.content and "Bước 1/4" in first.content
    assert "/huy" in first.content and "<b>" not in first.content
    [second] = await zalo_world.answers(binh, "Viết giáo trình <điện tử>")
    assert "Bước 2/4" in second.content
    [third] = await zalo_world.answers(binh, "01 giáo trình")
    assert "Bước 3/4" in third.content
    [areas] = await zalo_world.answers(binh, "quý 3")
    assert "Bước 4/4" in areas.content
    # The areas, numbered once (their labels carry their numbers), to be chosen by number.
    assert areas.content.endswith(f"1. Chất lượng đào tạo\n2. Nghiên cứu khoa học\n{HINT}")
    assert "1. 1." not in areas.content
    assert "bấm" not in areas.content  # no buttons on Zalo

    # A number that is no area: the question asks again, with the choices.
    [wrong] = await zalo_world.answers(binh, "9")
    assert "Xin chọn một trong các khâu đột phá." in wrong.content
    assert "1. Chất lượng đào tạo\n2. Nghiên cứu khoa học" in wrong.content
    [preview] = await zalo_world.answers(binh, "2")
    assert "Tên công việc: Viết giáo trình <điện tử>" in preview.content
    assert f"Hạn: Thứ Tư, 30/09/{year}" in preview.content
    assert "Khâu đột phá: Nghiên cứu khoa học" in preview.content
    assert preview.content.endswith(f"1. ✅ Xác nhận\n2. ✏️ Sửa\n3. ✖️ Hủy\n{HINT}")
    assert zalo_world.rows("SELECT count(*) FROM tasks") == [(0,)]  # nothing before Confirm

    # Edit the title by the choices' words, then confirm by number.
    [picker] = await zalo_world.answers(binh, "sua")
    assert "1. Tên công việc" in picker.content and "5. « Quay lại" in picker.content
    [asked] = await zalo_world.answers(binh, "1")
    assert "Hiện tại: Viết giáo trình <điện tử>" in asked.content
    [again] = await zalo_world.answers(binh, "Biên soạn giáo trình điện tử")
    assert "Tên công việc: Biên soạn giáo trình điện tử" in again.content
    assert "1. ✅ Xác nhận" in again.content
    [done] = await zalo_world.answers(binh, "1")
    assert "đã được gửi tới bí thư chi bộ để duyệt" in done.content
    assert "/congviec" in done.content and HINT not in done.content
    assert zalo_world.rows(
        "SELECT t.title, t.product, t.deadline, t.status, a.name FROM tasks t"
        " JOIN areas a ON a.id = t.area_id"
    ) == [
        (
            "Biên soạn giáo trình điện tử",
            "01 giáo trình",
            f"{year}-09-30",
            "submitted",
            "Nghiên cứu khoa học",
        )
    ]
    # The preview's choices were answered: "1" again registers nothing more.
    [hint] = await zalo_world.answers(binh, "1")
    assert "không có gì để chọn" in hint.content
    assert zalo_world.rows("SELECT count(*) FROM tasks") == [(1,)]
