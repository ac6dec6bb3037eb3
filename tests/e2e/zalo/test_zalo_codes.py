"""Joining on the Zalo sandbox itself: after the disclosure, a wrong, a used and an expired code
each get their answer, and nothing is linked for them."""

from __future__ import annotations

import sqlite3

from tests.e2e.zalo.conftest import ZaloWorld


def zalo_accounts(world: ZaloWorld) -> list[str]:
    with sqlite3.connect(world.database) as conn:
        rows = conn.execute(
            "SELECT m.member_code FROM accounts a JOIN members m ON m.id = a.member_id"
            " WHERE a.channel = 'zalo' ORDER BY m.member_code"
        ).fetchall()
    return [code for (code,) in rows]


async def test_wrong_used_and_expired_codes_on_zalo(zalo_world: ZaloWorld) -> None:
    stranger = zalo_world.sandbox.create_user("Người lạ")
    first = await zalo_world.answers(stranger, "Abcdefghijklmnopqrstuv")  # a code's shape
    assert "trợ lý tự động" in first[0].content  # the platform's terms: said first
    assert first[-1].content == (
        "Mã mời không hợp lệ. Đồng chí kiểm tra đã gửi đúng và đủ mã chưa, hoặc đề nghị bí thư "
        "chi bộ gửi mã mới."
    )

    code = await zalo_world.code_for("A3")
    cuong = zalo_world.sandbox.create_user("Cường")
    welcome = await zalo_world.say(cuong, code, lambda m: "Chào mừng" in m.content)
    assert "Lê Văn Cường" in welcome.content
    other = zalo_world.sandbox.create_user("Khác")
    reused = await zalo_world.say(other, f"/start {code}", lambda m: "Mã mời" in m.content)
    assert reused.content == (
        "Mã mời này đã được dùng hoặc đã được thay bằng mã mới hơn. "
        "Xin đề nghị bí thư chi bộ gửi mã mới."
    )

    old = await zalo_world.code_for("B2")
    zalo_world.clock.advance(days=30, minutes=1)
    late = zalo_world.sandbox.create_user("Em")
    expired = await zalo_world.say(late, old, lambda m: "Mã mời" in m.content)
    assert expired.content == "Mã mời đã hết hạn. Xin đề nghị bí thư chi bộ gửi mã mới."
    assert zalo_accounts(zalo_world) == ["A3"]
