"""Joining on Zalo, which has no deep links: the invite code typed (alone or after /start), one
member with a Telegram and a Zalo account, invites that give both ways in.

The application is built for the Zalo channel (``build_application(channel=Channel.ZALO)``) and
polls the Telegram sandbox: who someone is and how they join do not depend on the transport,
so this is the Zalo behaviour as far as identity goes."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_application, running
from bot.clock import TickingClock
from bot.domain.errors import UserError
from bot.domain.model import Channel
from bot.sandbox.models import SandboxUser
from bot.settings import load_settings
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import TOKEN, BotSandbox, World, follow_handling

ZALO_BOT = "https://zalo.me/1234567890123456789"
WELCOME = "Chào mừng"


@asynccontextmanager
async def world_on(
    tmp_path: Path, channel: Channel, zalo_bot_link: str | None
) -> AsyncIterator[World]:
    """The e2e world, with the application serving ``channel`` and the Zalo bot's link set."""
    async with BotSandbox() as sandbox:
        settings = load_settings(
            api_base_url=sandbox.base_url,
            database=tmp_path / "bot.sqlite3",
            bot_username=sandbox.bot_username,
            language="vi",
            zalo_bot_link=zalo_bot_link,
        )
        clock = TickingClock(datetime(datetime.now(UTC).year, 3, 2, 1, 0, tzinfo=UTC))
        application = build_application(settings, TOKEN, clock=clock, channel=channel)
        sandbox.application = application
        async with running(application, poll_timeout=1):
            services = application.bot_data.services
            assert services is not None
            await services.organisation.init("Đảng bộ Trường Chính trị")
            await services.member_import.import_file(write_csv(tmp_path / "m.csv", MEMBERS))
            world = World(sandbox, application, services, tmp_path / "bot.sqlite3", clock)
            follow_handling(world)
            yield world


@pytest.fixture
async def zalo(tmp_path: Path) -> AsyncIterator[World]:
    async with world_on(tmp_path, Channel.ZALO, ZALO_BOT) as world:
        yield world


@pytest.fixture
async def zalo_without_link(tmp_path: Path) -> AsyncIterator[World]:
    async with world_on(tmp_path, Channel.ZALO, None) as world:
        yield world


@pytest.fixture
async def telegram_and_zalo(tmp_path: Path) -> AsyncIterator[World]:
    """The Telegram application of an organisation that is on Zalo too."""
    async with world_on(tmp_path, Channel.TELEGRAM, ZALO_BOT) as world:
        yield world


def accounts(world: World) -> list[tuple[str, str, str]]:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(
            "SELECT m.member_code, a.channel, a.user_id FROM accounts a"
            " JOIN members m ON m.id = a.member_id ORDER BY m.member_code, a.channel"
        ).fetchall()


async def test_the_code_alone_joins_on_zalo(zalo: World) -> None:
    lan = zalo.sandbox.create_user("Bình")
    answer = await zalo.say(lan, f"  {await zalo.code_for('A2')}\n")
    assert "Chào mừng đồng chí <b>Trần Thị Bình</b>" in (answer.html or "")
    assert accounts(zalo) == [("A2", "zalo", str(lan.id))]
    # From now on the Zalo account is the member's.
    assert "/congviec" in (await zalo.say(lan, "/trogiup")).content
    identity = await zalo.services.membership.identify(Channel.ZALO, str(lan.id))
    assert identity is not None and identity.member.member_code == "A2"


async def test_start_and_the_code_typed_joins_on_zalo(zalo: World) -> None:
    user = zalo.sandbox.create_user("Cường")
    answer = await zalo.say(user, f"/start {await zalo.code_for('A3')}")
    assert "Chào mừng đồng chí <b>Lê Văn Cường</b>" in (answer.html or "")
    assert accounts(zalo) == [("A3", "zalo", str(user.id))]


async def test_a_stranger_on_zalo_is_asked_for_the_code(zalo: World) -> None:
    stranger = zalo.sandbox.create_user("Người lạ")
    for text in ("xin chào", "/start", "/trogiup"):
        answer = await zalo.say(stranger, text)
        assert answer.text == (
            "Bot này phục vụ đảng viên và viên chức của Đảng bộ Trường Chính trị. Để sử dụng, "
            "xin đồng chí đề nghị bí thư chi bộ gửi mã mời rồi gửi mã đó vào đây."
        )
    assert accounts(zalo) == []


async def test_wrong_used_and_expired_codes_typed_on_zalo(zalo: World) -> None:
    stranger = zalo.sandbox.create_user("Lạ")
    wrong = await zalo.say(stranger, "Abcdefghijklmnopqrstuv")  # the shape of a code, not one
    assert wrong.text == (
        "Mã mời không hợp lệ. Đồng chí kiểm tra đã gửi đúng và đủ mã chưa, hoặc đề nghị bí thư "
        "chi bộ gửi mã mới."
    )
    wrong_after_start = await zalo.say(stranger, "/start khong-phai-ma-that")
    assert "Mã mời không hợp lệ" in (wrong_after_start.text or "")

    code = await zalo.code_for("A3")
    cuong = zalo.sandbox.create_user("Cường")
    assert WELCOME in (await zalo.say(cuong, code)).content
    reused = await zalo.say(zalo.sandbox.create_user("Khác"), code)
    assert reused.text == (
        "Mã mời này đã được dùng hoặc đã được thay bằng mã mới hơn. "
        "Xin đề nghị bí thư chi bộ gửi mã mới."
    )

    old = await zalo.code_for("B2")
    zalo.clock.advance(days=30, minutes=1)
    expired = await zalo.say(zalo.sandbox.create_user("Em"), old)
    assert expired.text == "Mã mời đã hết hạn. Xin đề nghị bí thư chi bộ gửi mã mới."
    assert accounts(zalo) == [("A3", "zalo", str(cuong.id))]


async def test_a_member_on_telegram_joins_on_zalo_too(zalo: World) -> None:
    services = zalo.services
    telegram = await services.membership.join(
        Channel.TELEGRAM, "7001", "7001", await zalo.code_for("B2")
    )
    assert telegram.linked
    # Linked on Telegram, not on Zalo: an ordinary invite may still be issued.
    on_zalo = zalo.sandbox.create_user("Em")
    answer = await zalo.say(on_zalo, await zalo.code_for("B2"))
    assert "Chào mừng đồng chí <b>Hoàng Văn Em</b>" in (answer.html or "")
    assert accounts(zalo) == [("B2", "telegram", "7001"), ("B2", "zalo", str(on_zalo.id))]
    by_telegram = await services.membership.identify(Channel.TELEGRAM, "7001")
    by_zalo = await services.membership.identify(Channel.ZALO, str(on_zalo.id))
    assert by_telegram is not None and by_zalo is not None
    assert by_telegram.member == by_zalo.member

    again = await zalo.say(on_zalo, f"/start {await zalo.code_for('A3')}")
    assert again.text == (
        "Đồng chí Hoàng Văn Em đã dùng bot bằng tài khoản Zalo này rồi. "
        "Gửi /trogiup để xem các việc có thể làm."
    )
    # Linked on both: nothing left to invite them to, but a relink invite.
    with pytest.raises(UserError, match="already joined"):
        await zalo.code_for("B2")
    relink = await zalo.code_for("B2", relink=True)
    other = zalo.sandbox.create_user("Máy mới")
    assert WELCOME in (await zalo.say(other, relink)).content
    assert accounts(zalo) == [("B2", "telegram", "7001"), ("B2", "zalo", str(other.id))]


async def test_a_member_on_zalo_cannot_be_taken_by_another_zalo_account(zalo: World) -> None:
    first = zalo.sandbox.create_user("Bình")
    assert WELCOME in (await zalo.say(first, await zalo.code_for("A2"))).content
    # Not linked on Telegram yet: an ordinary invite, meant for Telegram, typed on Zalo by another.
    code = await zalo.code_for("A2")
    taken = await zalo.say(zalo.sandbox.create_user("Khác"), code)
    assert taken.text == (
        "Người này đã dùng bot bằng một tài khoản Zalo khác. Nếu đó là tài khoản cũ của đồng chí, "
        "xin đề nghị bí thư chi bộ mời lại."
    )
    assert accounts(zalo) == [("A2", "zalo", str(first.id))]


async def test_the_throttle_counts_per_channel_account(zalo: World) -> None:
    guesser = zalo.sandbox.create_user("Đoán")
    for attempt in range(5):
        answer = await zalo.say(guesser, f"Doanbua{attempt:015d}")
        assert "không hợp lệ" in (answer.text or "")
    refused = await zalo.say(guesser, await zalo.code_for("A2"))
    assert refused.text == (
        "Đồng chí đã nhập sai mã quá nhiều lần trong một giờ qua. "
        "Xin chờ một giờ rồi thử lại bằng mã bí thư chi bộ đã gửi."
    )
    # The same user id on Telegram is another account: not throttled.
    outcome = await zalo.services.membership.join(
        Channel.TELEGRAM, str(guesser.id), str(guesser.id), await zalo.code_for("A2")
    )
    assert outcome.linked
    with sqlite3.connect(zalo.database) as conn:
        failed = conn.execute(
            "SELECT actor_channel, actor_user_id, count(*) FROM audit_log"
            " WHERE event = 'join_failed' GROUP BY 1, 2"
        ).fetchall()
    assert failed == [("zalo", str(guesser.id), 5)]


async def secretary_invites(world: World, secretary: SandboxUser) -> list[str]:
    """/moi, press the first member; the messages the secretary then has, from the choice on."""
    invite = await world.say(secretary, "/moi")
    await world.press(secretary, invite, 0)
    return [m.content for m in world.sandbox.messages(secretary.id)[-2:]]


async def test_an_invite_asked_on_zalo_gives_the_code_and_the_zalo_bot(zalo: World) -> None:
    secretary = zalo.sandbox.create_user("An")
    assert WELCOME in (await zalo.say(secretary, await zalo.code_for("A1"))).content
    text, code = await secretary_invites(zalo, secretary)
    assert text.startswith("Lời mời cho Trần Thị Bình (Phòng Đào tạo).")
    assert "hết hạn sau 30 ngày" in text
    assert (
        f"Trên Telegram, mở đường link này:\nhttps://t.me/{zalo.sandbox.bot_username}?start={code}"
        in text
    )
    assert f"Trên Zalo, gửi mã mời ở tin nhắn sau cho bot Zalo của Đảng bộ:\n{ZALO_BOT}" in text
    assert len(code) == 22
    # The code's message, copied whole and sent by the member, joins them.
    binh = zalo.sandbox.create_user("Bình")
    assert "Trần Thị Bình" in (await zalo.say(binh, code)).content


async def test_without_the_zalo_bot_link_the_invite_names_the_bot_only(
    zalo_without_link: World,
) -> None:
    world = zalo_without_link
    secretary = world.sandbox.create_user("An")
    assert WELCOME in (await world.say(secretary, await world.code_for("A1"))).content
    text, code = await secretary_invites(world, secretary)
    assert text.endswith("Trên Zalo, gửi mã mời ở tin nhắn sau cho bot Zalo của Đảng bộ.")
    assert f"?start={code}" in text


async def test_on_telegram_an_organisation_on_zalo_gives_both_ways_in(
    telegram_and_zalo: World,
) -> None:
    world = telegram_and_zalo
    secretary = await world.join("A1")
    text, code = await secretary_invites(world, secretary)
    assert f"https://t.me/{world.sandbox.bot_username}?start={code}" in text
    assert ZALO_BOT in text
    # On Telegram too, the code alone joins (a member who copied it rather than the link).
    binh = world.sandbox.create_user("Bình")
    assert "Trần Thị Bình" in (await world.say(binh, code)).content
    assert accounts(world)[-1] == ("A2", "telegram", str(binh.id))


async def test_an_organisation_only_on_telegram_keeps_its_invite_link(world: World) -> None:
    secretary = await world.join("A1")
    invite = await world.say(secretary, "/moi")
    await world.press(secretary, invite, 0)
    [answer] = [
        m for m in world.sandbox.messages(secretary.id) if m.message_id >= invite.message_id
    ]
    assert answer.content.startswith("Đường link mời cho Trần Thị Bình (Phòng Đào tạo).")
    assert f"https://t.me/{world.sandbox.bot_username}?start=" in answer.content
    assert "Zalo" not in answer.content
