"""A channel's monthly message quota (Zalo's plans limit the messages a bot sends a month).

Spent in priority order: while more than the reserve is left anything may go; once what is
left is down to the reserve only essential messages go (``outbox.is_essential``), and nothing
goes once it is spent. Optional messages wait for the next month (or expire, as any message
whose moment has passed). The month is the organisation's calendar month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

# The share of a month's quota kept for essential messages. A tenth: an organisation of 300
# members on a 3,000-message plan keeps 300, a must-attend reminder each, for when the
# optional notices have used the rest.
RESERVE_SHARE = 0.10


@dataclass(frozen=True)
class MonthlyQuota:
    limit: int  # messages a calendar month, > 0
    zone: ZoneInfo

    @property
    def reserve(self) -> int:
        return max(1, round(self.limit * RESERVE_SHARE)) if self.limit > 1 else 0

    def month_start(self, now: datetime) -> datetime:
        """When the current month began, in the organisation's time zone (as UTC)."""
        local = now.astimezone(self.zone)
        start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        return start.astimezone(UTC)

    def next_month(self, now: datetime) -> datetime:
        local = now.astimezone(self.zone)
        year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
        return datetime(year, month, 1, tzinfo=self.zone).astimezone(UTC)

    def allowance(self, used: int) -> Allowance:
        """How many more may be claimed now, given ``used`` this month (sent or in flight)."""
        left = max(0, self.limit - used)
        return Allowance(essential=left, optional=max(0, left - self.reserve))

    def left(self, used: int) -> QuotaLeft:
        return QuotaLeft(max(0, self.limit - used), self.limit, self.reserve)


@dataclass(frozen=True)
class Allowance:
    essential: int  # how many essential messages may still go this month
    optional: int  # how many of any kind, leaving the reserve untouched


@dataclass(frozen=True)
class QuotaLeft:
    """What a channel has left this month, for the people who send notices."""

    left: int
    limit: int
    reserve: int = 0  # kept for essential messages

    def held(self, optional: int) -> int:
        """Of ``optional`` messages (a notice to that many members), how many would wait for
        next month."""
        return max(0, optional - max(0, self.left - self.reserve))
