"""The tasks feature's jobs, each given this feature's renderer (the scheduler may not import
the handlers). ``enqueue_approval_digests`` and ``plan_task_reminders`` run a job's work once,
now, as the job would."""

from __future__ import annotations

from handlers.tasks.approval_list import digest_message
from handlers.tasks.task_reminder import renderer
from scheduler.tasks import approval_digests, task_reminders

enqueue_approval_digests = approval_digests.enqueuer(digest_message)
plan_task_reminders = task_reminders.planner(renderer)

JOBS = (approval_digests.job(enqueue_approval_digests), task_reminders.job(plan_task_reminders))
