"""The meetings feature's jobs, each given this feature's renderers (the scheduler may not
import the handlers). ``plan_meeting_reminders``, ``enqueue_meeting_notices`` and
``finalise_attendance`` run a job's work once, now, as the job would."""

from __future__ import annotations

from handlers.meetings import attendance_alert, meeting_notice_text, meeting_reminder
from scheduler.meetings import attendance_finalise, meeting_digests, meeting_reminders

plan_meeting_reminders = meeting_reminders.planner(meeting_reminder.renderer)
enqueue_meeting_notices = meeting_digests.enqueuer(
    meeting_reminder.renderer, meeting_notice_text.digest_renderer
)
finalise_attendance = attendance_finalise.finaliser(attendance_alert.alert_renderer)

JOBS = (
    meeting_reminders.job(plan_meeting_reminders),
    meeting_digests.job(enqueue_meeting_notices),
    attendance_finalise.job(finalise_attendance),
)
