"""The period report's summary in the chat: pages of what did not meet, what needs attention
and what met, with ◀/▶ buttons that carry the span (callback data ``rp:p:<period>:<first>:
<last>:<cut-off>:<page>``), so a page is made again from the figures of that span."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Literal

from telegram import InlineKeyboardMarkup

from bot.domain.inspections.periods import ReportPeriod
from bot.domain.model import Channel
from bot.domain.period_report.spans import ReportSpan
from bot.i18n import Translator
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.sections import sections, summary_blocks
from handlers.kit.callbacks import CallbackData
from handlers.kit.pages import PAGE_SIZE, clamp, navigation, page_line, paginate

PeriodWord = Literal["month", "q1", "6m", "9m", "year", "range"]
RANGE = "range"


@dataclass(frozen=True)
class ReportPage(CallbackData, prefix="rp:p:"):
    """A page of the report's summary for the span these dates give."""

    period: PeriodWord
    first: date
    last: date
    as_of: date
    page: int


def page_button(span: ReportSpan, page: int) -> ReportPage:
    period: PeriodWord = span.period.value if span.period else RANGE  # type: ignore[assignment]
    return ReportPage(period, span.first, span.last, span.as_of, page)


def span_of(pressed: ReportPage) -> ReportSpan:
    period = None if pressed.period == RANGE else ReportPeriod(pressed.period)
    return ReportSpan(period, pressed.first, pressed.last, pressed.as_of)


def summary_page(
    data: PeriodReportData, page: int, channel: Channel, t: Translator, limit: int = PAGE_SIZE
) -> tuple[str, InlineKeyboardMarkup, int]:
    """The page's HTML, its buttons and the number of pages. The first page says where the
    files are: below on Telegram; on Zalo, which cannot send files, how to get them."""
    blocks = [html.escape(b) for b in summary_blocks(data, sections(data, t), t)]
    blocks[0] = f"<b>{blocks[0]}</b>"
    if channel is Channel.TELEGRAM:
        blocks.append(t("The workbook (.xlsx), the draft report (.docx) and the charts follow."))
    else:
        blocks.append(
            t(
                "Files cannot be sent on Zalo: for the workbook (.xlsx) and the draft report "
                "(.docx), open the bot on Telegram and send the same command, or ask the "
                "operator to run: butpha report --out bao-cao.docx"
            )
        )
    # A blank line between blocks; a block is never split across pages.
    pages = paginate([f"{b}\n" for b in blocks[:-1]] + blocks[-1:], limit)
    page = clamp(page, len(pages))
    footer = page_line(page, len(pages), t)
    text = pages[page] + (f"\n\n{footer}" if footer else "")
    keyboard = InlineKeyboardMarkup(
        [navigation(partial(page_button, data.span), page, len(pages), t)]
    )
    return text, keyboard, len(pages)
