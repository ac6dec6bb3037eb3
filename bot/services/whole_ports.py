"""The unit of work with every feature's repositories: what the container hands each feature's
services (each sees only its own ports) and what the export reads. The SQLite unit of work
implements it, which the type checker verifies where the bot is put together."""

from __future__ import annotations

from typing import Protocol

from bot.services.broadcasts.ports import BroadcastsUnitOfWork
from bot.services.dues.ports import DuesUnitOfWork
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.members.ports import MembersUnitOfWork
from bot.services.period_report.ports import PeriodReportUnitOfWork
from bot.services.ports import Database
from bot.services.ratings.ports import RatingsUnitOfWork
from bot.services.targets.ports import TargetsUnitOfWork
from bot.services.tasks.ports import TasksUnitOfWork


class WholeUnitOfWork(
    MeetingsUnitOfWork,
    TasksUnitOfWork,
    MembersUnitOfWork,
    BroadcastsUnitOfWork,
    InspectionsUnitOfWork,
    RatingsUnitOfWork,
    TargetsUnitOfWork,
    PeriodReportUnitOfWork,
    DuesUnitOfWork,
    Protocol,
):
    """Meetings first: its attendance repository is the whole one, of which the tasks feature
    reads only the study figures; ratings before targets: its repository is the whole one, of
    which the targets read only the counts."""


WholeDatabase = Database[WholeUnitOfWork]
