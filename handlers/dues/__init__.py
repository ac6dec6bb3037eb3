"""Party dues status (issue 14): /dangphi — a member's own months, a secretary's cell grid and
the claims waiting, the committee's figures by cell; the monthly reminder with «✅ Tôi đã
đóng» and the unpaid-months alerts."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.i18n import N_
from handlers.dues import command, jobs, reason
from handlers.kit.commands import Command
from handlers.kit.feature import Feature


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [reason.conversation()]


FEATURE = Feature(
    name="dues",
    # Every member, as /kiemtra: a predicate would give every party member a command menu of
    # their own; non-party staff are told politely that dues concern party members.
    commands=(Command("dangphi", "dues", N_("Party dues: your months, your cell's grid")),),
    conversations=_conversations,
    handlers=command.handlers,
    jobs=jobs.JOBS,
)
