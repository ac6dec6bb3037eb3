"""Who someone is, whatever the channel: a member may have a Telegram and a Zalo account; linked
means an account on any channel; a member linked on one channel may still join on the other."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import UserError
from bot.domain.invites import ZaloJoining, new_code, typed_code
from bot.domain.model import Channel, Identity
from bot.services.container import Services
from bot.services.members.membership import JoinStatus
from bot.settings import SettingsError, load_settings
from storage.database import SqliteDatabase
from tests.conftest import MEMBERS, write_csv

TG, ZALO = Channel.TELEGRAM, Channel.ZALO


@pytest.fixture
async def on_zalo(db: SqliteDatabase, clock: FixedClock, tmp_path: Path) -> Services:
    """The services of an organisation on Telegram and Zalo (the Zalo bot's link unknown)."""
    services = Services.build(
        db, clock, invite_ttl_days=30, default_language="vi", zalo_joining=ZaloJoining()
    )
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", MEMBERS))
    return services


async def _code(services: Services, member_code: str, *, relink: bool = False) -> str:
    [issued] = await services.invites.issue_for_command_line(member_code=member_code, relink=relink)
    return issued.code


async def _join(services: Services, channel: Channel, user: str, member_code: str) -> Identity:
    outcome = await services.membership.join(
        channel, user, user, await _code(services, member_code)
    )
    assert outcome.linked, outcome.status
    assert outcome.identity is not None
    return outcome.identity


def test_a_typed_code_is_a_whole_code_and_nothing_else() -> None:
    code = new_code()
    assert typed_code(code) == code
    assert typed_code(f"  {code}\n") == code
    assert typed_code(f"/start {code}") is None
    assert typed_code(f"{code} xin chào") is None
    assert typed_code(code[:-1]) is None and typed_code(code + "x") is None
    assert typed_code("-" + code[1:]) is None  # new_code never starts with "-"
    assert typed_code("tiến độ chi bộ Liên khoa") is None
    assert typed_code("") is None


def test_the_zalo_bot_link_is_optional_and_must_be_a_web_address() -> None:
    assert load_settings(zalo_bot_link="").zalo_joining is None
    assert load_settings(zalo_bot_link=None).zalo_joining is None
    link = "https://zalo.me/1234567890"
    assert load_settings(zalo_bot_link=f" {link} ").zalo_joining == ZaloJoining(link)
    with pytest.raises(SettingsError) as caught:
        load_settings(zalo_bot_link="zalo.me/1234567890")
    assert [p.variable for p in caught.value.problems] == ["BUTPHA_ZALO_BOT_LINK"]


async def test_both_accounts_identify_the_same_member(on_zalo: Services) -> None:
    on_telegram = await _join(on_zalo, TG, "501", "A2")
    zalo_identity = await _join(on_zalo, ZALO, "7", "A2")
    assert zalo_identity.member == on_telegram.member
    by_zalo = await on_zalo.membership.identify(ZALO, "7")
    by_telegram = await on_zalo.membership.identify(TG, "501")
    assert by_zalo is not None and by_telegram is not None
    assert by_zalo.member.member_code == by_telegram.member.member_code == "A2"
    # Ids are per channel: Zalo's 7 is nobody on Telegram, Telegram's 501 nobody on Zalo.
    assert await on_zalo.membership.identify(TG, "7") is None
    assert await on_zalo.membership.identify(ZALO, "501") is None


async def test_an_account_already_linked_is_told_so_on_its_own_channel_only(
    on_zalo: Services,
) -> None:
    await _join(on_zalo, ZALO, "7", "A2")
    again = await on_zalo.membership.join(ZALO, "7", "7", await _code(on_zalo, "A3"))
    assert again.status is JoinStatus.ALREADY_LINKED
    # The same number on Telegram is another account, free to join.
    assert (await _join(on_zalo, TG, "7", "A3")).member.member_code == "A3"


async def test_a_member_linked_on_one_channel_is_invited_to_the_other_only_when_served(
    organisation: Services, on_zalo: Services
) -> None:
    # Telegram only (no Zalo in the settings): linked on Telegram is linked on everything served.
    await _join(organisation, TG, "501", "B2")
    with pytest.raises(UserError, match="already joined"):
        await _code(organisation, "B2")
    # The same database, an organisation on Zalo too: a code to join on Zalo.
    code = await _code(on_zalo, "B2")
    taken = await on_zalo.membership.join(TG, "502", "502", code)
    assert taken.status is JoinStatus.MEMBER_TAKEN  # not a way to take the Telegram account
    code = await _code(on_zalo, "B2")
    assert (await on_zalo.membership.join(ZALO, "9", "9", code)).status is JoinStatus.JOINED
    with pytest.raises(UserError, match="already joined"):
        await _code(on_zalo, "B2")


async def test_linked_means_an_account_on_any_channel(on_zalo: Services) -> None:
    secretary = await _join(on_zalo, TG, "501", "A1")  # Phòng Đào tạo: An, Bình, Cường
    await _join(on_zalo, ZALO, "7", "A2")  # Bình on Zalo only
    page = await on_zalo.invites.invitable(secretary, 0)
    assert [m.member_code for m in page.members] == ["A3"]
    unlinked = await on_zalo.invites.issue_for_command_line(all_unlinked=True)
    assert sorted(i.member.member_code or "" for i in unlinked) == ["A3", "B1", "B2", "B3"]


async def test_the_directory_counts_a_zalo_only_member_as_linked(
    on_zalo: Services, clock: FixedClock
) -> None:
    first = clock.now()
    await _join(on_zalo, ZALO, "7", "A2")
    clock.advance(days=2)
    await _join(on_zalo, TG, "501", "B2")
    clock.advance(days=3)
    await _join(on_zalo, ZALO, "8", "B2")
    entries = {e.member.member_code: e for e in await on_zalo.organisation.directory()}
    assert entries["A2"].linked_at == first and entries["A2"].channels == {ZALO}
    assert entries["B2"].channels == {TG, ZALO}
    assert entries["B2"].linked_at == first + timedelta(days=2)  # the first account's
    assert entries["A3"].linked_at is None and entries["A3"].channels == frozenset()
    linked = [code for code, e in entries.items() if e.linked_at is not None]
    assert sorted(linked) == ["A2", "B2"]


async def test_start_up_menus_are_per_channel(on_zalo: Services) -> None:
    await _join(on_zalo, ZALO, "7", "A2")
    await _join(on_zalo, TG, "501", "B2")
    await _join(on_zalo, ZALO, "8", "B2")
    on_zalo_chats = await on_zalo.membership.linked_identities(ZALO)
    on_telegram_chats = await on_zalo.membership.linked_identities(TG)
    assert sorted((i.member.member_code, chat) for i, chat in on_zalo_chats) == [
        ("A2", 7),
        ("B2", 8),
    ]
    assert [(i.member.member_code, chat) for i, chat in on_telegram_chats] == [("B2", 501)]


async def test_wrong_codes_are_counted_per_channel_account(on_zalo: Services) -> None:
    for attempt in range(5):
        outcome = await on_zalo.membership.join(ZALO, "7", "7", f"wrong-{attempt}")
        assert outcome.status is JoinStatus.WRONG_CODE
    good = await _code(on_zalo, "A2")
    assert (await on_zalo.membership.join(ZALO, "7", "7", good)).status is (
        JoinStatus.TOO_MANY_ATTEMPTS
    )
    assert (await on_zalo.membership.join(TG, "7", "7", good)).status is JoinStatus.JOINED
