"""One row of the audit log, as it is read back (``AuditLog.recent``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.model import Channel


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    event: str
    actor_member_id: int | None = None
    actor_channel: Channel | None = None
    actor_user_id: str | None = None
    subject_member_id: int | None = None
    # What the event recorded besides (JSON in storage): its keys are the event's own.
    detail: dict[str, Any] | None = None
