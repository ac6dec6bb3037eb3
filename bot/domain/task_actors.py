"""Who changes a task, and in what capacity: what the task's lifecycle rules are told once the
services have checked the person's role and unit."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Capacity(StrEnum):
    OWNER = "owner"  # their own task, or the collective task they run
    ON_BEHALF = "on_behalf"  # the cell secretary recording for a member of their cell
    APPROVER = "approver"  # a cell secretary or the committee deciding on a submission


@dataclass(frozen=True)
class TaskActor:
    member_id: int
    capacity: Capacity

    @property
    def on_behalf(self) -> bool:
        return self.capacity is Capacity.ON_BEHALF
