"""Numbers, dates and translations as users read them."""

from __future__ import annotations

import re
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot import formatting
from bot.i18n import translator

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "N_": None,
    "t": None,
    "gettext": None,
    "ngettext": (1, 2),
    "NP_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def test_vietnamese_numbers_percentages_and_dates() -> None:
    assert formatting.number(1668, "vi") == "1.668"
    assert formatting.percent(23, 22, "vi") == "104,55%"
    assert formatting.ratio(23, 22, "vi") == "23/22 (104,55%)"
    assert formatting.day(date(2024, 3, 29), "vi") == "Thứ Sáu, 29/03/2024"
    assert formatting.moment(datetime(2024, 3, 29, 14, 0), "vi") == "Thứ Sáu, 29/03/2024 14:00"


def test_english_numbers_and_dates() -> None:
    assert formatting.number(1668, "en") == "1,668"
    assert formatting.percent(23, 22, "en") == "104.55%"
    assert formatting.day(date(2024, 3, 29), "en") == "Friday, 29/03/2024"
    assert formatting.percent(1, 0, "en") == "0%"


def _extracted_ids() -> set[tuple[str, str | None]]:
    """Every message id the code marks, with its context (``None`` for plain ones)."""
    ids: set[tuple[str, str | None]] = set()
    for folder in ("bot", "handlers", "storage", "scheduler"):
        for _, _, message, _, context in extract_from_dir(ROOT / folder, keywords=KEYWORDS):
            ids.add((message if isinstance(message, str) else message[0], context))
    return ids


def _catalog(language: str):  # type: ignore[no-untyped-def]
    path = resources.files("bot.i18n") / "locale" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def test_every_user_facing_string_has_a_vietnamese_translation() -> None:
    catalog = _catalog("vi")
    missing = sorted(
        (i, c)
        for i, c in _extracted_ids()
        if not ((found := catalog.get(i, context=c)) and all(_forms(found.string)))
    )
    assert missing == []


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A translation's forms: one, or one per plural form (``t.ngettext``)."""
    return (text,) if isinstance(text, str) else text


def test_no_translation_is_left_fuzzy() -> None:
    """``make messages`` marks a guessed translation fuzzy, and a fuzzy one is never shown."""
    for language in ("vi", "en"):
        fuzzy = [(m.context, m.id) for m in _catalog(language) if m.id and m.fuzzy]
        assert fuzzy == [], language


def test_a_context_tells_apart_what_reads_the_same_in_english() -> None:
    from bot.i18n import NP_

    t = translator("vi")
    assert t(NP_("meeting", "Title")) == "Tiêu đề"
    assert t(NP_("task", "Title")) == "Tên công việc"
    assert translator("en")(NP_("meeting", "Title")) == "Title"


def test_translations_keep_every_placeholder() -> None:
    catalog = _catalog("vi")
    placeholder = re.compile(r"\{[a-z_]+\}")
    for message in catalog:
        if message.id and message.string:
            # Plural forms: each translation keeps the placeholders of the English plural.
            english = _forms(message.id)[-1]
            expected = sorted(placeholder.findall(english))
            for form in _forms(message.string):
                assert sorted(placeholder.findall(form)) == expected, message.id


def test_vietnamese_translations_carry_diacritics() -> None:
    catalog = _catalog("vi")
    untranslated = [m.id for m in catalog if m.id and m.string == m.id and " " in m.id]
    assert untranslated == []


def test_unknown_language_falls_back_to_the_default() -> None:
    assert translator("fr", default="vi")("cell secretary") == "bí thư chi bộ"
    assert translator(None, default="en")("cell secretary") == "cell secretary"


def test_fast_number_formatting_matches_babels_pattern() -> None:
    from decimal import Decimal

    from babel.numbers import format_decimal

    values: list[int | float | Decimal] = [
        0,
        7,
        1668,
        1_234_567,
        -45_000,
        104.55,
        12.5,
        2 / 3,
        Decimal("104.5451"),
        Decimal("12.50"),
        99.999,
    ]
    for language in ("vi", "en"):
        for value in values:
            expected = (
                format_decimal(
                    Decimal(str(value)),
                    format="#,##0.##",
                    locale=language,
                    decimal_quantization=True,
                )
                if not isinstance(value, int)
                else format_decimal(value, locale=language)
            )
            assert formatting.number(value, language) == expected, (value, language)
    # Exactly half-way, the report rounds up, where Babel would round to even.
    assert formatting.number(0.125, "vi") == "0,13"
    assert formatting.number(Decimal("104.545"), "vi") == "104,55"


def test_people_sort_the_vietnamese_way() -> None:
    """By given name, then the whole name, in Vietnamese dictionary order, not code points."""
    from bot.domain.text import name_sort_key

    names = [
        "Nguyễn Văn Huỳnh",
        "Lê Thị Hà",
        "Nguyễn Văn An",
        "Ngô Văn An",
        "Trần Đào",
        "Phạm Dung",
    ]
    assert sorted(names, key=name_sort_key) == [
        "Ngô Văn An",
        "Nguyễn Văn An",
        "Phạm Dung",
        "Trần Đào",
        "Lê Thị Hà",
        "Nguyễn Văn Huỳnh",
    ]
    assert sorted(["Lê Ân", "Lê Anh", "Lê Ánh", "Lê Ăn", "Lê Ảnh"], key=name_sort_key) == [
        "Lê Anh",
        "Lê Ảnh",
        "Lê Ánh",
        "Lê Ăn",
        "Lê Ân",
    ]


def test_cells_sort_the_vietnamese_way_without_their_prefix() -> None:
    from bot.domain.text import cell_sort_key

    cells = ["Chi bộ Phòng Đào tạo", "Khoa Lý luận cơ sở", "Phòng Dân vận", "Chi bộ Liên khoa"]
    assert sorted(cells, key=cell_sort_key) == [
        "Khoa Lý luận cơ sở",
        "Chi bộ Liên khoa",
        "Phòng Dân vận",
        "Chi bộ Phòng Đào tạo",
    ]
