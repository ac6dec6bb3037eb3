"""What every feature's services are built from, besides the database: the clock, the delivery
service they queue messages with, and the settings they read. The container makes one."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.dues.rules import DuesSettings
from bot.domain.inspections.quotas import QuotaSettings
from bot.domain.invites import ZaloJoining
from bot.domain.meetings import MeetingKind
from bot.domain.quiet_hours import QuietHours
from bot.domain.ratings.levels import RatingRules
from bot.services.delivery import DeliveryService
from bot.services.offload import InThread, Offload
from bot.services.spreadsheet import ImportLimits


@dataclass(frozen=True)
class Setup:
    clock: Clock
    delivery: DeliveryService
    zone: ZoneInfo
    default_language: str
    invite_ttl_days: int
    import_limits: ImportLimits
    quiet: QuietHours | None = None  # the organisation's quiet hours; None: the default
    # Reminders before each kind of meeting; None: the built-in defaults.
    reminder_defaults: dict[MeetingKind, tuple[timedelta, ...]] | None = None
    # How invites send members to Zalo; None: the organisation is not on Zalo.
    zalo_joining: ZaloJoining | None = None
    telegram_username: str | None = None  # for invite links written where getMe is not at hand
    # The inspection programme's quotas, rounding, busy months and late-months warning.
    inspection_quotas: QuotaSettings = field(default_factory=QuotaSettings)
    inspection_verification_days: int = 20  # the team's window after the self-report
    target_decimals: int = 2  # decimals of a target's percentage (trailing zeros trimmed)
    report_cut_off_day: int = 0  # the period report's figures: to this day of its last month
    rating_rules: RatingRules = field(default_factory=RatingRules)  # bands, cap, targets
    dues: DuesSettings = field(default_factory=DuesSettings)  # reminder day, grace, alerts
    # Where heavy files are built: the bot's worker process; a thread without one.
    offload: Offload = field(default_factory=InThread)
