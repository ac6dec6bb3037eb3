"""Reading what a person types for an item: its kind («kiểm tra», «giám sát chuyên đề», «gstx»,
English too) and its month («4», «tháng 4», «T4», «April» is not read: a number is asked for).
Case and diacritics do not count."""

from __future__ import annotations

import re

from bot.domain.inspections.model import ItemKind
from bot.domain.text import fold

# Longest first, so «kiểm tra khi có dấu hiệu vi phạm» is not read as «kiểm tra».
KIND_WORDS: tuple[tuple[str, ItemKind], ...] = (
    ("kiem tra khi co dau hieu vi pham", ItemKind.VIOLATION_INSPECTION),
    ("kiem tra dau hieu vi pham", ItemKind.VIOLATION_INSPECTION),
    ("giam sat thuong xuyen", ItemKind.REGULAR_SUPERVISION),
    ("giam sat chuyen de", ItemKind.THEMATIC_SUPERVISION),
    ("violation inspection", ItemKind.VIOLATION_INSPECTION),
    ("thematic supervision", ItemKind.THEMATIC_SUPERVISION),
    ("regular supervision", ItemKind.REGULAR_SUPERVISION),
    ("kiem tra vi pham", ItemKind.VIOLATION_INSPECTION),
    ("supervision", ItemKind.THEMATIC_SUPERVISION),
    ("inspection", ItemKind.INSPECTION),
    ("giam sat", ItemKind.THEMATIC_SUPERVISION),
    ("kiem tra", ItemKind.INSPECTION),
    ("vi pham", ItemKind.VIOLATION_INSPECTION),
    ("gstx", ItemKind.REGULAR_SUPERVISION),
    ("gscd", ItemKind.THEMATIC_SUPERVISION),
    ("kt", ItemKind.INSPECTION),
    ("gs", ItemKind.THEMATIC_SUPERVISION),
)

_MONTH = re.compile(r"^(?:thang|month|t)?\s*0?([1-9]|1[0-2])$")


def read_kind(text: str) -> ItemKind | None:
    words = " ".join(fold(text).split())
    for written, kind in KIND_WORDS:
        if words == written:
            return kind
    return None


def read_month(text: str) -> int | None:
    found = _MONTH.match(" ".join(fold(text).split()))
    return None if found is None else int(found.group(1))
