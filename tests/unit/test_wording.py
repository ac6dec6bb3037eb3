"""The Vietnamese wording holds to a few rules across the whole catalog: one plain phrase for
whether someone uses the bot, and the organisation's names capitalised as proper names."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from bot.i18n import translator

CATALOG = Path(__file__).resolve().parents[2] / "bot/i18n/locale/vi/LC_MESSAGES/messages.po"


def _vietnamese() -> list[str]:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    texts = []
    for message in catalog:
        if message.id:
            forms = [message.string] if isinstance(message.string, str) else message.string
            texts += [form for form in forms if form]
    return texts


def test_one_plain_phrase_says_whether_someone_uses_the_bot() -> None:
    """ "đã dùng bot" / "chưa dùng bot" everywhere; not "kết nối", "tham gia bot", or "liên
    kết" (which stays for linking a Telegram group to its cell)."""
    mixed = [
        text
        for text in _vietnamese()
        if re.search(r"kết nối|tham gia bot", text)
        or ("liên kết" in text and "nhóm" not in text.lower())
    ]
    assert mixed == []


def test_the_organisations_names_are_capitalised() -> None:
    """ "toàn Đảng bộ", "Đảng ủy"; "Chi bộ Phòng Đào tạo" when it names one cell ("bí thư chi
    bộ", "các chi bộ" stay common nouns)."""
    lowercase = [
        text
        for text in _vietnamese()
        if re.search(r"đảng bộ|(?<![\w ]ủy viên )(?<!\w)đảng ủy(?! viên)", text)
        or re.search(r"(?<!các )(?<!\w)chi bộ \{(cell|name|names)\}", text)
    ]
    assert lowercase == []


def test_who_is_told_reads_the_same_everywhere() -> None:
    t = translator("vi")
    assert t("the whole organisation") == "toàn Đảng bộ"
    assert t("cell {names}", names="Phòng Đào tạo") == "Chi bộ Phòng Đào tạo"
    assert t("👤 Not linked: {n}", n=3) == "👤 Chưa dùng bot: 3"
    assert t("not linked to the bot") == "chưa dùng bot"


def test_an_exceeded_task_reads_exceeded_the_target_everywhere() -> None:
    """ "Trạng thái: vượt" read as a lone verb on the card, in lists and in /tiendo."""
    from bot.domain.tasks import TaskStatus
    from bot.i18n.task_labels import status_label

    assert status_label(TaskStatus.EXCEEDED, translator("vi")) == "vượt chỉ tiêu"
