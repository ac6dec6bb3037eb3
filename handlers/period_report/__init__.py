"""The period report (issue 13): /baocao (/report) — the organisation's or a cell's figures for
a period, as a summary in the chat, a workbook, a document draft and charts."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.period_report.access import may_read_period_report
from bot.i18n import N_
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.period_report import command


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [CommandHandler(["baocao", "report"], command.baocao), *command.buttons()]


FEATURE = Feature(
    name="period_report",
    commands=(
        Command(
            "baocao",
            "report",
            N_("The period report: figures, workbook, draft and charts"),
            may_read_period_report,
        ),
    ),
    handlers=_handlers,
)
