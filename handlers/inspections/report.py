"""/kiemtra baocao [period] [year]: the period report of inspection and supervision in the chat,
for the committee and the inspection commission (the organisation's) and a cell secretary
(their cell's, from its own programme). The period is written as the statistics forms name
it: ``thang`` (this month, or ``thang3``), ``q1``, ``6thang``, ``9thang``, ``nam`` (the
default); a four-digit word is the year. Anyone else is refused politely by the service."""

from __future__ import annotations

import html
import re

from telegram import Update

from bot.domain.inspections.periods import ReportPeriod
from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import Translator
from handlers.inspections.report_text import report_lines
from handlers.kit.context import BotContext
from handlers.kit.replies import reply

# The first word after /kiemtra that asks for the report.
_PERIODS = {
    "q1": ReportPeriod.Q1,
    "quy1": ReportPeriod.Q1,
    "quyi": ReportPeriod.Q1,
    "6thang": ReportPeriod.HALF,
    "6m": ReportPeriod.HALF,
    "sauthang": ReportPeriod.HALF,
    "9thang": ReportPeriod.NINE_MONTHS,
    "9m": ReportPeriod.NINE_MONTHS,
    "chinthang": ReportPeriod.NINE_MONTHS,
    "nam": ReportPeriod.YEAR,
    "year": ReportPeriod.YEAR,
    "canam": ReportPeriod.YEAR,
    "": ReportPeriod.YEAR,
}
_MONTH = re.compile(r"^(?:thang|month)(\d{1,2})?$")
_YEAR = re.compile(r"^\d{4}$")

Asked = tuple[ReportPeriod, int | None, int | None]


def parse_period(words: list[str]) -> Asked | None:
    """The period, year and month the words after ``baocao`` ask for; None if not understood:
    ``["6thang", "2020"]``, ``["6", "tháng"]``, ``["tháng", "3"]``, ``[]`` (the year)."""
    year = None
    rest = []
    for word in words:
        if _YEAR.match(word) and year is None:
            year = int(word)
        else:
            rest.append(fold(word).replace(" ", ""))
    joined = "".join(rest)
    if joined in _PERIODS:
        return _PERIODS[joined], year, None
    month = _MONTH.match(joined)
    if month is None:
        return None
    number = None if month.group(1) is None else int(month.group(1))
    if number is not None and not 1 <= number <= 12:
        return None
    return ReportPeriod.MONTH, year, number


async def show_report(
    update: Update, context: BotContext, identity: Identity, t: Translator, tail: str
) -> None:
    words = tail.split()
    asked = parse_period(words)
    if asked is None:
        await reply(
            update,
            html.escape(
                t(
                    "Write /kiemtra baocao and a period: thang (this month, or thang3), q1, "
                    "6thang, 9thang or nam, and a year if not this one. For example: "
                    "/kiemtra baocao 6thang 2020."
                )
            ),
        )
        return
    period, year, month = asked
    report = await context.services.inspection_report.report(identity, period, year, month)
    lines = [html.escape(line) for line in report_lines(report, t)]
    lines[0] = f"<b>{lines[0]}</b>"
    await reply(update, "\n".join(lines))
