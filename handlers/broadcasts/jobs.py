"""The broadcasts feature's job: the scheduler's report job, given the report as its author
reads it (the scheduler may not import the handlers)."""

from __future__ import annotations

from handlers.broadcasts.broadcast_report import refreshed_view
from scheduler.broadcasts import report_refresh

JOBS = (report_refresh.job(refreshed_view),)
