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


# Typed instead of pressing «Bỏ qua»: older members often write the button's words.
SKIP_WORDS = frozenset({"bo qua", "skip", "khong", "khong co", "-", "."})


def means_skip(text: str) -> bool:
    """``Bỏ qua``, ``bo qua``, ``không``, ``skip``…: the member passes on an optional answer."""
    return fold(text) in SKIP_WORDS


def normalise_name(text: str) -> str:
    """A person's or unit's name as stored: NFC, trimmed, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


_CELL_PREFIX = "chi bo "


@lru_cache(maxsize=8192)  # every cell's name is folded again for each meeting planned
def cell_key(name: str) -> str:
    """The key that identifies a cell by name: ``Chi bộ Phòng Đào tạo`` = ``phong dao tao``."""
    key = fold(name)
    return key[len(_CELL_PREFIX) :] if key.startswith(_CELL_PREFIX) else key


# The Vietnamese alphabet: ă and â follow a, đ follows d, ê follows e, ô and ơ follow o, ư
# follows u; f, j, w and z (foreign words) take their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tones, in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# The marks that make a letter of their own (ă â ê ô ơ ư): breve, circumflex, horn.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}

Collation = tuple[tuple[int, ...], tuple[int, ...]]


def _rank(char: str) -> int:
    """A space sorts first ("Hà An" before "Hàm"); digits and other signs after the letters."""
    if char == " ":
        return -1
    return _RANK.get(char, len(_ALPHABET) + ord(char))


@lru_cache(maxsize=16384)
def collation_key(text: str) -> Collation:
    """Vietnamese dictionary order: letters first (``a < ă < â < b``, ``d < đ``), tones only to
    break ties (``a < à < ả < ã < á < ạ``); case and extra spaces do not count. Code-point
    order would put "Huỳnh" before "Hà" and "Đào" after "Yến"."""
    letters: list[str] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", normalise_name(text).lower()):
        if char in _TONES and letters:
            tones[-1] = _TONES[char]
        elif char in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        elif not unicodedata.combining(char):
            letters.append(char)
            tones.append(0)
    return tuple(_rank(c) for c in letters), tuple(tones)


def cell_sort_key(name: str) -> Collation:
    """Cells in Vietnamese dictionary order, "Chi bộ" left aside: Đào tạo after Dân vận."""
    name = normalise_name(name)
    return collation_key(name[len(_CELL_PREFIX) :] if fold(name).startswith(_CELL_PREFIX) else name)


def name_sort_key(full_name: str) -> tuple[Collation, Collation]:
    """Vietnamese lists of people are ordered by given name (the last word), then by the whole
    name, in Vietnamese dictionary order: "Trần Thị Bình" before "Lê Văn Cường", "Hà" before
    "Huỳnh", "Ngô" before "Nguyễn", "Dung" before "Đào"."""
    name = normalise_name(full_name)
    return (collation_key(name.rsplit(" ", 1)[-1]), collation_key(name))
