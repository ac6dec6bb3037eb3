"""End to end through the sandbox: /caidat shows a member's quiet hours and reminders, the
presets and typed hours change them, toggles edit the message in place, and a forged button for
a meeting one must attend is refused with nothing stored."""

from __future__ import annotations

import sqlite3

from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


def _now(world: World, user: SandboxUser, message: SentMessage) -> SentMessage:
    """``message`` as the member sees it now (after the bot edited it)."""
    [found] = [m for m in world.sandbox.messages(user.id) if m.message_id == message.message_id]
    return found


def _labels(message: SentMessage) -> list[str]:
    return [b.text for b in message.buttons()]


async def test_quiet_hours_from_a_preset_by_typing_and_back_to_default(world: World) -> None:
    binh = await world.join("A2")
    settings = await world.say(binh, "/caidat")
    text = settings.text or ""
    assert "Giờ yên lặng: 21:30 – 06:30 (mặc định)" in text
    assert "• Sinh hoạt chi bộ: luôn nhắc (bắt buộc tham dự)" in text
    assert "• Hội thảo: 🔔 bật" in text
    assert _labels(settings) == [
        "🌙 Đổi giờ yên lặng",
        "🔔 Thông tin thời sự: bật",
        "🔔 Hội thảo: bật",
        "🔔 Hạn công việc: bật",
        "🔔 Hỏi thăm công việc hằng quý: bật",
    ]

    # A preset: the same message shows the choices, then the new hours.
    await world.press(binh, settings, "🌙 Đổi giờ yên lặng")
    presets = _now(world, binh, settings)
    assert _labels(presets) == [
        "21:00 – 06:00",
        "21:30 – 06:30",
        "22:00 – 07:00",
        "Không cần",
        "⌨️ Gõ giờ khác",
        "« Quay lại",
    ]
    await world.press(binh, presets, "22:00 – 07:00")
    changed = _now(world, binh, settings)
    assert "Giờ yên lặng: 22:00 – 07:00\n" in (changed.text or "")
    assert _labels(changed)[:2] == ["🌙 Đổi giờ yên lặng", "↩️ Mặc định"]
    assert _rows(world, "SELECT quiet_begins, quiet_ends FROM member_preferences") == [
        ("22:00", "07:00")
    ]

    # Typed hours: unclear text is answered politely and asked again.
    await world.press(binh, changed, "🌙 Đổi giờ yên lặng")
    await world.press(binh, _now(world, binh, settings), "⌨️ Gõ giờ khác")
    assert "ví dụ 22:00-06:00" in (_now(world, binh, settings).text or "")
    unclear = await world.say(binh, "tối muộn")
    assert "Chưa hiểu giờ đồng chí gõ" in (unclear.text or "")
    assert "22:00-06:00" in (unclear.text or "")
    saved = await world.say(binh, "21g30 - 6g")
    assert (saved.text or "").startswith("✅ Đã lưu.")
    assert "Giờ yên lặng: 21:30 – 06:00\n" in (saved.text or "")
    assert _rows(world, "SELECT quiet_begins, quiet_ends FROM member_preferences") == [
        ("21:30", "06:00")
    ]

    # Back to the default: no row of her own any more.
    await world.press(binh, saved, "↩️ Mặc định")
    assert "21:30 – 06:30 (mặc định)" in (_now(world, binh, saved).text or "")
    assert _rows(world, "SELECT * FROM member_preferences") == []

    # No quiet hours at all.
    await world.press(binh, saved, "🌙 Đổi giờ yên lặng")
    await world.press(binh, _now(world, binh, saved), "Không cần")
    assert "Giờ yên lặng: không có" in (_now(world, binh, saved).text or "")
    assert _rows(world, "SELECT quiet_begins, quiet_ends FROM member_preferences") == [
        ("00:00", "00:00")
    ]


async def test_muting_a_seminar_and_a_forged_must_attend_kind(world: World) -> None:
    binh = await world.join("A2")
    settings = await world.say(binh, "/caidat")
    await world.press(binh, settings, "🔔 Hội thảo: bật")
    muted = _now(world, binh, settings)
    assert "🔕 Hội thảo: tắt" in _labels(muted)
    assert "• Hội thảo: 🔕 tắt" in (muted.text or "")
    assert "Đã lưu" in str(world.sandbox.callback_answers[-1])
    assert _rows(world, "SELECT kind FROM reminder_mutes") == [("seminar",)]

    # A tampering client asks to mute cell meetings: an alert, nothing stored.
    await world.sandbox.press_callback(binh, settings.message_id, "pref:m:cell_meeting")
    await world.sandbox.wait_until_idle(quiet=0.05)
    alert = world.sandbox.callback_answers[-1]
    assert alert["show_alert"] is True and "bắt buộc tham dự" in alert["text"]
    assert _rows(world, "SELECT kind FROM reminder_mutes") == [("seminar",)]

    # Pressing again hears seminars again.
    await world.press(binh, muted, "🔕 Hội thảo: tắt")
    assert "🔔 Hội thảo: bật" in _labels(_now(world, binh, settings))
    assert _rows(world, "SELECT kind FROM reminder_mutes") == []


async def test_in_english_and_listed_in_help(world: World) -> None:
    an = await world.join("A1")
    help_text = (await world.say(an, "/trogiup")).text or ""
    assert "/caidat" in help_text
    choose = await world.say(an, "/ngonngu")
    await world.press(an, choose, "English")
    settings = await world.say(an, "/settings")
    assert "Quiet hours: 21:30 – 06:30 (default)" in (settings.text or "")
    assert "• Cell meetings: always (you must attend)" in (settings.text or "")
    assert _labels(settings)[:2] == ["🌙 Change quiet hours", "🔔 Current-affairs briefings: on"]
    await world.press(an, settings, "🌙 Change quiet hours")
    await world.press(an, _now(world, an, settings), "⌨️ Type other hours")
    wrong = await world.say(an, "late")
    assert "like 22:00-06:00" in (wrong.text or "")
    await world.say(an, "/huy")
    assert _rows(world, "SELECT * FROM member_preferences") == []
