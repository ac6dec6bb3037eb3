"""Plain questions are understood with or without diacritics, in Vietnamese or English."""

from __future__ import annotations

import pytest

from bot.domain.questions import Asked, Question, parse_question

TABLE = [
    # How far are we
    ("tiến độ", Question(Asked.PROGRESS)),
    ("tien do", Question(Asked.PROGRESS)),
    ("Tiến độ?", Question(Asked.PROGRESS)),
    ("TIẾN ĐỘ", Question(Asked.PROGRESS)),
    ("tiến độ của tôi", Question(Asked.PROGRESS)),
    ("tiến độ thế nào", Question(Asked.PROGRESS)),
    ("cho tôi xem tiến độ công việc", Question(Asked.PROGRESS)),
    ("tiến độ chi bộ liên khoa", Question(Asked.PROGRESS, "liên khoa")),
    ("tien do chi bo lien khoa", Question(Asked.PROGRESS, "lien khoa")),
    ("Tiến độ của chi bộ Phòng Đào tạo thế nào?", Question(Asked.PROGRESS, "Phòng Đào tạo")),
    ("tiến độ Đào tạo - Khảo thí", Question(Asked.PROGRESS, "Đào tạo - Khảo thí")),
    ("progress", Question(Asked.PROGRESS)),
    ("My progress", Question(Asked.PROGRESS)),
    ("how far are we?", Question(Asked.PROGRESS)),
    ("progress of cell Liên khoa", Question(Asked.PROGRESS, "Liên khoa")),
    # Who has not registered
    ("ai chưa đăng ký", Question(Asked.UNREGISTERED)),
    ("ai chua dang ky", Question(Asked.UNREGISTERED)),
    ("Ai chưa đăng kí?", Question(Asked.UNREGISTERED)),
    ("những ai chưa đăng ký", Question(Asked.UNREGISTERED)),
    ("ai chưa đăng ký ở chi bộ Liên khoa", Question(Asked.UNREGISTERED, "Liên khoa")),
    ("who has not registered", Question(Asked.UNREGISTERED)),
    ("Who hasn't registered yet?", Question(Asked.UNREGISTERED)),
    ("who has not registered in Liên khoa", Question(Asked.UNREGISTERED, "Liên khoa")),
    ("unregistered", Question(Asked.UNREGISTERED)),
    # Overdue
    ("việc quá hạn", Question(Asked.OVERDUE)),
    ("qua han", Question(Asked.OVERDUE)),
    ("Công việc quá hạn?", Question(Asked.OVERDUE)),
    ("việc trễ hạn", Question(Asked.OVERDUE)),
    ("việc quá hạn chi bộ liên khoa", Question(Asked.OVERDUE, "liên khoa")),
    ("overdue", Question(Asked.OVERDUE)),
    ("overdue tasks", Question(Asked.OVERDUE)),
    ("Which tasks are past the deadline?", Question(Asked.OVERDUE)),
    # A cell's name alone (the service decides whether it is one)
    ("liên khoa", Question(Asked.CELL, "liên khoa")),
    ("Lien Khoa", Question(Asked.CELL, "Lien Khoa")),
    ("chi bộ Phòng Đào tạo", Question(Asked.CELL, "Phòng Đào tạo")),
    ("xin chào", Question(Asked.CELL, "xin chào")),
    # Anything else
    ("", Question(Asked.UNKNOWN)),
    ("   ", Question(Asked.UNKNOWN)),
    ("???", Question(Asked.UNKNOWN)),
    ("🙂", Question(Asked.UNKNOWN)),
    (
        "hôm nay trời đẹp quá chúng ta đi uống cà phê ở quán cũ nhé",
        Question(Asked.UNKNOWN),
    ),
]


@pytest.mark.parametrize(("text", "expected"), TABLE)
def test_parse_question(text: str, expected: Question) -> None:
    assert parse_question(text) == expected


def test_decomposed_diacritics_are_understood() -> None:
    import unicodedata

    typed = unicodedata.normalize("NFD", "tiến độ chi bộ Liên khoa")
    assert parse_question(typed) == Question(Asked.PROGRESS, "Liên khoa")
