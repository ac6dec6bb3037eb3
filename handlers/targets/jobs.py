"""The targets feature's jobs, each given this feature's renderer (the scheduler may not import
the handlers). ``plan_target_reminders`` runs the job's work once, now, as the job would."""

from __future__ import annotations

from handlers.targets.reminder_text import renderer
from scheduler.targets import target_reminders

plan_target_reminders = target_reminders.planner(renderer)

JOBS = (target_reminders.job(plan_target_reminders),)
