"""The year-end review and rating (issue 14): the committee opens a cycle, decides against the
cap and the targets and publishes (/xeploai); members write their self-review with their
evidence (/tukiemdiem); cell secretaries remind, propose and send their cell's list
(/xeploai)."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.i18n import N_
from bot.services.ratings.access import may_rate
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.ratings import answers, command, jobs, open_cycle, self_review


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [self_review.conversation(), open_cycle.conversation(), answers.conversation()]


FEATURE = Feature(
    name="ratings",
    commands=(
        Command(
            "tukiemdiem",
            "selfreview",
            # Every member, as /tubaocao: a predicate true for every party member would give
            # each of them a command menu of their own. Non-party staff are told it is not theirs.
            N_("Your year-end self-review, with what the bot holds for you"),
        ),
        Command(
            "xeploai",
            "rating",
            N_("The year-end review and rating: your cell's, or every cell's"),
            may_rate,
        ),
    ),
    conversations=_conversations,
    handlers=command.handlers,
    jobs=jobs.JOBS,
)
