"""The dues feature's jobs, given this feature's renderer (the scheduler may not import the
handlers). ``plan_dues_reminders`` runs the job's work once, now, as the job would."""

from __future__ import annotations

from handlers.dues.reminder_text import renderer
from scheduler.dues import dues_reminders

plan_dues_reminders = dues_reminders.planner(renderer)

JOBS = (dues_reminders.job(plan_dues_reminders),)
