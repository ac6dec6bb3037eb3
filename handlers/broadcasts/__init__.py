"""Broadcasts: writing and scheduling a notice (/thongbao), its delivery report that updates
itself, and linking a cell's Telegram group (/lienketnhom in the group)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.domain.permissions import may_broadcast
from bot.i18n import N_
from handlers.broadcasts import broadcast, broadcast_groups, broadcast_report, jobs
from handlers.kit.commands import Command
from handlers.kit.feature import Feature


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [broadcast.conversation()]


FEATURE = Feature(
    name="broadcasts",
    commands=(Command("thongbao", "broadcast", N_("Send a notice to members"), may_broadcast),),
    conversations=_conversations,
    group_handlers=broadcast_groups.handlers,
    handlers=lambda: [*broadcast_report.buttons(), *broadcast.stray_buttons()],
    jobs=jobs.JOBS,
)
