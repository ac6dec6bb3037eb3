"""The forgiving one-line form of a target: ``Lớp đào tạo; ≥ 22; lớp; chính trị``.

Fields are separated by ``;`` (or ``|``): the title first, then the planned value with its
comparator (``≥ 22``, ``>= 22``, ``22``, ``ít nhất 22``, ``trên 97%``, ``> 97``, ``tối đa 2``,
``không``, ``0``), the unit (which may come with the value: ``22 lớp``, ``97%``), the section
(``chính trị``, ``xây dựng Đảng``, ``kiểm tra giám sát``, … or any words) and, optionally, the
owner (a cell's name or a member's code or name, resolved by the service). Words, diacritics and
case are read loosely; what cannot be read is said, field by field, and nothing is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bot.domain.targets.model import MAX_DECIMALS, Comparator, Section, Source
from bot.domain.text import fold

# Folded words → comparator, longest first so "it nhat" wins over nothing.
_COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = (
    (">=", Comparator.AT_LEAST),
    ("=>", Comparator.AT_LEAST),
    ("≥", Comparator.AT_LEAST),
    ("<=", Comparator.AT_MOST),
    ("=<", Comparator.AT_MOST),
    ("≤", Comparator.AT_MOST),
    (">", Comparator.MORE_THAN),
    ("<", Comparator.AT_MOST),
    ("it nhat", Comparator.AT_LEAST),
    ("toi thieu", Comparator.AT_LEAST),
    ("at least", Comparator.AT_LEAST),
    ("phan dau", Comparator.AT_LEAST),
    ("dat", Comparator.AT_LEAST),
    ("tren", Comparator.MORE_THAN),
    ("hon", Comparator.MORE_THAN),
    ("more than", Comparator.MORE_THAN),
    ("over", Comparator.MORE_THAN),
    ("toi da", Comparator.AT_MOST),
    ("khong qua", Comparator.AT_MOST),
    ("duoi", Comparator.AT_MOST),
    ("at most", Comparator.AT_MOST),
)
_ZERO_WORDS = frozenset({"khong", "khong co", "0", "= 0", "=0", "none", "zero", "no"})

SECTION_WORDS: dict[str, Section] = {
    "chinh tri": Section.POLITICS,
    "chinh tri tu tuong": Section.POLITICS,
    "cong tac chinh tri tu tuong": Section.POLITICS,
    "tu tuong": Section.POLITICS,
    "politics": Section.POLITICS,
    "xay dung dang": Section.PARTY_BUILDING,
    "to chuc": Section.PARTY_BUILDING,
    "party building": Section.PARTY_BUILDING,
    "kiem tra giam sat": Section.INSPECTION,
    "kiem tra, giam sat": Section.INSPECTION,
    "kiem tra": Section.INSPECTION,
    "inspection": Section.INSPECTION,
    "dao tao": Section.TRAINING,
    "dao tao boi duong": Section.TRAINING,
    "dao tao, boi duong": Section.TRAINING,
    "training": Section.TRAINING,
    "dan van": Section.MASS,
    "doan the": Section.MASS,
    "mass": Section.MASS,
    "khac": Section.OTHER,
    "other": Section.OTHER,
}

SOURCE_WORDS: dict[str, Source] = {
    "nhap": Source.ENTERED,
    "entered": Source.ENTERED,
    "hoc tap dang vien": Source.STUDY_PARTY,
    "study party": Source.STUDY_PARTY,
    "study_party": Source.STUDY_PARTY,
    "hoc tap quan chung": Source.STUDY_NON_PARTY,
    "study non party": Source.STUDY_NON_PARTY,
    "study_non_party": Source.STUDY_NON_PARTY,
    "cong viec hoan thanh": Source.TASKS_DONE,
    "tasks done": Source.TASKS_DONE,
    "tasks_done": Source.TASKS_DONE,
    "kiem tra chi bo": Source.CELLS_INSPECTED,
    "cells inspected": Source.CELLS_INSPECTED,
    "cells_inspected": Source.CELLS_INSPECTED,
    "kiem tra dang vien": Source.MEMBERS_INSPECTED,
    "members inspected": Source.MEMBERS_INSPECTED,
    "members_inspected": Source.MEMBERS_INSPECTED,
    "giam sat chi bo": Source.CELLS_SUPERVISED,
    "cells supervised": Source.CELLS_SUPERVISED,
    "cells_supervised": Source.CELLS_SUPERVISED,
    "sinh hoat dat yeu cau": Source.MEETINGS_AT_BAR,
    "meetings at bar": Source.MEETINGS_AT_BAR,
    "meetings_at_bar": Source.MEETINGS_AT_BAR,
    "xep loai tot tro len": Source.RATING_GOOD_OR_BETTER,
    "rating good or better": Source.RATING_GOOD_OR_BETTER,
    "rating_good_or_better": Source.RATING_GOOD_OR_BETTER,
    "xep loai xuat sac": Source.RATING_EXCELLENT,
    "rating excellent": Source.RATING_EXCELLENT,
    "rating_excellent": Source.RATING_EXCELLENT,
}
# «số lẻ: 1», «thập phân: 1», «decimals: 1»: the target's own number of decimals.
_DECIMALS_PREFIX = re.compile(r"^(?:so le|thap phan|decimals)\s*:\s*", re.IGNORECASE)
_SOURCE_PREFIX = re.compile(r"^(?:nguon|source|tu dong|auto)\s*:?\s*", re.IGNORECASE)
_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$|^(\d+)\.(\d+)$")
LARGEST = Decimal(10) ** 12


@dataclass(frozen=True)
class Planned:
    comparator: Comparator
    value: Decimal
    unit: str = ""  # what followed the number: "lớp", "%"


@dataclass
class ParsedTarget:
    title: str = ""
    planned: Planned | None = None
    unit: str = ""
    section: str = Section.OTHER.value
    owner: str = ""  # as written; resolved by the service
    source: Source = Source.ENTERED
    decimals: int | None = None  # «số lẻ: 1»: None, the setting's
    problems: list[str] = field(default_factory=list)  # problem keys, see PROBLEMS


def number(text: str) -> Decimal | None:
    """``1.668`` and ``104,55`` as Vietnamese writes them, ``22.5`` as English does."""
    text = text.strip().replace(" ", "")
    match = _NUMBER.match(text)
    if match is None:
        return None
    try:
        if match.group(3) is not None:
            return Decimal(f"{match.group(3)}.{match.group(4)}")
        whole = match.group(1).replace(".", "")
        return Decimal(f"{whole}.{match.group(2)}" if match.group(2) else whole)
    except InvalidOperation:
        return None


def planned(text: str) -> Planned | None:
    """``≥ 22``, ``22 lớp``, ``trên 97%``, ``không`` … ; None when it is no value."""
    folded = fold(text)
    if folded in _ZERO_WORDS:
        return Planned(Comparator.ZERO, Decimal(0))
    comparator = Comparator.AT_LEAST
    rest = text.strip()
    for word, meaning in _COMPARATOR_WORDS:
        if folded.startswith(word):
            comparator = meaning
            rest = _strip_words(rest, len(word.split()) if word[0].isalpha() else 0, word)
            break
    rest = rest.strip()
    match = re.match(r"^([\d.,\s]*\d)\s*(.*)$", rest)
    if match is None:
        return None
    value = number(match.group(1))
    if value is None or value >= LARGEST:
        return None
    unit = match.group(2).strip()
    if comparator is Comparator.AT_LEAST and value == 0 and not unit:
        comparator = Comparator.ZERO
    return Planned(comparator, value, unit)


def _strip_words(text: str, words: int, symbol: str) -> str:
    if words == 0:
        return text.strip()[len(symbol) :]
    return text.split(None, words)[-1] if len(text.split()) > words else ""


def section_of(text: str) -> str:
    """A known section's value, or the words as written."""
    known = SECTION_WORDS.get(fold(text).replace("-", " "))
    return known.value if known is not None else " ".join(text.split())


def source_of(text: str) -> Source | None:
    """``nguồn: học tập đảng viên`` and the like; None when ``text`` names no source."""
    folded = fold(text)
    if not _SOURCE_PREFIX.match(folded):
        return None
    return SOURCE_WORDS.get(_SOURCE_PREFIX.sub("", folded).replace("-", " ").strip())


def parse_line(text: str) -> ParsedTarget:
    """The fields of one line; ``problems`` lists what could not be read (nothing raised)."""
    if len([line for line in text.splitlines() if line.strip()]) > 1:
        # Several targets typed in one message: read as one, the second line would end up in
        # the first's fields. Said, and nothing saved.
        return ParsedTarget(problems=["lines"])
    fields = [f.strip() for f in re.split(r"[;|]", text)]
    parsed = ParsedTarget()
    sources = [f for f in fields[1:] if _SOURCE_PREFIX.match(fold(f))]
    places = [f for f in fields[1:] if _DECIMALS_PREFIX.match(fold(f))]
    rest = [f for f in fields if f not in sources and f not in places]
    for written in places:
        digits = _DECIMALS_PREFIX.sub("", fold(written)).strip()
        if digits.isdecimal() and int(digits) <= MAX_DECIMALS:
            parsed.decimals = int(digits)
        else:
            parsed.problems.append("decimals")
    for written in sources:
        source = source_of(written)
        if source is None:
            parsed.problems.append("source")
        else:
            parsed.source = source
    parsed.title = " ".join(rest[0].split()) if rest else ""
    if not parsed.title:
        parsed.problems.append("title")
    if len(parsed.title) > 200:
        parsed.problems.append("title_long")
    value = planned(rest[1]) if len(rest) > 1 else None
    if value is None:
        parsed.problems.append("planned")
    parsed.planned = value
    parsed.unit = " ".join(rest[2].split()) if len(rest) > 2 else ""
    if value is not None and value.unit:
        parsed.unit = parsed.unit or value.unit
    if len(parsed.unit) > 30:
        parsed.problems.append("unit_long")
    if len(rest) > 3 and rest[3]:
        parsed.section = section_of(rest[3])
        if len(parsed.section) > 80:
            parsed.problems.append("section_long")
    if len(rest) > 4:
        parsed.owner = " ".join(rest[4].split())
    if len(rest) > 5:
        parsed.problems.append("too_many")
    return parsed
