"""Invites are one-time, expiring and hashed; joining links exactly one account."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.delivery_channels import AccountMark
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Channel, Identity
from bot.services.account_marks import AccountMarks
from bot.services.container import Services
from bot.services.members.membership import JoinStatus
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv

TG = Channel.TELEGRAM


async def _code(services: Services, member_code: str) -> str:
    [issued] = await services.invites.issue_for_command_line(member_code=member_code)
    return issued.code


async def _join(services: Services, user: int, code: str) -> JoinStatus:
    return (await services.membership.join(TG, str(user), str(user), code)).status


async def test_a_code_links_once_and_only_once(organisation: Services) -> None:
    code = await _code(organisation, "A2")
    assert len(code) >= 16 and len(code) <= 64
    outcome = await organisation.membership.join(TG, "501", "501", code)
    assert outcome.status is JoinStatus.JOINED
    assert outcome.identity is not None and outcome.identity.member.full_name == "Trần Thị Bình"
    assert await _join(organisation, 502, code) is JoinStatus.USED
    identity = await organisation.membership.identify(TG, "501")
    assert identity is not None and identity.cell.name == "Phòng Đào tạo"
    assert await organisation.membership.identify(TG, "502") is None


async def test_codes_are_stored_only_as_hashes(organisation: Services, db: SqliteDatabase) -> None:
    code = await _code(organisation, "A3")
    assert code.encode() not in db.path.read_bytes()
    wal = db.path.with_name(db.path.name + "-wal")
    assert not wal.exists() or code.encode() not in wal.read_bytes()


async def test_a_code_expires(organisation: Services, clock: FixedClock) -> None:
    code = await _code(organisation, "A3")
    clock.advance(days=30, seconds=1)
    assert await _join(organisation, 601, code) is JoinStatus.EXPIRED


async def test_a_new_code_cancels_the_old_one(organisation: Services) -> None:
    old = await _code(organisation, "A3")
    new = await _code(organisation, "A3")
    assert await _join(organisation, 701, old) is JoinStatus.USED
    assert await _join(organisation, 701, new) is JoinStatus.JOINED


async def test_an_already_linked_account_is_told_so(organisation: Services) -> None:
    await _join(organisation, 801, await _code(organisation, "A2"))
    outcome = await organisation.membership.join(TG, "801", "801", await _code(organisation, "A3"))
    assert outcome.status is JoinStatus.ALREADY_LINKED
    assert outcome.identity is not None and outcome.identity.member.member_code == "A2"


async def test_a_linked_member_cannot_be_taken_over_without_a_relink_invite(
    organisation: Services,
) -> None:
    await _join(organisation, 901, await _code(organisation, "B2"))
    with pytest.raises(UserError, match="already joined"):
        await _code(organisation, "B2")
    [relink] = await organisation.invites.issue_for_command_line(member_code="B2", relink=True)
    assert await _join(organisation, 902, relink.code) is JoinStatus.RELINKED
    assert await organisation.membership.identify(TG, "901") is None
    identity = await organisation.membership.identify(TG, "902")
    assert identity is not None and identity.member.member_code == "B2"


async def test_the_sixth_failure_within_an_hour_is_refused_without_checking(
    organisation: Services, clock: FixedClock, db: SqliteDatabase
) -> None:
    good = await _code(organisation, "A3")
    for _ in range(5):
        assert await _join(organisation, 1001, "wrong-code-xyz") is JoinStatus.WRONG_CODE
    assert await _join(organisation, 1001, good) is JoinStatus.TOO_MANY_ATTEMPTS
    assert await _join(organisation, 1002, good) is JoinStatus.JOINED  # others are not affected
    async with db.read() as uow:
        events = [r.event for r in await uow.audit.recent(20)]
    assert events.count("join_failed") == 5 and "join_refused_rate_limit" in events
    clock.advance(hours=1, seconds=1)
    assert await _join(organisation, 1001, "wrong-again") is JoinStatus.WRONG_CODE


async def _identity(services: Services, code: str, user: int) -> Identity:
    outcome = await services.membership.join(TG, str(user), str(user), await _code(services, code))
    assert outcome.identity is not None
    return outcome.identity


async def test_a_secretary_invites_only_in_their_own_cell(organisation: Services) -> None:
    secretary = await _identity(organisation, "A1", 1101)  # Phòng Đào tạo
    page = await organisation.invites.invitable(secretary, 0)
    assert {m.full_name for m in page.members} == {"Trần Thị Bình", "Lê Văn Cường"}
    own = next(m for m in page.members if m.member_code == "A2")
    issued = await organisation.invites.issue(secretary, own.id)
    assert issued.member.member_code == "A2"
    other_cell = next(
        e.member
        for e in await organisation.organisation.directory()
        if e.member.member_code == "B2"
    )
    with pytest.raises(NotAllowed):
        await organisation.invites.issue(secretary, other_cell.id)


async def test_members_may_not_invite_and_the_committee_may_invite_anyone(
    organisation: Services,
) -> None:
    member = await _identity(organisation, "A2", 1201)
    with pytest.raises(NotAllowed):
        await organisation.invites.invitable(member, 0)
    committee = await _identity(organisation, "B3", 1202)
    page = await organisation.invites.invitable(committee, 0)
    assert len(page.members) == 4  # six members less the two now linked


async def test_invite_pages_hold_at_most_a_page_each(organisation: Services) -> None:
    committee = await _identity(organisation, "B3", 1301)
    first = await organisation.invites.invitable(committee, 0, page_size=2)
    last = await organisation.invites.invitable(committee, 9, page_size=2)
    assert (first.pages, len(first.members), last.page) == (3, 2, 2)


async def test_left_members_cannot_join(organisation: Services, tmp_path: Path) -> None:
    code = await _code(organisation, "A3")
    rows = [[*row, "Đang sinh hoạt"] for row in MEMBERS]
    rows[2][5] = "Đã chuyển đi"
    header = ["Họ và tên", "Chi bộ", "Loại", "Chức vụ", "Mã", "Trạng thái"]
    await organisation.member_import.import_file(write_csv(tmp_path / "left.csv", rows, header))
    assert await _join(organisation, 1401, code) is JoinStatus.INACTIVE


async def test_the_directory_shows_who_blocked_the_bot_until_they_write_again(
    organisation: Services, db: SqliteDatabase, clock: FixedClock
) -> None:
    await _join(organisation, 1501, await _code(organisation, "A2"))
    async with db.write() as uow:
        await uow.outbox.mark_unreachable(
            1501, "403 Forbidden: bot was blocked by the user", clock.now()
        )

    async def flagged() -> set[str]:
        return {
            e.member.member_code or ""
            for e in await organisation.organisation.directory()
            if e.unreachable
        }

    assert await flagged() == {"A2"}
    assert await organisation.delivery.reachable_again("1501")
    assert await flagged() == set()
    assert not await organisation.delivery.reachable_again("1501")  # nothing left to clear


async def test_members_writing_at_once_are_marked_in_one_write(
    organisation: Services, db: SqliteDatabase, clock: FixedClock
) -> None:
    """An invitation day: members write for the first time at once. Each is marked reachable
    and last used before their update goes on, in one write for all of them (it was one
    transaction each: with 200 at once, one held the single writer 117–158 ms)."""
    users = {1601: "A2", 1602: "A3", 1603: "B2", 1604: "B3"}
    for user, code in users.items():
        await _join(organisation, user, await _code(organisation, code))
    async with db.write() as uow:
        await uow.outbox.mark_unreachable(1601, "403 Forbidden: bot was blocked", clock.now())
    clock.advance(minutes=5)  # each account's last use is due to be marked again
    before = db.write_times.count

    cleared = await asyncio.gather(
        *(organisation.delivery.reachable_again(str(user)) for user in users)
    )

    assert cleared == [True, False, False, False]  # only 1601 was marked unreachable
    # Shared: the marks of those whose read came back while one was being written go in the
    # next write together.
    assert db.write_times.count - before < len(users)
    async with db.read() as uow:
        for user in users:
            use = await uow.outbox.account_use(TG, str(user))
            assert use is not None and not use.unreachable and use.last_used_at == clock.now()

    # Marks asked for at the same moment: one write.
    clock.advance(minutes=5)
    marks = AccountMarks(db)
    before = db.write_times.count
    await asyncio.gather(*(marks.write(AccountMark(TG, str(u), clock.now())) for u in users))
    assert db.write_times.count - before == 1
    async with db.read() as uow:
        for user in users:
            use = await uow.outbox.account_use(TG, str(user))
            assert use is not None and use.last_used_at == clock.now()


def test_a_code_never_starts_with_a_sign_a_spreadsheet_reads_as_a_formula() -> None:
    """token_urlsafe gives "-" or "_" first about one time in 32: the invite CSV would carry
    "'-abc…" (neutralised) and the code a member copies would be wrong."""
    from bot.domain.invites import new_code

    assert all(new_code()[0].isalnum() for _ in range(2000))
