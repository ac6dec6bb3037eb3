"""The services the edges (handlers, command line, scheduler) use, built once.

``Services`` is every feature's services side by side (``services.tasks``,
``services.meetings``, …: each feature declares its own in ``bot/services/<feature>/``), with
what they share: the delivery service, the export, and the two settings the edges read. A new
feature is one more base class and one more line in ``build``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.dues.rules import DuesSettings
from bot.domain.inspections.quotas import QuotaSettings
from bot.domain.invites import ZaloJoining
from bot.domain.meetings import MeetingKind
from bot.domain.model import Channel
from bot.domain.quiet_hours import QuietHours
from bot.domain.quota import MonthlyQuota
from bot.domain.ratings.levels import RatingRules
from bot.services import (
    broadcasts,
    dues,
    inspections,
    meetings,
    members,
    period_report,
    ratings,
    targets,
    tasks,
)
from bot.services.broadcasts import BroadcastServices
from bot.services.delivery import DeliveryService
from bot.services.dues import DuesServices
from bot.services.export import ExportService
from bot.services.inspections import InspectionServices
from bot.services.meetings import MeetingServices
from bot.services.members import MemberServices
from bot.services.offload import InThread, Offload
from bot.services.period_report import PeriodReportServices
from bot.services.ratings import RatingServices
from bot.services.setup import Setup
from bot.services.spreadsheet import DEFAULT_LIMITS, ImportLimits
from bot.services.targets import TargetServices
from bot.services.tasks import TaskServices
from bot.services.whole_ports import WholeDatabase
from bot.settings import Settings


@dataclass(frozen=True)
class Services(
    MemberServices,
    TaskServices,
    MeetingServices,
    BroadcastServices,
    InspectionServices,
    TargetServices,
    RatingServices,
    DuesServices,
    PeriodReportServices,
):
    delivery: DeliveryService
    export: ExportService
    offload: Offload  # where heavy files are built (the bot's worker process)
    default_language: str
    zone: ZoneInfo

    @classmethod
    def from_settings(
        cls, db: WholeDatabase, clock: Clock, settings: Settings, offload: Offload | None = None
    ) -> Services:
        """The services as the bot, the command line and the demo run them: one reading of
        the settings for all three. ``offload``: where heavy files are built (the bot's worker
        process); a thread when not given."""
        return cls.build(
            db,
            clock,
            invite_ttl_days=settings.invite_ttl_days,
            default_language=settings.language,
            zone=settings.zone,
            quiet=settings.quiet,
            reminder_defaults=settings.reminder_defaults,
            zalo_joining=settings.zalo_joining,
            telegram_username=settings.bot_username,
            import_limits=ImportLimits(
                max_mb=settings.import_max_mb,
                max_unpacked_mb=settings.import_max_unpacked_mb,
                max_rows=settings.import_max_rows,
            ),
            zalo_monthly_quota=settings.zalo_monthly_quota,
            inspection_quotas=settings.inspection_quotas,
            inspection_verification_days=settings.inspection_verification_days,
            target_decimals=settings.target_decimals,
            report_cut_off_day=settings.report_cut_off_day,
            rating_rules=settings.rating_rules,
            dues_settings=settings.dues,
            offload=offload,
        )

    @classmethod
    def build(
        cls,
        db: WholeDatabase,
        clock: Clock,
        *,
        invite_ttl_days: int,
        default_language: str,
        zone: ZoneInfo | None = None,
        quiet: QuietHours | None = None,
        reminder_defaults: dict[MeetingKind, tuple[timedelta, ...]] | None = None,
        zalo_joining: ZaloJoining | None = None,
        telegram_username: str | None = None,
        import_limits: ImportLimits = DEFAULT_LIMITS,
        zalo_monthly_quota: int = 0,
        inspection_quotas: QuotaSettings | None = None,
        inspection_verification_days: int = 20,
        target_decimals: int = 2,
        report_cut_off_day: int = 0,
        rating_rules: RatingRules | None = None,
        dues_settings: DuesSettings | None = None,
        offload: Offload | None = None,
    ) -> Services:
        zone = zone or ZoneInfo("Asia/Ho_Chi_Minh")
        quotas = (
            {Channel.ZALO: MonthlyQuota(zalo_monthly_quota, zone)} if zalo_monthly_quota else {}
        )
        delivery = DeliveryService(db, clock, quotas)
        setup = Setup(
            clock=clock,
            delivery=delivery,
            zone=zone,
            default_language=default_language,
            invite_ttl_days=invite_ttl_days,
            import_limits=import_limits,
            quiet=quiet,
            reminder_defaults=reminder_defaults,
            zalo_joining=zalo_joining,
            telegram_username=telegram_username,
            inspection_quotas=inspection_quotas or QuotaSettings(),
            inspection_verification_days=inspection_verification_days,
            target_decimals=target_decimals,
            report_cut_off_day=report_cut_off_day,
            rating_rules=rating_rules or RatingRules(),
            dues=dues_settings or DuesSettings(),
            offload=offload or InThread(),
        )
        inspection_services = inspections.build(db, setup)
        target_services = targets.build(db, setup)
        dues_services = dues.build(db, setup)
        rating_services = ratings.build(db, setup, dues_services.dues)
        features = (
            members.build(db, setup),
            tasks.build(db, setup),
            meetings.build(db, setup),
            broadcasts.build(db, setup),
            inspection_services,
            target_services,
            period_report.build(
                db,
                setup,
                inspection_services.inspection_report,
                target_services.targets,
                dues_services.dues,
                rating_services.committee_ratings,
            ),
            rating_services,
            dues_services,
        )
        each: dict[str, Any] = {
            field.name: getattr(feature, field.name)
            for feature in features
            for field in fields(feature)
        }
        return cls(
            **each,
            delivery=delivery,
            export=ExportService(db, clock, zone),
            offload=setup.offload,
            default_language=default_language,
            zone=zone,
        )
