"""The examples a date prompt shows, built from today so that pasting one back always works:
a deadline within the task year and not yet past, a start or sending time still to come.
Each example is a code span, which Telegram copies with one tap."""

from __future__ import annotations

import html
from datetime import date, datetime

from bot.domain.dates import deadline_example
from bot.formatting import month_name
from bot.i18n import N_, Translator

QUARTER = N_("Q{quarter}")
YEAR_END = N_("end of year")


def code(text: str) -> str:
    return f"<code>{html.escape(text)}</code>"


def deadline_examples(today: date, year: int, t: Translator) -> str:
    """``31/01/2027``, ``31/01``, ``tháng 3``, ``quý 1`` or ``cuối năm`` (HTML)."""
    example = deadline_example(today, year)
    return t(
        "{date}, {day}, {month}, {quarter} or {year_end}",
        date=code(f"{example.day:%d/%m/%Y}"),
        day=code(f"{example.day:%d/%m}"),
        month=code(month_name(example.month, t.language)),
        quarter=code(t(QUARTER, quarter=example.quarter)),
        year_end=code(t(YEAR_END)),
    )


def moment_examples(at: datetime, today: date, relative: str, t: Translator) -> str:
    """``at`` as ``10/04/2026 14:00``, as ``10/04 14:00`` when it falls in this year (a day
    without a year is this year's), and as ``relative`` says it ("thứ Sáu tuần sau 14:00")."""
    examples = [f"{at:%d/%m/%Y %H:%M}"]
    if at.year == today.year:
        examples.append(f"{at:%d/%m %H:%M}")
    examples.append(relative)
    return ", ".join(code(e) for e in examples)
