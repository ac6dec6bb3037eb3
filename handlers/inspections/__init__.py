"""Inspection and supervision (issue 12, in progress): the committee's proposed yearly
programme (/kiemtra)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.permissions import may_plan_inspections
from bot.i18n import N_
from handlers.inspections import proposal
from handlers.kit.commands import Command
from handlers.kit.feature import Feature


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [CommandHandler(["kiemtra", "inspections"], proposal.show_proposal)]


FEATURE = Feature(
    name="inspections",
    commands=(
        Command(
            "kiemtra",
            "inspections",
            N_("Propose the year's inspection and supervision programme"),
            may_plan_inspections,
        ),
    ),
    handlers=_handlers,
)
