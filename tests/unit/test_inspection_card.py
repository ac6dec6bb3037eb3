"""An item's card and the programme's pages as /kiemtra renders them, in Vietnamese: the
target member's breakthrough tasks with progress and the overdue ones marked, the self-reports
(text, or that a file came), the dated history with names, a conclusion only when the reader
may see it, the buttons for the reader's next steps and, for the programme's owner, its
changes; a long programme in pages, each with the quota lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.quotas import QuotaKind, QuotaLine
from bot.domain.inspections.records import (
    Event,
    Item,
    MemberTask,
    Programme,
    Review,
    SelfReport,
)
from bot.domain.model import Channel
from bot.domain.outbox import FileKind
from bot.domain.tasks import TaskStatus
from bot.i18n import translator
from bot.services.inspections.listing import ListedItem, ProgrammeView
from bot.services.inspections.steps import ItemCard
from handlers.inspections.item_render import card_keyboard, card_text
from handlers.inspections.programme_render import page

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
AT = datetime(2026, 4, 10, 2, 30, tzinfo=UTC)  # 09:30 in Vietnam

ITEM = Item(
    id=7,
    programme_id=1,
    kind=ItemKind.INSPECTION,
    content="Kiểm tra việc thực hiện nhiệm vụ đảng viên",
    target=Target(TargetKind.MEMBER, 5, 2),
    month=4,
    lead_id=4,
    team_ids=(6,),
    period="Năm 2025",
    method="Nghe báo cáo, xem xét hồ sơ",
    decision_ref="12-QĐ/ĐU",
    reason="",
    state=ItemState.CONCLUDED,
    review=Review.ACCEPTED,
    self_report_due=date(2026, 4, 20),
    self_report_at=AT,
    conclusion="Chấp hành tốt; hồ sơ số 7",
)


def _card(**changes: object) -> ItemCard:
    card = ItemCard(
        item=ITEM,
        programme=Programme(1, 2026, 1, AT, 3),
        is_root=True,
        names={4: "Đặng Văn Hùng", 5: "Hoàng Văn Em", 6: "Bùi Thị Lan", 3: "Võ Thị Giang"},
        target_name="Hoàng Văn Em",
        cell_name="Liên khoa",
        events=(Event(AT, 3, "decided", "12-QĐ/ĐU"), Event(AT, 5, "self_report", "")),
        next_steps=(ItemState.CONCLUSION_NOTIFIED,),
        conclusion_visible=True,
        self_reports=(
            SelfReport(1, 7, 5, AT, "Đã hoàn thành nhiệm vụ", None, None, Channel.TELEGRAM),
            SelfReport(2, 7, 5, AT, None, "F1", FileKind.PHOTO, Channel.ZALO),
        ),
        actions=(),
        tasks=(
            MemberTask("Viết giáo trình", TaskStatus.IN_PROGRESS, 40, date(2026, 3, 31)),
            MemberTask("Hướng dẫn học viên", TaskStatus.DONE, 100, date(2026, 3, 1)),
        ),
        today=date(2026, 4, 10),
    )
    return replace(card, **changes)  # type: ignore[arg-type]


def test_the_card_says_everything_in_vietnamese() -> None:
    text = card_text(_card(), ZONE, translator("vi"))
    for line in (
        "Kiểm tra số 7: Kiểm tra việc thực hiện nhiệm vụ đảng viên",
        "Đối tượng: đảng viên Hoàng Văn Em (Liên khoa)",
        "Mốc thời gian: Năm 2025",
        "Thời gian thực hiện: Tháng 4/2026",
        "Trưởng đoàn: Đặng Văn Hùng; thành viên: Bùi Thị Lan",
        "Phương pháp: Nghe báo cáo, xem xét hồ sơ",
        "Quyết định: 12-QĐ/ĐU",
        "Hạn báo cáo tự kiểm tra: 20/04/2026",
        "Trạng thái: đã kết luận",
        "Tóm tắt kết luận: Chấp hành tốt; hồ sơ số 7",
        "• 10/04/2026: Đã hoàn thành nhiệm vụ",
        "• 10/04/2026: đã nhận ảnh",
        "• Viết giáo trình — đang thực hiện, 40%, hạn 31/03/2026 ⚠",
        "• Hướng dẫn học viên — hoàn thành, 100%, hạn 01/03/2026",
        "⚠ 1 công việc quá hạn",
        "• 10/04/2026 09:30 — Võ Thị Giang: đã ra quyết định",
        "• 10/04/2026 09:30 — Hoàng Văn Em: gửi báo cáo tự kiểm tra",
    ):
        assert line in text, line
    assert "Hướng dẫn học viên — hoàn thành, 100%, hạn 01/03/2026 ⚠" not in text


def test_a_conclusion_the_reader_may_not_see_is_not_there() -> None:
    hidden = _card(conclusion_visible=False, item=replace(ITEM, conclusion=None))
    text = card_text(hidden, ZONE, translator("vi"))
    assert "Chấp hành tốt" not in text and "Tóm tắt kết luận" not in text


def test_the_buttons_are_the_readers_steps_and_the_owners_changes() -> None:
    t = translator("vi")
    labels = [b.text for row in card_keyboard(_card(), 0, t).inline_keyboard for b in row]
    assert labels == ["📣 Thông báo kết luận", "◀ Chương trình"]
    planned = _card(item=replace(ITEM, state=ItemState.PLANNED), next_steps=(), may_change=True)
    labels = [b.text for row in card_keyboard(planned, 0, t).inline_keyboard for b in row]
    assert labels == [
        "🗓 Chuyển tháng",
        "🎯 Đổi đối tượng",
        "👥 Đổi trưởng đoàn, thành viên",
        "🗑 Bỏ",
        "◀ Chương trình",
    ]


def test_a_long_programme_pages_with_the_quota_lines_on_every_page() -> None:
    items = tuple(
        ListedItem(replace(ITEM, id=n, month=1 + n // 3), "Hoàng Văn Em", "Liên khoa", "", "")
        for n in range(1, 26)
    )
    quota = QuotaLine(QuotaKind.CELLS_INSPECTED, 1, 5, Decimal(20), Decimal(20), 1)
    view = ProgrammeView(2026, items, (quota,), None, True, False, True)
    t = translator("vi")
    first, keyboard = page(view, 0, date(2026, 1, 5), t)
    assert "Trang 1/3" in first and "Kiểm tra chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt" in first
    assert "Tháng 1:" in first and "№1 Kiểm tra: đảng viên Hoàng Văn Em (Liên khoa)" in first
    assert "trưởng đoàn: chưa có — đã kết luận" in first
    labels = [b.text for row in keyboard.inline_keyboard for b in row] if keyboard else []
    assert labels[:2] == ["№1 Kiểm tra: Hoàng Văn Em", "№2 Kiểm tra: Hoàng Văn Em"]
    assert "Tiếp ▶" in labels and "➕ Thêm nội dung" in labels and len(labels) == 12
    last, keyboard = page(view, 9, date(2026, 1, 5), t)  # past the end: the last page
    assert "Trang 3/3" in last and "№25 " in last and "Chỉ tiêu:" in last
