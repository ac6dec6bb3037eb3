"""Meetings: the schedule and its calendar file (/lich), answers to reminders and their
reasons, check-in and attendance (/diemdanh), attendance figures (/chuyencan), planning
meetings and series (/lichhop), a member's reminder settings (/caidat), and the jobs that
remind, nudge, send the secretaries' digests and finalise attendance."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from bot.domain.permissions import may_plan_meetings
from bot.i18n import N_
from handlers.kit.commands import Command
from handlers.kit.feature import Feature
from handlers.meetings import (
    attendance,
    attendance_figures,
    jobs,
    meeting_planning,
    reminder_settings,
    rsvp,
    schedule,
)


def _conversations() -> list[BaseHandler[Update, Any, Any]]:
    return [rsvp.conversation(), meeting_planning.conversation(), reminder_settings.conversation()]


def _handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        *schedule.handlers(),
        *attendance.handlers(),
        *attendance_figures.handlers(),
        *rsvp.buttons(),
        *meeting_planning.buttons(),
        *reminder_settings.handlers(),
    ]


FEATURE = Feature(
    name="meetings",
    commands=(
        Command("lich", "schedule", N_("Your meetings for the next 30 days")),
        Command("diemdanh", "checkin", N_("Check in to a meeting; secretaries mark attendance")),
        Command("chuyencan", "attendance", N_("Attendance this year: yours, or your cell's")),
        Command(
            "lichhop", "meetings", N_("Plan meetings: create, change, cancel"), may_plan_meetings
        ),
        Command("caidat", "settings", N_("Your reminders: quiet hours, which ones you get")),
    ),
    conversations=_conversations,
    handlers=_handlers,
    jobs=jobs.JOBS,
)
