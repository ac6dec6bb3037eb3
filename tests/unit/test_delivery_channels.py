"""The pure rules of delivery per channel: which account a member's notices go to, when writing
refreshes an account's last use, and a monthly quota's month, reserve and allowance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.delivery_channels import (
    AccountUse,
    Address,
    Reachable,
    delivery_address,
    worth_marking,
)
from bot.domain.model import Channel
from bot.domain.outbox import PRIORITY_BULK, PRIORITY_NORMAL, Purpose, is_essential
from bot.domain.preferences import ReminderKind, reminder_priority
from bot.domain.quota import MonthlyQuota, QuotaLeft

T = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
TG, ZL = Channel.TELEGRAM, Channel.ZALO


def test_one_account_is_the_address_and_none_is_no_address() -> None:
    assert delivery_address([], None) is None
    assert delivery_address([Reachable(ZL, 7, None)], TG) == Address(ZL, 7)


def test_the_account_last_written_from_wins() -> None:
    both = [Reachable(TG, 1, T), Reachable(ZL, 2, T + timedelta(seconds=1))]
    assert delivery_address(both, None) == Address(ZL, 2)
    assert delivery_address(reversed(both), None) == Address(ZL, 2)
    never_on_zalo = [Reachable(TG, 1, T), Reachable(ZL, 2, None)]
    assert delivery_address(never_on_zalo, None) == Address(TG, 1)


def test_nothing_to_tell_them_apart_means_telegram() -> None:
    assert delivery_address([Reachable(ZL, 2, None), Reachable(TG, 1, None)], None) == Address(
        TG, 1
    )
    assert delivery_address([Reachable(ZL, 2, T), Reachable(TG, 1, T)], None) == Address(TG, 1)


def test_the_chosen_channel_wins_when_the_member_has_an_account_there() -> None:
    both = [Reachable(TG, 1, T + timedelta(hours=1)), Reachable(ZL, 2, T)]
    assert delivery_address(both, ZL) == Address(ZL, 2)
    assert delivery_address([Reachable(TG, 1, T)], ZL) == Address(TG, 1)


def test_writing_refreshes_the_mark_about_once_a_minute_but_always_on_a_switch() -> None:
    assert worth_marking(AccountUse(False, None), T)
    assert not worth_marking(AccountUse(False, T), T + timedelta(seconds=30))
    assert worth_marking(AccountUse(False, T), T + timedelta(seconds=61))
    switched = AccountUse(False, T, others_used_at=T + timedelta(seconds=10))
    assert worth_marking(switched, T + timedelta(seconds=20))


def test_the_quota_month_is_the_organisations() -> None:
    quota = MonthlyQuota(3000, ZoneInfo("Asia/Ho_Chi_Minh"))
    late_on_the_31st = datetime(2026, 3, 31, 17, 30, tzinfo=UTC)  # 00:30 on 1 April in Hanoi
    assert quota.month_start(late_on_the_31st) == datetime(2026, 3, 31, 17, 0, tzinfo=UTC)
    assert quota.next_month(late_on_the_31st) == datetime(2026, 4, 30, 17, 0, tzinfo=UTC)
    december = datetime(2026, 12, 10, tzinfo=UTC)
    assert quota.next_month(december) == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)


def test_the_reserve_is_a_tenth_and_only_essential_messages_spend_it() -> None:
    quota = MonthlyQuota(3000, ZoneInfo("Asia/Ho_Chi_Minh"))
    assert quota.reserve == 300
    assert quota.allowance(0).optional == 2700 and quota.allowance(0).essential == 3000
    assert quota.allowance(2750).optional == 0 and quota.allowance(2750).essential == 250
    assert quota.allowance(3100).essential == 0
    assert quota.left(1760) == QuotaLeft(1240, 3000, 300)
    # A notice to 1,000 members on Zalo with 1,240 left: 940 go now, 60 wait.
    assert quota.left(1760).held(1000) == 60
    assert quota.left(0).held(1000) == 0


def test_what_is_essential() -> None:
    reminder = Purpose.REMINDER
    assert is_essential(reminder_priority(ReminderKind.CELL_MEETING), reminder)
    assert is_essential(reminder_priority(ReminderKind.STUDY), Purpose.NUDGE)
    assert not is_essential(reminder_priority(ReminderKind.SEMINAR), reminder)
    assert not is_essential(reminder_priority(ReminderKind.NEWS_BRIEFING), Purpose.NUDGE)
    assert is_essential(PRIORITY_NORMAL, Purpose.NOTICE)  # a decision about the member
    assert not is_essential(PRIORITY_NORMAL, Purpose.DIGEST)
    assert not is_essential(PRIORITY_NORMAL, reminder)  # a task deadline
    assert not is_essential(PRIORITY_BULK, Purpose.BROADCAST)
