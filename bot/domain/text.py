"""Text folding so people can type names without diacritics or in any case."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s_]+")


def fold(text: str) -> str:
    """Lowercase, without Vietnamese diacritics, single spaces: ``Họ và  tên`` → ``ho va ten``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def normalise_name(text: str) -> str:
    """A person's or unit's name as stored: NFC, trimmed, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_CELL_PREFIX = "chi bo "


@lru_cache(maxsize=8192)  # every cell's name is folded again for each meeting planned
def cell_key(name: str) -> str:
    """The key that identifies a cell by name: ``Chi bộ Phòng Đào tạo`` = ``phong dao tao``."""
    key = fold(name)
    return key[len(_CELL_PREFIX) :] if key.startswith(_CELL_PREFIX) else key


def name_sort_key(full_name: str) -> tuple[str, str]:
    """Vietnamese lists are ordered by given name (the last word), then by the whole name:
    "Trần Thị Bình" comes before "Lê Văn Cường"."""
    folded = fold(full_name)
    return (folded.rsplit(" ", 1)[-1], folded)
