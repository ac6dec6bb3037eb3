"""A page of who did not get a notice: in the order the whole list had, and within a message
whatever the names."""

from __future__ import annotations

from bot.domain.broadcasts import MISSED_ORDER, Missed, MissReason
from bot.i18n import translator
from bot.services.broadcasts.broadcast_reports import MissingPage
from handlers.broadcasts import broadcast_missing_render as render
from handlers.broadcasts.broadcast_report import MISSED_PER_PAGE
from handlers.kit.pages import PAGE_SIZE, utf16_len


def test_the_reasons_are_listed_in_the_order_pages_are_counted_in() -> None:
    assert list(render.REASONS) == list(MISSED_ORDER)


def test_a_page_of_very_long_names_still_fits() -> None:
    t = translator("vi", "vi")
    long = "Nguyễn & <Thị> " * 8  # 120 characters, longer once escaped
    items = [
        Missed(f"{long}{n}", long, MissReason.FAILED, error="Forbidden: " + "x" * 200)
        for n in range(MISSED_PER_PAGE)
    ]
    text = render.missing_page(MissingPage(7, 5_000, items, 3, 125, continued=True), t)
    assert utf16_len(text) <= PAGE_SIZE
    lines = text.splitlines()
    assert lines[0] == "<b>Chưa nhận thông báo số 7: 5.000</b>"
    assert lines[1].endswith("(tiếp)")
    assert len(lines) == 2 + MISSED_PER_PAGE and all(line.startswith("• ") for line in lines[2:])


def test_short_names_are_kept_whole() -> None:
    t = translator("vi", "vi")
    items = [Missed("Lê Văn Cường", "Phòng Đào tạo", MissReason.NOT_LINKED)]
    text = render.missing_page(MissingPage(2, 1, items, 0, 1, continued=False), t)
    assert text.splitlines()[1:] == [
        "👤 Chưa dùng bot (gửi link mời bằng /moi):",
        "• Lê Văn Cường (Phòng Đào tạo)",
    ]
