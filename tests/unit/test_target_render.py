"""/chitieu's list for a large year: several messages within Telegram's limit, cut between
lines, and no keyboard of a hundred buttons (a target opens with /chitieu N)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.domain.targets.lines import evaluate
from bot.i18n import translator
from bot.services.targets.targets import TargetView
from handlers.kit.pages import utf16_len
from handlers.targets.render import overview
from tests.unit.test_target_lines import target


def test_a_long_year_comes_in_several_messages() -> None:
    t = translator("vi")
    views = []
    for number in range(1, 121):
        made = target("22", title=f"Chỉ tiêu số {number} có một cái tên khá dài để thử độ dài")
        made = type(made)(**{**made.__dict__, "id": number})
        views.append(TargetView(made, evaluate(made, Decimal(number), date(2020, 6, 30)), "", True))
    pages, keyboard = overview(views, 2020, True, t)
    assert len(pages) > 1 and all(utf16_len(page) <= 4096 for page in pages)
    lines = [line for page in pages for line in page.splitlines() if line.startswith("№")]
    assert len(lines) == 120 and lines[-1].startswith("№120. ")
    assert keyboard is None
    few, buttons = overview(views[:7], 2020, False, t)
    assert len(few) == 1 and buttons is not None
    assert [b.text for row in buttons.inline_keyboard for b in row] == [
        f"№{n}" for n in range(1, 8)
    ]
