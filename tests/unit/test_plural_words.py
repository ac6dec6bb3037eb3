"""Counted words read right in English ("1 day left", "20 days left", never "day(s)") and stay
one form in Vietnamese, through the catalogs' plural forms."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.tasks import Task, TaskStatus
from bot.i18n import translator
from bot.services.spreadsheet import ImportRejected, Problem
from bot.services.tasks.task_reminders import NoticeKind, TaskNotice
from handlers.tasks.task_card import deadline_note
from handlers.tasks.task_reminder import notice_text

TODAY = date(2026, 3, 2)


def _task(days_left: int) -> Task:
    deadline = TODAY + timedelta(days=days_left)
    return Task(1, 2026, 1, None, None, "Viết giáo trình", "01 giáo trình", deadline, None,
                TaskStatus.IN_PROGRESS, 40)  # fmt: skip


def test_days_left_and_overdue_on_a_task() -> None:
    en, vi = translator("en"), translator("vi")
    assert deadline_note(_task(1), TODAY, en) == "1 day left"
    assert deadline_note(_task(20), TODAY, en) == "20 days left"
    assert deadline_note(_task(-1), TODAY, en) == "⚠ overdue by 1 day"
    assert deadline_note(_task(-3), TODAY, en) == "⚠ overdue by 3 days"
    assert deadline_note(_task(20), TODAY, vi) == "còn 20 ngày"
    assert deadline_note(_task(-3), TODAY, vi) == "⚠ quá hạn 3 ngày"


def test_task_reminders_count_days_in_words() -> None:
    en = translator("en")
    due = notice_text(TaskNotice(NoticeKind.DUE, (_task(1),), 1), en)
    assert due.splitlines()[0] == "⏳ <b>Task deadline in 1 day</b>"
    due = notice_text(TaskNotice(NoticeKind.DUE, (_task(7),), 7), en)
    assert due.splitlines()[0] == "⏳ <b>Task deadline in 7 days</b>"
    late = notice_text(TaskNotice(NoticeKind.OVERDUE, (_task(-1),), 1), en)
    assert late.splitlines()[0] == "⚠ <b>Task overdue by 1 day</b>"
    late = notice_text(TaskNotice(NoticeKind.OVERDUE, (_task(-14),), 14), translator("vi"))
    assert late.splitlines()[0] == "⚠ <b>Công việc đã quá hạn 14 ngày</b>"


def test_a_refused_import_counts_its_problems_without_brackets() -> None:
    one = ImportRejected([Problem(2, "The name is empty.", {})])
    text = translator("en")(one.message, **one.params)
    assert "(s)" not in text and "1" in text
    assert translator("vi")(one.message, **one.params) == (
        "Đã hủy việc nhập, chưa có gì bị thay đổi. Số lỗi: 1."
    )
