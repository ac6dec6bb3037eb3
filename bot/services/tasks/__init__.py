"""Tasks: the year, its areas and reopening, registration, task cards, verdicts and edits,
approval, collective tasks, progress and the public registry, task reminders."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.ports import Database
from bot.services.setup import Setup
from bot.services.tasks.approvals import ApprovalService
from bot.services.tasks.cell_tasks import CellTaskService
from bot.services.tasks.ports import TasksUnitOfWork
from bot.services.tasks.public_registry import PublicRegistryService
from bot.services.tasks.registry_export import RegistryExportService
from bot.services.tasks.reopening import ReopeningService
from bot.services.tasks.reports import ReportService
from bot.services.tasks.task_edits import TaskEditService
from bot.services.tasks.task_reminders import TaskReminderService
from bot.services.tasks.task_verdicts import TaskVerdictService
from bot.services.tasks.tasks import TaskService
from bot.services.tasks.years import YearService


@dataclass(frozen=True)
class TaskServices:
    years: YearService
    reopening: ReopeningService
    tasks: TaskService
    task_verdicts: TaskVerdictService
    approvals: ApprovalService
    task_edits: TaskEditService
    cell_tasks: CellTaskService
    reports: ReportService
    registry_export: RegistryExportService
    public_registry: PublicRegistryService
    task_reminders: TaskReminderService


def build(db: Database[TasksUnitOfWork], setup: Setup) -> TaskServices:
    clock, zone, delivery = setup.clock, setup.zone, setup.delivery
    tasks = TaskService(db, clock, zone)
    reports = ReportService(db, clock, zone, delivery)
    return TaskServices(
        years=YearService(db, clock, zone),
        reopening=ReopeningService(db, clock, zone, delivery),
        tasks=tasks,
        task_verdicts=TaskVerdictService(db, clock, zone),
        approvals=ApprovalService(db, clock, delivery),
        task_edits=TaskEditService(db, tasks),
        cell_tasks=CellTaskService(db),
        reports=reports,
        registry_export=RegistryExportService(db, reports, setup.offload),
        public_registry=PublicRegistryService(db),
        task_reminders=TaskReminderService(db, clock, zone, delivery, setup.quiet),
    )
