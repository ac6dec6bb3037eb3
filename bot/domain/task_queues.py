"""Tasks as the scheduled jobs read them: open tasks for the deadline reminders and check-ins,
submissions waiting for the approval digest."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.tasks import Task


@dataclass(frozen=True)
class OpenTask:
    """A personal task under way (submitted or approved) of an active member, with when it was
    registered and last touched (its latest update, or its registration without one)."""

    task: Task
    registered_at: datetime
    touched_at: datetime


@dataclass(frozen=True)
class WaitingSubmission:
    """A submitted task no digest has announced yet, with its owner's cell."""

    task: Task
    cell_id: int
