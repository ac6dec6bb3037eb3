"""A member's reminder settings: their quiet hours and the kinds of reminder they muted.

Meetings a member must attend (cell and thematic meetings, study sessions) can never be muted,
only snoozed from the reminder itself; briefings, seminars and the task reminders can be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.meetings import MeetingKind
from bot.domain.model import Channel
from bot.domain.outbox import PRIORITY_TIMELY, PRIORITY_URGENT
from bot.domain.quiet_hours import QuietHours


class ReminderKind(StrEnum):
    CELL_MEETING = "cell_meeting"
    THEMATIC_MEETING = "thematic_meeting"
    STUDY = "study"
    NEWS_BRIEFING = "news_briefing"
    SEMINAR = "seminar"
    TASK_DEADLINE = "task_deadline"  # 7 days and 1 day before a task's deadline, then overdue
    TASK_CHECKIN = "task_checkin"  # the quarterly "how is it going?" for tasks left untouched


MUST_ATTEND: frozenset[ReminderKind] = frozenset(
    {ReminderKind.CELL_MEETING, ReminderKind.THEMATIC_MEETING, ReminderKind.STUDY}
)
MUTABLE: tuple[ReminderKind, ...] = tuple(k for k in ReminderKind if k not in MUST_ATTEND)


def of_meeting(kind: MeetingKind) -> ReminderKind:
    return ReminderKind(kind.value)


def can_mute(kind: ReminderKind) -> bool:
    return kind not in MUST_ATTEND


def reminder_priority(kind: ReminderKind) -> int:
    """A reminder of a meeting one must attend is essential (it goes even on a channel whose
    monthly quota is down to its reserve); one that may be muted is not."""
    return PRIORITY_URGENT if kind in MUST_ATTEND else PRIORITY_TIMELY


@dataclass(frozen=True)
class Preferences:
    member_id: int
    quiet: QuietHours = field(default_factory=QuietHours)
    muted: frozenset[ReminderKind] = frozenset()
    custom_quiet: bool = False  # the member chose their own quiet hours
    # The channel notices come on, when the member chose one (None: the one last used), and
    # the channels they have an account on (the choice is offered with two or more).
    delivery: Channel | None = None
    linked: frozenset[Channel] = frozenset()

    def quiet_or(self, default: QuietHours) -> QuietHours:
        """The member's own quiet hours, or the organisation's when they chose none."""
        return self.quiet if self.custom_quiet else default

    def wants(self, kind: ReminderKind) -> bool:
        """Whether a reminder of ``kind`` goes to this member (must-attend ones always do)."""
        return kind in MUST_ATTEND or kind not in self.muted


NOTHING_CHOSEN = Preferences(0)  # a member without settings of their own
