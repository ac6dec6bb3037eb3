"""Members' answers to a meeting: attending, or absent with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Answer(StrEnum):
    ATTENDING = "attending"
    ABSENT = "absent"


class AbsenceReason(StrEnum):
    BUSINESS_TRIP = "cong_tac"  # công tác
    ILL = "om"  # ốm
    PERSONAL = "viec_rieng"  # việc riêng
    OTHER = "khac"  # khác, with a short text


@dataclass(frozen=True)
class Rsvp:
    meeting_id: int
    member_id: int
    answer: Answer
    reason_kind: AbsenceReason | None
    reason_text: str | None
    answered_at: datetime
