"""Telegram messages as Zalo shows them: plain text, numbered choices, parts under 2,000."""

from __future__ import annotations

from channels.zalo.choices import OutOfRange, Press, match
from channels.zalo.render import (
    MAX_TEXT,
    Choice,
    Choices,
    choices_of,
    choices_text,
    compose,
    html_to_text,
)
from channels.zalo.updates import parse, telegram_update

KEYBOARD = {
    "inline_keyboard": [
        [
            {"text": "✅ Tham dự", "callback_data": "m:yes:7"},
            {"text": "❌ Vắng", "callback_data": "m:no:7"},
        ],
        [{"text": "⏰ Nhắc lại sau 1 giờ", "callback_data": "m:snooze:7"}],
        [{"text": "Bản đồ", "url": "https://maps.example.vn/p"}],
    ]
}


def test_html_becomes_plain_text_with_links_written_out() -> None:
    html = (
        '<b>Họp chi bộ</b> &amp; <i>học tập</i>: <a href="https://meet.example.vn/x">phòng '
        '<b>họp</b></a>, <a href="https://a.vn">https://a.vn</a>, '
        '<a href="tg://user?id=5">Lan</a> &lt;3 &quot;ok&quot;\n<code>/dangky</code>'
    )
    assert html_to_text(html) == (
        'Họp chi bộ & học tập: phòng họp (https://meet.example.vn/x), https://a.vn, Lan <3 "ok"'
        "\n/dangky"
    )


def test_a_keyboard_becomes_numbered_choices_and_links() -> None:
    choices = choices_of(KEYBOARD)
    assert [c.label for c in choices.buttons] == ["✅ Tham dự", "❌ Vắng", "⏰ Nhắc lại sau 1 giờ"]
    assert choices_text(choices, "Trả lời bằng số.") == (
        "1. ✅ Tham dự\n2. ❌ Vắng\n3. ⏰ Nhắc lại sau 1 giờ\n"
        "🔗 Bản đồ: https://maps.example.vn/p\nTrả lời bằng số."
    )
    links_only = choices_of({"inline_keyboard": [[{"text": "Mở", "url": "https://x.vn"}]]})
    assert choices_text(links_only, "Trả lời bằng số.") == "🔗 Mở: https://x.vn"
    assert not choices_of(None) and not choices_of({"keyboard": [[{"text": "a"}]]})


def test_a_label_numbered_as_its_choice_is_not_numbered_twice() -> None:
    areas = Choices(
        (Choice("1. Chất lượng đào tạo", "a:1"), Choice("2. Nghiên cứu khoa học", "a:2"))
    )
    assert choices_text(areas) == "1. Chất lượng đào tạo\n2. Nghiên cứu khoa học"
    # A label whose number is not its own, or a number that is part of the words, keeps it.
    others = Choices((Choice("Tháng 3", "m:3"), Choice("1. Quý 1", "q:1"), Choice("2024", "y")))
    assert choices_text(others) == "1. Tháng 3\n2. 1. Quý 1\n3. 2024"


def test_short_text_is_one_message_with_its_choices() -> None:
    assert compose("Họp lúc 14:00.", "1. ✅ Tham dự") == ["Họp lúc 14:00.\n\n1. ✅ Tham dự"]
    assert compose("Chỉ có chữ.") == ["Chỉ có chữ."]


def test_long_text_is_cut_at_paragraphs_and_the_choices_go_last() -> None:
    paragraphs = [f"Đoạn {n}. " + "chữ " * 120 for n in range(1, 13)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    choices = choices_text(choices_of(KEYBOARD), "Trả lời bằng số.")
    parts = compose(text, choices)
    assert len(parts) > 2
    assert all(len(p) <= MAX_TEXT for p in parts)
    assert all(p.startswith("Đoạn ") for p in parts)
    assert parts[-1].endswith(choices) and not any("Tham dự" in p for p in parts[:-1])
    assert " ".join(parts).split()[: -len(choices.split())] == text.split()


def test_a_paragraph_too_long_is_cut_at_lines_then_words() -> None:
    lines = "\n".join(f"Dòng {n}: " + "từ " * 60 for n in range(30))
    parts = compose(lines)
    assert all(len(p) <= MAX_TEXT for p in parts) and len(parts) > 1
    assert all(p.startswith("Dòng ") for p in parts)
    one_line = "chữ " * 1500
    parts = compose(one_line)
    assert all(len(p) <= MAX_TEXT for p in parts)
    assert " ".join(parts).split() == one_line.split()


def test_the_last_part_leaves_room_for_the_choices() -> None:
    text = "a " * 995  # 1,989 characters: fits alone, not with the choices
    choices = "1. ✅ Tham dự\n2. ❌ Vắng"
    parts = compose(text, choices)
    assert len(parts) == 2 and all(len(p) <= MAX_TEXT for p in parts)
    assert parts[-1].endswith(choices)


def test_choices_longer_than_a_message_get_parts_of_their_own() -> None:
    many = Choices(tuple(Choice(f"Lựa chọn số {n} " + "x" * 40, str(n)) for n in range(80)))
    parts = compose("Chọn một:", choices_text(many))
    assert parts[0] == "Chọn một:" and all(len(p) <= MAX_TEXT for p in parts)
    assert "".join(parts[1:]).count("Lựa chọn số") == 80


def test_a_number_presses_that_choice_or_is_out_of_range() -> None:
    choices = choices_of(KEYBOARD)
    assert match("1", choices) == Press(0)
    assert match(" 3. ", choices) == Press(2)
    assert match("4", choices) == OutOfRange(4)  # the link is not a choice
    assert match("0", choices) == OutOfRange(0)
    assert match("75", Choices()) == OutOfRange(75)
    assert match("12345678", choices) is None  # a code, not a choice


def test_a_list_the_text_numbers_keeps_its_numbers() -> None:
    """Page 2 of a list numbers its items 9, 10…: the member types the number they read, not a
    second numbering ("1. 9. Đề tài…"); ◀ ▶ follow the highest."""
    page_two = Choices(
        (
            Choice("9. Đề tài khoa học cấp cơ sở", "tk:v:9"),
            Choice("10. Viết bài cho bản tin", "tk:v:10"),
            Choice("◀ Trang trước", "tk:l:0"),
        )
    )
    assert choices_text(page_two) == (
        "9. Đề tài khoa học cấp cơ sở\n10. Viết bài cho bản tin\n11. ◀ Trang trước"
    )
    assert match("10", page_two) == Press(1)
    assert match("11", page_two) == Press(2)
    assert match("1", page_two) == OutOfRange(1)
    assert match("viet bai cho ban tin", page_two) == Press(1)
    first_page = Choices((Choice("1. Đề tài", "tk:v:1"), Choice("2. Viết bài", "tk:v:2")))
    assert choices_text(first_page) == "1. Đề tài\n2. Viết bài"
    twice = Choices((Choice("1. A", "a"), Choice("1. B", "b")))
    assert choices_text(twice) == "1. A\n2. 1. B"  # ambiguous: numbered in order


def test_a_choice_is_pressed_by_its_words_whatever_the_case_emoji_or_diacritics() -> None:
    choices = choices_of(KEYBOARD)
    assert match("tham du", choices) == Press(0)
    assert match("✅ Tham dự", choices) == Press(0)
    assert match("VẮNG", choices) == Press(1)
    assert match("nhac lai sau 1 gio", choices) == Press(2)
    assert match("tham", choices) is None
    assert match("tiến độ", choices) is None
    assert match("👍", choices) is None


def test_a_zalo_text_update_becomes_a_telegram_message_with_its_command() -> None:
    from datetime import UTC, datetime

    from bot.domain.zalo import ZaloChat

    raw = {
        "ok": True,
        "result": {
            "event_name": "message.text.received",
            "message": {
                "from": {"id": "a1b2", "name": "Lan", "is_bot": False},
                "chat": {"id": "a1b2", "chat_type": "PRIVATE"},
                "text": "/start ABC",
                "message_id": "m9",
                "date": 1750316131602,
            },
        },
    }
    parsed = parse(raw)
    assert parsed is not None and parsed.key == "message.text.received:m9"
    assert parsed.display_name == "Lan" and parsed.date == 1750316131
    chat = ZaloChat(7, "a1b2", "Lan", datetime(2026, 1, 1, tzinfo=UTC))
    update = telegram_update(parsed, chat, update_id=3, message_id=4)
    message = update["message"]
    assert message["from"]["id"] == message["chat"]["id"] == 7
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    group = {
        **raw["result"],
        "message": {**raw["result"]["message"], "chat": {"id": "g", "chat_type": "GROUP"}},
    }  # type: ignore[dict-item]
    assert parse(group) is None
