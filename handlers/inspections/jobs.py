"""The inspections feature's jobs, each given this feature's renderer (the scheduler may not
import the handlers). ``plan_inspection_reminders`` runs the job's work once, now, as the job
would."""

from __future__ import annotations

from handlers.inspections.reminder_text import renderer
from scheduler.inspections import inspection_reminders

plan_inspection_reminders = inspection_reminders.planner(renderer)

JOBS = (inspection_reminders.job(plan_inspection_reminders),)
