"""The services the edges (handlers, command line, scheduler) use, built once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.meetings import MeetingKind
from bot.domain.quiet_hours import QuietHours
from bot.services.approvals import ApprovalService
from bot.services.attendance import AttendanceService
from bot.services.attendance_figures import AttendanceFiguresService
from bot.services.broadcasts import BroadcastService
from bot.services.cell_tasks import CellTaskService
from bot.services.delivery import DeliveryService
from bot.services.export import ExportService
from bot.services.group_links import GroupLinkService
from bot.services.invites import InviteService
from bot.services.meeting_notices import MeetingNoticeService
from bot.services.meetings import MeetingService
from bot.services.member_import import MemberImportService
from bot.services.membership import MembershipService
from bot.services.organisation import OrganisationService
from bot.services.ports import Database
from bot.services.preferences import PreferenceService
from bot.services.registry_export import RegistryExportService
from bot.services.reminders import ReminderService
from bot.services.reopening import ReopeningService
from bot.services.reports import ReportService
from bot.services.spreadsheet import DEFAULT_LIMITS, ImportLimits
from bot.services.task_edits import TaskEditService
from bot.services.task_reminders import TaskReminderService
from bot.services.task_verdicts import TaskVerdictService
from bot.services.tasks import TaskService
from bot.services.years import YearService
from bot.settings import Settings


@dataclass(frozen=True)
class Services:
    membership: MembershipService
    invites: InviteService
    organisation: OrganisationService
    member_import: MemberImportService
    export: ExportService
    delivery: DeliveryService
    years: YearService
    reopening: ReopeningService
    tasks: TaskService
    task_verdicts: TaskVerdictService
    approvals: ApprovalService
    task_edits: TaskEditService
    cell_tasks: CellTaskService
    reports: ReportService
    registry_export: RegistryExportService
    broadcasts: BroadcastService
    group_links: GroupLinkService
    meetings: MeetingService
    reminders: ReminderService
    meeting_notices: MeetingNoticeService
    attendance: AttendanceService
    attendance_figures: AttendanceFiguresService
    # <fields: reminder settings>
    preferences: PreferenceService
    # <fields: task reminders>
    task_reminders: TaskReminderService
    default_language: str
    zone: ZoneInfo

    @classmethod
    def from_settings(cls, db: Database, clock: Clock, settings: Settings) -> Services:
        """The services as the bot, the command line and the demo run them: one reading of
        the settings for all three."""
        return cls.build(
            db,
            clock,
            invite_ttl_days=settings.invite_ttl_days,
            default_language=settings.language,
            zone=settings.zone,
            quiet=settings.quiet,
            reminder_defaults=settings.reminder_defaults,
            import_limits=ImportLimits(
                max_mb=settings.import_max_mb,
                max_unpacked_mb=settings.import_max_unpacked_mb,
                max_rows=settings.import_max_rows,
            ),
        )

    @classmethod
    def build(
        cls,
        db: Database,
        clock: Clock,
        *,
        invite_ttl_days: int,
        default_language: str,
        zone: ZoneInfo | None = None,
        quiet: QuietHours | None = None,
        reminder_defaults: dict[MeetingKind, tuple[timedelta, ...]] | None = None,
        import_limits: ImportLimits = DEFAULT_LIMITS,
    ) -> Services:
        zone = zone or ZoneInfo("Asia/Ho_Chi_Minh")
        tasks = TaskService(db, clock, zone)
        delivery = DeliveryService(db, clock)
        reports = ReportService(db, clock, zone, delivery)
        return cls(
            membership=MembershipService(db, clock),
            invites=InviteService(db, clock, invite_ttl_days),
            organisation=OrganisationService(db, clock),
            member_import=MemberImportService(db, clock, import_limits),
            export=ExportService(db, clock, zone),
            delivery=delivery,
            years=YearService(db, clock, zone),
            reopening=ReopeningService(db, clock, zone, delivery),
            tasks=tasks,
            task_verdicts=TaskVerdictService(db, clock, zone),
            approvals=ApprovalService(db, clock, delivery),
            task_edits=TaskEditService(db, tasks),
            cell_tasks=CellTaskService(db),
            reports=reports,
            registry_export=RegistryExportService(db, reports),
            broadcasts=BroadcastService(
                db, clock, delivery, zone=zone, default_language=default_language
            ),
            group_links=GroupLinkService(db, clock),
            meetings=MeetingService(db, clock, zone, reminder_defaults, import_limits),
            reminders=ReminderService(db, clock, zone, delivery, quiet),
            meeting_notices=MeetingNoticeService(db, clock, zone, delivery, quiet),
            attendance=AttendanceService(db, clock, zone, delivery),
            attendance_figures=AttendanceFiguresService(db, clock, zone),
            # <build: reminder settings>
            preferences=PreferenceService(db, clock, quiet),
            # <build: task reminders>
            task_reminders=TaskReminderService(db, clock, zone, delivery, quiet),
            default_language=default_language,
            zone=zone,
        )
