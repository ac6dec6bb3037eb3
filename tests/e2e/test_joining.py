"""Members join with /start CODE; strangers learn whom to ask; nothing else works for them."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import write_csv
from tests.e2e.conftest import TOKEN, World


async def test_a_member_joins_with_their_invite_link(world: World) -> None:
    user = world.sandbox.create_user("Bình")
    code = await world.code_for("A2")
    answer = await world.say(user, f"/start {code}")
    assert "Chào mừng đồng chí <b>Trần Thị Bình</b>" in (answer.html or "")
    assert "Chi bộ: Phòng Đào tạo" in (answer.text or "")
    assert "Vai trò: đảng viên dự bị" in (answer.text or "")
    assert "/trogiup" in (answer.text or "")
    with sqlite3.connect(world.database) as conn:
        linked = conn.execute(
            "SELECT a.user_id FROM accounts a JOIN members m ON m.id = a.member_id "
            "WHERE m.member_code = 'A2'"
        ).fetchone()
    assert linked == (str(user.id),)


async def test_wrong_expired_and_reused_codes_are_explained(world: World) -> None:
    stranger = world.sandbox.create_user("Lạ")
    wrong = await world.say(stranger, "/start khong-phai-ma-that")
    assert "Mã mời không hợp lệ" in (wrong.text or "")

    code = await world.code_for("A3")
    await world.say(world.sandbox.create_user("Cường"), f"/start {code}")
    reused = await world.say(world.sandbox.create_user("Khác"), f"/start {code}")
    assert "đã được dùng" in (reused.text or "")

    old = await world.code_for("B2")
    world.clock.advance(days=30, minutes=1)
    expired = await world.say(world.sandbox.create_user("Em"), f"/start {old}")
    assert "hết hạn" in (expired.text or "")


async def test_the_sixth_failed_attempt_within_an_hour_is_refused(world: World) -> None:
    guesser = world.sandbox.create_user("Đoán")
    for attempt in range(5):
        answer = await world.say(guesser, f"/start doan-bua-{attempt}")
        assert "không hợp lệ" in (answer.text or "")
    good = await world.code_for("A2")
    refused = await world.say(guesser, f"/start {good}")
    assert "quá nhiều lần" in (refused.text or "")
    with sqlite3.connect(world.database) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0
        events = [r[0] for r in conn.execute("SELECT event FROM audit_log")]
    assert events.count("join_failed") == 5 and "join_refused_rate_limit" in events


async def test_a_stranger_gets_only_an_explanation(world: World) -> None:
    stranger = world.sandbox.create_user("Người lạ")
    for text in ("/start", "xin chào", "/trogiup", "/moi", "/ngonngu"):
        answer = await world.say(stranger, text)
        assert answer.text == (
            "Bot này phục vụ đảng viên và viên chức của Đảng bộ Trường Chính trị. Để sử dụng, "
            "xin đồng chí đề nghị bí thư chi bộ gửi đường link mời."
        )
        assert answer.reply_markup is None
    english = world.sandbox.create_user("Stranger", language_code="en")
    answer = await world.say(english, "hello")
    assert "ask your cell secretary for an invite link" in (answer.text or "")


async def test_an_already_linked_account_is_told_so(world: World) -> None:
    user = await world.join("A2")
    answer = await world.say(user, f"/start {await world.code_for('A3')}")
    assert "Đồng chí Trần Thị Bình đã dùng bot bằng tài khoản Telegram này rồi" in (
        answer.text or ""
    )
    plain = await world.say(user, "/start")
    assert "Chào đồng chí Trần Thị Bình" in (plain.text or "")


async def test_a_member_linked_elsewhere_cannot_be_taken_over(world: World) -> None:
    await world.join("B2")
    relink = await world.code_for("B2", relink=True)
    # A relink invite moves the member to the new account; an ordinary one cannot be issued.
    newcomer = world.sandbox.create_user("Máy mới")
    answer = await world.say(newcomer, f"/start {relink}")
    assert "Chào mừng" in (answer.text or "")


async def test_in_a_group_the_bot_points_to_a_private_chat(world: World) -> None:
    user = await world.join("A2")
    group = world.sandbox.create_group("Chi bộ Phòng Đào tạo")
    answer = await world.say(user, "/trogiup", chat_id=group)
    assert "trò chuyện riêng" in (answer.text or "")
    assert "Trần Thị Bình" not in (answer.text or "")
    [button] = answer.buttons()
    assert button.url == f"https://t.me/{world.sandbox.bot_username}"
    await world.sandbox.send_text(user, "chào cả nhà", group)
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert len(world.sandbox.messages(group)) == 1  # ordinary chatter gets no answer


async def test_one_hundred_members_join_at_once(world: World, tmp_path: Path) -> None:
    rows = [[f"Thành Viên {n:03}", "Khoa Mới", "Quần chúng", "", f"M{n:03}"] for n in range(100)]
    await world.services.member_import.import_file(write_csv(tmp_path / "many.csv", rows))
    issued = await world.services.invites.issue_for_command_line(cell_name="Khoa mới")
    users = [world.sandbox.create_user(f"U{n}") for n in range(len(issued))]
    sent = await asyncio.gather(
        *(
            world.sandbox.send_text(u, f"/start {i.code}")
            for u, i in zip(users, issued, strict=True)
        )
    )
    answers = await asyncio.gather(
        *(
            world.sandbox.wait_for_message(u.id, after=s["message_id"], timeout=30)
            for u, s in zip(users, sent, strict=True)
        )
    )
    assert all("Chào mừng" in (a.text or "") for a in answers)
    with sqlite3.connect(world.database) as conn:
        assert conn.execute("SELECT count(*) FROM accounts").fetchone()[0] == 100


async def test_the_token_never_reaches_the_logs(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.log_redaction import RedactSecrets

    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactSecrets(TOKEN))
    user = await world.join("A2")
    world.sandbox.inject_fault("sendMessage", "500")
    await world.sandbox.send_text(user, "/trogiup")
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert caplog.records, "expected some log lines"
    assert TOKEN not in caplog.text
