"""Adding an item from /kiemtra: in one line (bad input explained with the grammar, nothing
stored), as a form one question at a time, and /kiemtra with a word it does not know."""

from __future__ import annotations

import sqlite3

from tests.e2e.conftest import World


def _items(world: World) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(
            conn.execute(
                "SELECT kind, content, target_kind, month, lead_id IS NOT NULL, method"
                " FROM inspection_items ORDER BY id"
            )
        )


async def test_the_committee_adds_items_in_one_line_and_as_a_form(world: World) -> None:
    giang = await world.join("B3", "Giang")  # the committee, in Liên khoa
    # Bad input: told why and how, nothing stored.
    bad = await world.say(giang, "/kiemtra them kiểm tra; Phòng Đào tạo; tháng 13; Nghị quyết")
    assert (bad.text or "").startswith("Tôi không đọc được «tháng 13» là tháng")
    assert "/kiemtra them loại; đối tượng; tháng; nội dung" in (bad.text or "")
    short = await world.say(giang, "/kiemtra them kiểm tra; Phòng Đào tạo")
    assert (short.text or "").startswith("Cần ít nhất loại, đối tượng, tháng và nội dung")
    # Herself as the lead of an item about her own cell: refused with the reason.
    own = await world.say(giang, "/kiemtra them kiểm tra; Liên khoa; 5; Nghị quyết; B3")
    assert "Đồng chí Võ Thị Giang không thể tham gia nội dung này" in (own.text or "")
    assert _items(world) == []
    added = await world.say(
        giang,
        "/kiemtra them kiem tra; Phong Dao tao; thang 5; Việc thực hiện nghị quyết; B3",
        predicate=lambda m: "Đã thêm" in (m.text or ""),
    )
    assert "✅ Đã thêm vào chương trình, số №" in (added.text or "")
    # The form: kind by button, then one question per message.
    await world.sandbox.wait_until_idle(quiet=0.1)  # the new item's card follows
    help_text = await world.say(
        giang, "/kiemtra them", predicate=lambda m: "trong một dòng" in (m.text or "")
    )
    assert "Thêm một nội dung trong một dòng" in (help_text.text or "")
    await world.press(giang, help_text, "📝 Điền từng bước")
    kinds = world.sandbox.last_message(giang.id)
    assert kinds is not None and "Nội dung mới: thuộc loại nào?" in (kinds.text or "")
    await world.press(giang, kinds, "Giám sát chuyên đề")
    steps = [
        ("Giám sát việc nêu gương", "Đối tượng là ai?"),
        ("A2", "Thực hiện vào tháng nào?"),
        ("tháng 13", "Tôi không đọc được «tháng 13» là tháng"),
        ("7", "Ai làm trưởng đoàn"),
        ("bỏ qua", "Phương pháp thực hiện?"),
    ]
    for typed, asked in steps:
        answer = await world.say(giang, typed)
        assert asked in (answer.text or ""), (typed, answer.text)
    done = await world.say(
        giang, "Nghe báo cáo, xem xét hồ sơ", predicate=lambda m: "Đã thêm" in (m.text or "")
    )
    assert "Giám sát việc nêu gương" in (done.text or "")
    assert _items(world) == [
        ("inspection", "Việc thực hiện nghị quyết", "cell", 5, 1, ""),
        (
            "thematic_supervision",
            "Giám sát việc nêu gương",
            "member",
            7,
            0,
            "Nghe báo cáo, xem xét hồ sơ",
        ),
    ]


async def test_a_member_may_not_add_and_unknown_words_get_help(world: World) -> None:
    binh = await world.join("A2", "Bình")
    refused = await world.say(binh, "/kiemtra them kiểm tra; Liên khoa; 5; Nghị quyết")
    assert refused.text == (
        "Chỉ Đảng ủy thêm nội dung vào chương trình của Đảng bộ, và bí thư chi bộ vào chương "
        "trình của chi bộ."
    )
    unknown = await world.say(binh, "/kiemtra xoa 3")
    assert (unknown.text or "").startswith("/kiemtra không hiểu «xoa».")
    # What was typed comes back as typed, not as markup (a tag once broke the reply).
    tagged = await world.say(binh, "/kiemtra <script>alert(1)</script>")
    assert (tagged.text or "").startswith("/kiemtra không hiểu «<script>alert(1)</script>».")
    assert "baocao" in (tagged.text or "")
