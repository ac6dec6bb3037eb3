"""The period report's summary in the chat, paged: a long one (many cells with long names
behind on their meetings) comes in pages under Telegram's limit with ◀/▶ buttons that carry
the span, and every page after the first says which it is; a short one is one page with no
buttons. On Zalo the first page says how to get the files instead of promising them."""

from __future__ import annotations

from datetime import date

from bot.domain.inspections.periods import ReportPeriod
from bot.domain.model import Channel
from bot.domain.period_report.figures import CellMeetings, MeetingSection, MemberCounts
from bot.domain.period_report.spans import ReportSpan
from bot.i18n import translator
from bot.services.period_report.collect import PeriodReportData
from handlers.kit.pages import MAX_MESSAGE, utf16_len
from handlers.period_report.report_pages import ReportPage, span_of, summary_page

SPAN = ReportSpan(ReportPeriod.HALF, date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 15))


def _data(cells: int, name_length: int) -> PeriodReportData:
    names = {c: f"Chi bộ {c} " + "dài " * (name_length // 4) for c in range(1, cells + 1)}
    meetings = MeetingSection(
        [CellMeetings(c, n, 5, 3, 1, 0, 3, 30, 20, 2, 0, 2, 3) for c, n in names.items()], []
    )
    return PeriodReportData(
        name="Đảng bộ Thử",
        is_cell=False,
        span=SPAN,
        today=date(2020, 6, 20),
        cells=names,
        members={c: MemberCounts(10, 2, 3) for c in names},
        meetings=meetings,
    )


def test_a_long_summary_comes_in_pages_with_buttons_that_carry_the_span() -> None:
    t = translator("vi")
    data = _data(cells=40, name_length=900)
    # Names are cut in a finding, so the whole summary fits a message...
    assert utf16_len(summary_page(data, 0, Channel.TELEGRAM, t)[0]) <= MAX_MESSAGE
    # ...and when it does not (here: pages of 600), it comes in pages.
    _, keyboard, pages = summary_page(data, 0, Channel.TELEGRAM, t, limit=600)
    assert pages > 1
    every = [summary_page(data, p, Channel.TELEGRAM, t, limit=600)[0] for p in range(pages)]
    assert all(utf16_len(text) <= 600 + 20 for text in every)
    [[next_page]] = keyboard.inline_keyboard
    assert next_page.text == "Tiếp ▶"
    pressed = ReportPage.unpack(str(next_page.callback_data))
    assert pressed == ReportPage("6m", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 15), 1)
    assert span_of(pressed) == SPAN
    second, keyboard, _ = summary_page(data, 1, Channel.TELEGRAM, t, limit=600)
    assert second.endswith(f"Trang 2/{pages}")
    assert keyboard.inline_keyboard[0][0].text == "◀ Trước"


def test_a_short_summary_is_one_page_and_zalo_says_how_to_get_the_files() -> None:
    t = translator("vi")
    data = _data(cells=2, name_length=8)
    text, keyboard, pages = summary_page(data, 0, Channel.TELEGRAM, t)
    assert pages == 1 and keyboard.inline_keyboard == ((),)
    assert text.startswith("<b>Báo cáo 6 tháng đầu năm 2020 — Đảng bộ Thử</b>")
    assert text.endswith(
        "Bảng tính (.xlsx), dự thảo báo cáo (.docx) và biểu đồ được gửi ngay sau đây."
    )
    on_zalo, _, _ = summary_page(data, 0, Channel.ZALO, t)
    assert "Zalo không gửi được tệp" in on_zalo and "gửi ngay sau đây" not in on_zalo
