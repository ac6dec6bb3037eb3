"""Plain questions members type instead of commands: "tiến độ", "tien do chi bo lien khoa",
"ai chưa đăng ký", "việc quá hạn", a cell's name alone, and their English equivalents.

The parser only says what is asked and which words may name a cell; whether those words are
a cell, and whether the asker may see it, is for the report service to decide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.text import fold


class Asked(StrEnum):
    PROGRESS = "progress"  # how far are we
    UNREGISTERED = "unregistered"  # who has not registered
    OVERDUE = "overdue"  # which tasks are late
    CELL = "cell"  # nothing but (perhaps) a cell's name
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Question:
    asked: Asked
    # The words after the question that may name a cell, as typed; None: the asker's default.
    cell: str | None = None


def _phrases(*texts: str) -> tuple[tuple[str, ...], ...]:
    # Longest first, so "ai chua dang ky" wins over "chua dang ky".
    return tuple(sorted((tuple(t.split()) for t in texts), key=len, reverse=True))


# Folded (no diacritics, lower case); apostrophes are dropped before matching ("hasn't").
_ASKS = (
    (
        Asked.UNREGISTERED,
        _phrases(
            "ai chua dang ky",
            "ai chua dang ki",
            "chua dang ky",
            "chua dang ki",
            "khong dang ky",
            "who has not registered",
            "who hasnt registered",
            "who have not registered",
            "who havent registered",
            "not registered",
            "not yet registered",
            "unregistered",
        ),
    ),
    (
        Asked.OVERDUE,
        _phrases(
            "viec qua han",
            "cong viec qua han",
            "qua han",
            "tre han",
            "overdue tasks",
            "overdue",
            "late tasks",
            "past deadline",
            "past the deadline",
        ),
    ),
    (
        Asked.PROGRESS,
        _phrases(
            "tien do",
            "tinh hinh",
            "ket qua",
            "progress",
            "how far",
            "how are we doing",
        ),
    ),
)

# Words around a cell's name that are not part of it ("tiến độ của chi bộ Liên khoa thế nào?").
_LEADING = _phrases(
    "cua",
    "o",
    "trong",
    "tai",
    "ve",
    "cho",
    "cac",
    "chi bo",
    "cong viec",
    "viec",
    "nhiem vu",
    "chung toi",
    "chung ta",
    "toi",
    "minh",
    "em",
    "nay",
    "hien nay",
    "hien tai",
    "of",
    "in",
    "for",
    "at",
    "the",
    "cell",
    "tasks",
    "task",
    "work",
    "are",
    "is",
    "we",
    "us",
    "our",
    "my",
    "me",
    "mine",
    "so far",
    "now",
)
_TRAILING = _phrases(
    "the nao",
    "ra sao",
    "bao nhieu",
    "den dau",
    "toi dau",
    "roi",
    "nhi",
    "vay",
    "nhe",
    "di",
    "now",
    "so far",
    "please",
    "yet",
    "chua",
    "cell",
    "are we",
    "is it",
)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A cell's name alone is short; a long sentence that names nothing we know is not one.
MAX_CELL_WORDS = 8


@dataclass(frozen=True)
class _Word:
    folded: str
    start: int
    end: int


def _words(text: str) -> list[_Word]:
    return [
        _Word(fold(m.group()).replace("'", "").replace("’", ""), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


def _find(words: list[_Word], phrase: tuple[str, ...]) -> int | None:
    folded = [w.folded for w in words]
    for i in range(len(folded) - len(phrase) + 1):
        if tuple(folded[i : i + len(phrase)]) == phrase:
            return i
    return None


def _strip(words: list[_Word]) -> list[_Word]:
    """Drop the filler words before and after what may be a cell's name."""
    changed = True
    while changed and words:
        changed = False
        # The end first: "thế nào" must go whole before "the" is taken for English.
        for phrase in _TRAILING:
            if len(words) >= len(phrase) and (
                tuple(w.folded for w in words[-len(phrase) :]) == phrase
            ):
                words, changed = words[: -len(phrase)], True
                break
        for phrase in _LEADING:
            if tuple(w.folded for w in words[: len(phrase)]) == phrase:
                words, changed = words[len(phrase) :], True
                break
    return words


def _span(text: str, words: list[_Word]) -> str | None:
    """The words as typed, punctuation inside kept ("Đào tạo - Khảo thí")."""
    if not words:
        return None
    return text[words[0].start : words[-1].end]


def parse_question(text: str) -> Question:
    """What a plain message asks; :attr:`Asked.UNKNOWN` when it is none of the questions."""
    text = unicodedata.normalize("NFC", text).strip()
    words = _words(text)
    if not words:
        return Question(Asked.UNKNOWN)
    for asked, phrases in _ASKS:
        for phrase in phrases:
            at = _find(words, phrase)
            if at is not None:
                rest = _strip(words[at + len(phrase) :])
                return Question(asked, _span(text, rest))
    rest = _strip(words)
    if rest and len(rest) <= MAX_CELL_WORDS:
        return Question(Asked.CELL, _span(text, rest))
    return Question(Asked.UNKNOWN)
