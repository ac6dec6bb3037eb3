"""A long notice is cut where a reader would cut it, and never where Telegram would choke."""

from __future__ import annotations

import html
import re

from bot.domain.broadcasts import split_text, utf16_len

ENTITY = re.compile(r"&[a-z]+;|&#\d+;")


def _words(text: str) -> list[str]:
    return text.split()


def test_short_text_is_one_part_unchanged() -> None:
    assert split_text("Kính gửi các đồng chí,\n\nHọp lúc 14:00.", 100) == [
        "Kính gửi các đồng chí,\n\nHọp lúc 14:00."
    ]


def test_cut_between_paragraphs_first() -> None:
    paragraphs = [f"Đoạn {n}: " + "nội dung " * 8 for n in range(1, 7)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    parts = split_text(text, 200)
    assert len(parts) > 1
    for part in parts:
        assert utf16_len(part) <= 200
        # every part is made of whole paragraphs
        for paragraph in part.split("\n\n"):
            assert paragraph.startswith("Đoạn ") and paragraph.endswith("nội dung")
    assert _words(" ".join(parts)) == _words(text)


def test_a_paragraph_too_long_is_cut_between_lines_then_words() -> None:
    lines = "\n".join(f"Dòng {n} " + "chữ " * 10 for n in range(20))
    parts = split_text(lines, 120)
    assert all(utf16_len(p) <= 120 for p in parts)
    assert all(p.startswith("Dòng ") for p in parts)  # cut at line starts
    words = "từ " * 200
    parts = split_text(words, 50)
    assert all(utf16_len(p) <= 50 and not p.startswith(" ") for p in parts)
    assert _words(" ".join(parts)) == _words(words)


def test_never_inside_an_html_entity() -> None:
    text = html.escape("<b>&" * 400, quote=False)  # one long "word" of entities
    parts = split_text(text, 97)
    assert "".join(parts) == text
    for part in parts:
        assert utf16_len(part) <= 97
        # whatever is left after removing whole entities has no stray & or ;
        assert "&" not in ENTITY.sub("", part)


def test_emoji_count_as_two_units_and_are_not_split() -> None:
    text = "😀" * 100
    parts = split_text(text, 31)
    assert "".join(parts) == text
    assert all(utf16_len(p) <= 31 for p in parts)
