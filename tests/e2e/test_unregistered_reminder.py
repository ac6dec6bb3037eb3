"""The /tiendo button that reminds those who have not registered: the secretary is told whom
it reminded, who was already reminded today, and who could not be reminded because they have
never opened the bot — by name, with /moi to get them an invite link."""

from __future__ import annotations

from bot.sandbox.models import SandboxUser
from tests.e2e.conftest import World, outbox_drained

REMIND = "Nhắc người chưa đăng ký"


def _last_answer(world: World, user: SandboxUser) -> str:
    """The newest message that answers the button (the secretary's own reminder may come
    just before or after it)."""
    return next(
        m.text or ""
        for m in reversed(world.sandbox.messages(user.id))
        if "Kính gửi" not in (m.text or "")
    )


async def test_the_answer_names_those_not_using_the_bot_and_points_to_invites(
    world: World,
) -> None:
    await world.open_year(approval=False)
    # Liên khoa: Dung (the secretary) and Em use the bot; Giang has never opened it.
    secretary = await world.join("B1")
    await world.join("B2")
    report = await world.say(secretary, "/tiendo")

    await world.press(secretary, report, REMIND)
    await outbox_drained(world)
    assert _last_answer(world, secretary).splitlines() == [
        "Đã nhắc 2 đồng chí chưa đăng ký: Phạm Thị Dung, Hoàng Văn Em.",
        "1 đồng chí chưa dùng bot nên không nhắc được: Võ Thị Giang. "
        "Gửi /moi để lấy lời mời gửi cho các đồng chí ấy.",
    ]

    # The same day again: nobody is reminded twice, and the answer says so by name.
    await world.press(secretary, report, REMIND)
    await outbox_drained(world)
    assert _last_answer(world, secretary).splitlines() == [
        "Không nhắc lại 2 đồng chí đã nhắc hôm nay (ngày mai có thể nhắc lại): "
        "Phạm Thị Dung, Hoàng Văn Em.",
        "1 đồng chí chưa dùng bot nên không nhắc được: Võ Thị Giang. "
        "Gửi /moi để lấy lời mời gửi cho các đồng chí ấy.",
    ]
