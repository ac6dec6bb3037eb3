"""Reading what people write to the targets service: a target as one line, with what is wrong
in it field by field (message ids the edge translates), and a recorded value. Kept apart from
:mod:`bot.services.targets.targets`, which decides who may set, see and record targets."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.errors import UserError
from bot.domain.targets.grammar import LARGEST, number
from bot.i18n import N_

BAD_VALUE = N_(
    "«{value}» is not a value: write a number, e.g. <code>23</code>, <code>1.668</code> or "
    "<code>92,5</code>."
)
BAD_LINE = N_("This line cannot be read as a target:")
PROBLEMS = {
    "title": N_("the title (first field) is missing"),
    "title_long": N_("the title is longer than 200 characters"),
    "planned": N_(
        "the planned value (second field) is missing or not a number: e.g. «≥ 22», «trên 97%», "
        "«100%», «không»"
    ),
    "unit_long": N_("the unit is longer than 30 characters"),
    "section_long": N_("the section is longer than 80 characters"),
    "too_many": N_("there are more than five fields"),
    "decimals": N_("the decimals («số lẻ: 1») are a whole number from 0 to 4"),
    "lines": N_(
        "the message has several lines: send one target per message (or many at once from a "
        "spreadsheet: butpha targets import)"
    ),
    "source": N_(
        "the source is not one the bot computes: học tập đảng viên, học tập quần chúng, công "
        "việc hoàn thành, kiểm tra chi bộ, kiểm tra đảng viên, giám sát chi bộ, sinh hoạt đạt yêu "
        "cầu, xếp loại tốt trở lên, xếp loại xuất sắc"
    ),
}


class LineProblems(UserError):
    """A line that is no target, with what is wrong in it (message ids the edge translates)."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__(BAD_LINE)
        self.problems = problems


def read_value(text: str) -> Decimal:
    written = text.strip().rstrip("%").strip()
    amount = number(written)
    if amount is None or amount >= LARGEST:
        raise UserError(BAD_VALUE, value=text.strip()[:40])
    return amount
