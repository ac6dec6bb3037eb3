"""The ratings feature's jobs, each given this feature's renderer (the scheduler may not import
the handlers). ``plan_rating_reminders`` runs the job's work once, now, as the job would."""

from __future__ import annotations

from handlers.ratings.rating_text import reminder_renderer
from scheduler.ratings import rating_reminders

plan_rating_reminders = rating_reminders.planner(reminder_renderer)

JOBS = (rating_reminders.job(plan_rating_reminders),)
