"""The notice that tells whom an item is about of its conclusion, when the lead notifies it."""

from __future__ import annotations

import html

from bot.i18n import Translator, translator
from bot.i18n.inspection_labels import ITEM_KIND_NAMES
from bot.services.inspections.steps import ConclusionNotice, ConclusionSent


def conclusion_text(sent: ConclusionSent, t: Translator) -> str:
    item = sent.item
    lines = [
        t("📣 The conclusion is notified"),
        f"{t(ITEM_KIND_NAMES[item.kind])}: «{html.escape(item.content)}»",
        t("Target: {target}", target=html.escape(sent.target_name)),
        "",
        html.escape(item.conclusion or ""),
        "",
        t(
            "The item's card: /kiemtra {number}. The remediation it asks for, if any: /khacphuc.",
            number=str(item.id),
        ),
    ]
    return "\n".join(lines)


def conclusion_notice(default_language: str) -> ConclusionNotice:
    """The notice in each reader's language."""

    def render(sent: ConclusionSent) -> str:
        return conclusion_text(
            sent, translator(sent.language or default_language, default_language)
        )

    return render
