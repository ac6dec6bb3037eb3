"""Task reminders as a member reads them: a deadline coming, a deadline passed, the quarterly
check-in; each with a button opening the task's card below it (the card's own callback data,
so the card's service authorises). The scheduler's reminder job is given ``renderer`` (see
``handlers.tasks.jobs``)."""

from __future__ import annotations

import html
import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.model import Member
from bot.domain.tasks import Task
from bot.i18n import Translator, translator
from bot.services.tasks.task_reminders import NoticeKind, Render, TaskNotice
from handlers.tasks.approval_list import ViewTask

BUTTON_TITLE = 40  # a task's title on a button, cut for a phone screen


def _short(title: str) -> str:
    return title if len(title) <= BUTTON_TITLE else title[: BUTTON_TITLE - 1].rstrip() + "…"


def _headline(notice: TaskNotice, t: Translator) -> str:
    if notice.kind is NoticeKind.CHECKIN:
        return t("📋 <b>Quarterly check-in on your tasks</b>")
    if notice.kind is NoticeKind.OVERDUE:
        return t.ngettext(
            "⚠ <b>Task overdue by {n} day</b>", "⚠ <b>Task overdue by {n} days</b>", notice.days
        )
    if notice.days == 0:
        return t("⏳ <b>Task due today</b>")
    return t.ngettext(
        "⏳ <b>Task deadline in {n} day</b>", "⏳ <b>Task deadline in {n} days</b>", notice.days
    )


def _task_lines(task: Task, t: Translator) -> list[str]:
    return [
        f"«{html.escape(task.title)}»",
        t("📅 Deadline: {deadline}", deadline=task.deadline),
        t("📈 Progress: {progress}%", progress=task.progress),
    ]


def notice_text(notice: TaskNotice, t: Translator) -> str:
    lines = [_headline(notice, t)]
    if notice.kind is NoticeKind.CHECKIN:
        lines.append(t("These tasks have had no update for over 90 days:"))
        lines += [
            t(
                "• «{title}» — {progress}%, deadline {deadline}",
                title=html.escape(task.title),
                progress=task.progress,
                deadline=task.deadline,
            )
            for task in notice.tasks
        ]
        lines.append(t("How are they going? Choose a task to report progress."))
        return "\n".join(lines)
    lines += _task_lines(notice.tasks[0], t)
    if notice.kind is NoticeKind.OVERDUE:
        lines.append(t("Please update its progress, or report it done if it is finished."))
    else:
        lines.append(t("Choose the task below to open it and report progress."))
    return "\n".join(lines)


def notice_keyboard(notice: TaskNotice, t: Translator) -> InlineKeyboardMarkup:
    if notice.kind is NoticeKind.CHECKIN:
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        f"📋 {_short(task.title)}", callback_data=ViewTask(task.id).pack()
                    )
                ]
                for task in notice.tasks
            ]
        )
    task = notice.tasks[0]
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t("📋 Open the task"), callback_data=ViewTask(task.id).pack())]]
    )


def renderer(default_language: str) -> Render:
    """The ``render`` the task reminder service asks for, in the member's language (dates only:
    the service worked them out in the organisation's zone)."""

    def render(member: Member, notice: TaskNotice) -> tuple[str, str | None]:
        t = translator(member.language, default_language)
        keyboard = notice_keyboard(notice, t)
        return notice_text(notice, t), json.dumps(keyboard.to_dict())

    return render
