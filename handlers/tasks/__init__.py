"""Tasks: the year and its areas (/nam, /khaudotpha), reopening (/molai), registration
(/dangky), collective tasks (/viectapthe), task cards and what a member records on them
(/congviec), verdicts and edits, approval (/duyet), progress and plain questions (/tiendo,
"ai chưa đăng ký"), the public registry (/congkhai), task reminders and approval digests."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.domain.permissions import may_approve_tasks, may_manage_year, may_reopen_registration
from bot.i18n import N_
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.tasks import (
    approval,
    collective,
    jobs,
    my_tasks,
    progress,
    public_registry,
    questions,
    registration,
    task_actions,
    task_card,
    task_edit,
    task_verdicts,
    year_admin,
    year_areas,
    year_reopen,
)


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [
        registration.conversation(),
        *task_actions.conversations(),
        *task_verdicts.conversations(),
        *task_edit.conversations(),
        *approval.conversations(),
    ]


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        *year_admin.handlers(),
        *year_areas.handlers(),
        *year_reopen.handlers(),
        CommandHandler(["viectapthe", "collective"], collective.collective),
        CommandHandler(["congviec", "tasks"], my_tasks.show_my_tasks),
        CommandHandler(["duyet", "approve"], approval.show_pending),
        *my_tasks.buttons(),
        *task_card.buttons(),
        *task_edit.buttons(),
        *approval.buttons(),
        CommandHandler(["tiendo", "progress"], progress.show_progress),
        *progress.buttons(),
        CommandHandler(["congkhai", "public"], public_registry.show_registry),
        *public_registry.buttons(),
    ]


def _plain_text() -> list[BaseHandler[Update, Any, Any]]:
    # Plain questions ("tiến độ", "ai chưa đăng ký"): any private text no one else took.
    return [
        MessageHandler(
            filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE,
            questions.answer_question,
        )
    ]


FEATURE = Feature(
    name="tasks",
    commands=(
        Command("dangky", "register", N_("Register a breakthrough task")),
        Command("nam", "year", N_("This year's theme and rules")),
        Command("viectapthe", "collective", N_("Collective tasks")),
        Command("khaudotpha", "areas", N_("Set the breakthrough areas"), may_manage_year),
        Command(
            "molai", "reopen", N_("Reopen registration for one member"), may_reopen_registration
        ),
        Command("congviec", "tasks", N_("Your tasks: progress, notes, changes")),
        Command("duyet", "approve", N_("Approve the tasks members registered"), may_approve_tasks),
        Command("tiendo", "progress", N_("How far we are: tasks and registration")),
        Command("congkhai", "public", N_("This year's tasks, made public")),
    ),
    conversations=_conversations,
    handlers=_handlers,
    plain_text=_plain_text,
    jobs=jobs.JOBS,
)
