"""Answering a meeting through the sandbox, as members do it: pressing "❌ Vắng" twice, a reason
typed in words (confirmed once), and answering from a /lich card (the card stays a card, with
the answer and ◀)."""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime

import pytest

from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser, SentMessage
from handlers.meetings.jobs import plan_meeting_reminders
from tests.e2e.conftest import World, outbox_drained
from tests.e2e.task_steps import now_shown

APOLOGY = "Xin lỗi"


async def _study(world: World) -> int:
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title="Quán triệt Nghị quyết",
            starts=datetime(world.clock.now().year, 3, 3, 14, 0),
            everyone=True,
            remind="2d",
        ),
    )
    [meeting] = created.meeting_ids
    return meeting


async def _reminder(world: World, user: SandboxUser) -> SentMessage:
    assert await plan_meeting_reminders(world.services) >= 1
    await outbox_drained(world)
    [found] = [m for m in world.sandbox.messages(user.id) if "Nhắc lịch" in (m.text or "")]
    return found


def _answers(world: World) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute("SELECT answer, reason_kind, reason_text FROM rsvps"))


async def test_pressing_absent_twice_on_a_study_reminder(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    binh = await world.join("A2")
    meeting = await _study(world)
    reminder = await _reminder(world, binh)
    await world.press(binh, reminder, "❌ Vắng")
    # The second press of the same button (a double tap arrives before the edit).
    await world.sandbox.press_callback(binh, reminder.message_id, f"rv:n:{meeting}")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert all(APOLOGY not in (a.get("text") or "") for a in world.sandbox.callback_answers)
    assert not [m for m in world.sandbox.messages(binh.id) if APOLOGY in (m.text or "")]
    shown = now_shown(world, reminder)
    assert [b.text for b in shown.buttons()] == ["Công tác", "Ốm", "Việc riêng", "Khác"]
    await world.press(binh, shown, "Ốm")
    assert _answers(world) == [("absent", "om", None)]


async def test_a_reason_in_words_is_confirmed_once(world: World) -> None:
    binh = await world.join("A2")
    await _study(world)
    reminder = await _reminder(world, binh)
    await world.press(binh, reminder, "❌ Vắng")
    await world.press(binh, now_shown(world, reminder), "Khác")
    answer = await world.say(binh, "Đi khám <bệnh>")
    assert "Đã ghi nhận: đồng chí vắng mặt (Khác: Đi khám <bệnh>)" in (answer.text or "")
    await world.sandbox.wait_until_idle(quiet=0.1)
    confirmations = [m for m in world.sandbox.messages(binh.id) if "Đã ghi nhận" in (m.text or "")]
    assert confirmations == [answer]
    assert now_shown(world, reminder).buttons() == []  # no reason buttons left to press
    assert _answers(world) == [("absent", "khac", "Đi khám <bệnh>")]


async def test_answering_from_a_card_keeps_the_card(world: World) -> None:
    binh = await world.join("A2")
    await _study(world)
    listing = await world.say(binh, "/lich")
    await world.press(binh, listing, 0)
    card = now_shown(world, listing)
    assert "Đồng chí trả lời: ❔ chưa trả lời" in (card.text or "")

    await world.press(binh, card, "✅ Tham dự")
    card = now_shown(world, listing)
    assert "Nhắc lịch" not in (card.text or "")
    assert "Đồng chí trả lời: ✅ tham dự" in (card.text or "")
    assert "◀ Lịch họp của tôi" in [b.text for b in card.buttons()]

    # Absent: the reasons, with ◀ kept; then the card again with the reason.
    await world.press(binh, card, "❌ Vắng")
    reasons = now_shown(world, listing)
    assert [b.text for b in reasons.buttons()] == [
        "Công tác",
        "Ốm",
        "Việc riêng",
        "Khác",
        "◀ Lịch họp của tôi",
    ]
    await world.press(binh, reasons, "Công tác")
    card = now_shown(world, listing)
    assert "Đồng chí trả lời: ❌ vắng (Công tác)" in (card.text or "")
    assert "Học tập chuyên đề" in (card.text or "") and "Nhắc lịch" not in (card.text or "")
    assert "◀ Lịch họp của tôi" in [b.text for b in card.buttons()]

    # A reason in words from the card: the card shows it, and one confirmation below.
    await world.press(binh, card, "❌ Vắng")
    await world.press(binh, now_shown(world, listing), "Khác")
    answer = await world.say(binh, "Đi công tác Sở")
    assert "Đã ghi nhận" in (answer.text or "")
    card = now_shown(world, listing)
    assert "Đồng chí trả lời: ❌ vắng (Khác: Đi công tác Sở)" in (card.text or "")
    assert "◀ Lịch họp của tôi" in [b.text for b in card.buttons()]
    await world.press(binh, card, "◀ Lịch họp của tôi")
    assert "❌ vắng (Khác: Đi công tác Sở)" in (now_shown(world, listing).text or "")
    assert _answers(world) == [("absent", "khac", "Đi công tác Sở")]
