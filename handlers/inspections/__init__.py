"""Inspection and supervision (issue 12, in progress): the committee's proposed yearly
programme (/kiemtra), the target's self-report (/tubaocao), remediation (/khacphuc) and regular
supervision notes (/giamsat)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.domain.permissions import may_plan_inspections
from bot.i18n import N_
from bot.services.inspections.supervision_notes import may_supervise
from handlers.inspections import jobs, proposal, remediation, self_report, supervision
from handlers.kit.commands import Command
from handlers.kit.feature import Feature


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [self_report.conversation(), remediation.conversation(), supervision.conversation()]


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["kiemtra", "inspections"], proposal.show_proposal),
        *remediation.handlers(),
        *supervision.handlers(),
    ]


FEATURE = Feature(
    name="inspections",
    commands=(
        Command(
            "kiemtra",
            "inspections",
            N_("Propose the year's inspection and supervision programme"),
            may_plan_inspections,
        ),
        Command("tubaocao", "selfreport", N_("Send your self-report on an inspection of you")),
        Command("khacphuc", "remediation", N_("Remediation actions: yours, and those you follow")),
        Command(
            "giamsat",
            "supervision",
            N_("Regular supervision notes about a cell or a member"),
            may_supervise,
        ),
    ),
    conversations=_conversations,
    handlers=_handlers,
    jobs=jobs.JOBS,
)
