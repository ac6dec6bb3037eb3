"""The demo's party dues for the year so far, written through the services as the cells would
have: most months paid (through the portal, confirmed, or in cash), Lê Thị Mai's latest month
said paid and waiting for Trần Văn Minh's confirmation, an exemption with its reason, Phạm
Quốc Bảo two months behind (his secretary is told) and Tô Thị Bích Ngân three (the committee is
told, with the rule). This month is paid already but by those two. Try ``/dangphi`` as
Mai, ``/as Minh`` and ``/as Hà``."""

from __future__ import annotations

from bot.domain.dues.model import DuesState, Month
from bot.domain.dues.rules import is_due
from bot.domain.model import Identity
from bot.services.container import Services

COMMITTEE = "DT01"  # Nguyễn Thị Thu Hà records what the cells reported
CLAIMS = ("DT03",)  # Lê Thị Mai: her latest month, waiting for confirmation
TWO_BEHIND = "DT04"  # Phạm Quốc Bảo
THREE_BEHIND = "LK06"  # Tô Thị Bích Ngân
EXEMPT = ("LK05", "Ốm dài ngày, điều trị tại bệnh viện")  # Mai Văn Đức, in February
IN_CASH = frozenset({"HC03", "HC04", "LL04"})


async def seed_dues(services: Services) -> None:
    today = services.dues.today()
    grace = services.dues.settings.grace_days
    due = [m for m in range(1, today.month + 1) if is_due(Month(today.year, m), today, grace)]
    year, last = today.year, (due[-1] if due else 0)
    directory = await services.organisation.directory()
    people = {e.member.member_code: e.member for e in directory if e.member.kind.is_party_member}
    committee = await _identity(services, COMMITTEE)
    behind = {
        TWO_BEHIND: set(due[-2:]),
        THREE_BEHIND: set(due[-3:]),
    }
    for code, member in sorted(people.items(), key=lambda item: item[0] or ""):
        if code is None:
            continue
        if code not in behind and today.month not in due:
            # This month paid early by most: its reminder goes only to those behind, and never
            # lands in the middle of someone's demo session.
            await services.dues_recording.record(
                committee, member.id, year, today.month, DuesState.PAID
            )
        for month in due:
            if month in behind.get(code, set()):
                # Recorded as not paid: months before the member was on the bot's list count
                # only when something was recorded for them.
                await services.dues_recording.record(
                    committee, member.id, year, month, DuesState.UNPAID
                )
                continue
            if code == EXEMPT[0] and month == min(2, last):
                await services.dues_recording.record(
                    committee, member.id, year, month, DuesState.EXEMPT, reason=EXEMPT[1]
                )
            elif code in CLAIMS and month == last:
                await services.dues_recording.claim(await _identity(services, code), year, month)
            else:
                await services.dues_recording.record(
                    committee, member.id, year, month, DuesState.PAID, in_cash=code in IN_CASH
                )


async def _identity(services: Services, member_code: str) -> Identity:
    [entry] = [
        e for e in await services.organisation.directory() if e.member.member_code == member_code
    ]
    identity = await services.membership.identity_of(entry.member.id)
    assert identity is not None
    return identity
