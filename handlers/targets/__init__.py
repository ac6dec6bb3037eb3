"""Targets (chỉ tiêu): the year's numbers by section, each as the report writes it (/chitieu),
a target's card with the history of its values, values recorded by their owners (a button, or
one line), targets set by the committee (one line, or a form), and the owners reminded."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.i18n import N_
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.targets import add_target, jobs, record


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [record.conversation(), add_target.conversation()]


FEATURE = Feature(
    name="targets",
    commands=(Command("chitieu", "targets", N_("The year's targets and their figures")),),
    conversations=_conversations,
    handlers=record.handlers,
    jobs=jobs.JOBS,
)
