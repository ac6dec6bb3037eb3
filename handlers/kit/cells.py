"""How a cell is named in a message, whichever feature writes it."""

from __future__ import annotations

import html

from bot.domain.text import fold
from bot.i18n import Translator


def cell_title(name: str, t: Translator) -> str:
    """``Chi bộ Phòng Đào tạo``: the word "cell" unless the name already starts with it."""
    if fold(name).startswith("chi bo "):
        return html.escape(name)
    return t("Cell {name}", name=html.escape(name))
