"""Inspection and supervision (issue 12, in progress): the yearly programme as each reader may
see it, its draft reviewed and adopted, item cards and their steps (/kiemtra), the target's
self-report (/tubaocao), remediation (/khacphuc) and regular supervision notes (/giamsat)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from bot.i18n import N_
from bot.services.inspections.supervision_notes import may_supervise
from handlers.inspections import (
    add_item,
    command,
    item_steps,
    jobs,
    programme,
    remediation,
    self_report,
    supervision,
)
from handlers.kit.commands import Command
from handlers.kit.feature import Feature


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [
        self_report.conversation(),
        remediation.conversation(),
        supervision.conversation(),
        item_steps.conversation(),
        add_item.conversation(),
    ]


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(["kiemtra", "inspections"], command.kiemtra),
        *programme.handlers(),
        *item_steps.handlers(),
        *remediation.handlers(),
        *supervision.handlers(),
    ]


FEATURE = Feature(
    name="inspections",
    commands=(
        # Every member: any party member may lead an item or be inspected, and a predicate
        # would give each of them a command menu of their own (as /tubaocao, for everyone).
        Command(
            "kiemtra",
            "inspections",
            N_("The inspection and supervision programme: its items, their steps"),
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
