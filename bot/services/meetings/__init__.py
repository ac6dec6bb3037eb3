"""Meetings: meetings and series, planning, the schedule and its calendar, answers and
reminders, the day-before notices, attendance and its figures, study figures, and a member's
reminder settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.meetings.attendance import AttendanceService
from bot.services.meetings.attendance_figures import AttendanceFiguresService
from bot.services.meetings.meeting_notices import MeetingNoticeService
from bot.services.meetings.meetings import MeetingService
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.meetings.preferences import PreferenceService
from bot.services.meetings.reminders import ReminderService
from bot.services.ports import Database
from bot.services.setup import Setup


@dataclass(frozen=True)
class MeetingServices:
    meetings: MeetingService
    reminders: ReminderService
    meeting_notices: MeetingNoticeService
    attendance: AttendanceService
    attendance_figures: AttendanceFiguresService
    preferences: PreferenceService


def build(db: Database[MeetingsUnitOfWork], setup: Setup) -> MeetingServices:
    clock, zone, delivery, quiet = setup.clock, setup.zone, setup.delivery, setup.quiet
    return MeetingServices(
        meetings=MeetingService(db, clock, zone, setup.reminder_defaults, setup.import_limits),
        reminders=ReminderService(db, clock, zone, delivery, quiet),
        meeting_notices=MeetingNoticeService(db, clock, zone, delivery, quiet),
        attendance=AttendanceService(db, clock, zone, delivery),
        attendance_figures=AttendanceFiguresService(db, clock, zone),
        preferences=PreferenceService(db, clock, quiet),
    )
