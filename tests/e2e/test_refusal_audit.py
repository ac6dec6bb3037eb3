"""Every refusal is audited, once: forged buttons and commands by members whose roles do not
allow them each leave one audit row (the member gets a polite answer); a stranger hammering
``/start`` with codes once the limit is reached leaves one row with the count."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from bot.domain.meetings import MeetingKind, MeetingRequest
from tests.e2e.conftest import World, eventually


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


def _refusals(world: World) -> list[str]:
    return [str(e) for (e,) in _rows(world, "SELECT event FROM audit_log") if "refused" in str(e)]


async def _setting(world: World) -> dict[str, int]:
    """A meeting of Liên khoa under way, and the ids the forged buttons name."""
    await world.open_year()
    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Họp Liên khoa",
            starts=datetime(world.clock.now().year, 3, 2, 9, 0),
            cells=("Liên khoa",),
        ),
    )
    [meeting] = created.meeting_ids
    [(em,)] = _rows(world, "SELECT id FROM members WHERE member_code = 'B2'")
    [(own,)] = _rows(world, "SELECT id FROM units WHERE name = 'Phòng Đào tạo'")
    [(other,)] = _rows(world, "SELECT id FROM units WHERE name = 'Liên khoa'")
    return {"meeting": meeting, "em": em, "own": own, "other": other}


# (who, what): a member code and a forged button's data (prefixed "press ") or a command.
REFUSALS = [
    ("A2", "press dd:t:{meeting}:{em}"),
    ("A2", "press dd:c:{meeting}"),
    ("A2", "press rv:a:{meeting}"),
    ("A2", "press cc:c:{other}:0"),
    ("A2", "press pub:x:0"),
    ("A2", "press prg:c:{other}:u:0"),
    ("A2", "press prg:n:{own}"),
    ("A1", "press bc:all"),
    ("A2", "/nam 2026 | Bứt phá | 01/01/2026 | 31/12/2026 | 5 | có"),
    ("A2", "/khaudotpha Chuyển đổi số; Cải cách hành chính"),
    ("A2", "/molai Lê Văn Cường | 31/12/2026"),
    ("A2", "/viectapthe Sửa phòng họp | Phòng họp mới | 30/11/2026 | Trần Thị Bình"),
    ("A2", "/moi"),
    ("A2", "/thongbao"),
    ("A2", "/diemdanh {meeting}"),
]


@pytest.mark.parametrize(("who", "what"), REFUSALS, ids=[w for _, w in REFUSALS])
async def test_a_refusal_leaves_one_audit_row(world: World, who: str, what: str) -> None:
    ids = await _setting(world)
    actor = await world.join(who)
    world.clock.advance(minutes=70)  # 09:10: the meeting is under way
    if what.startswith("press "):
        data = what.removeprefix("press ").format(**ids)
        if data == "bc:all":  # a secretary of one cell is never offered the whole organisation
            await world.say(actor, "/thongbao")
        before = _refusals(world)
        answers = len(world.sandbox.callback_answers)
        message = world.sandbox.messages(actor.id)[-1]
        await world.sandbox.press_callback(actor, message.message_id, data)
        await eventually(lambda: len(world.sandbox.callback_answers) > answers)
        answer = world.sandbox.callback_answers[-1]
        assert answer["show_alert"] and answer["text"], answer
    else:
        before = _refusals(world)
        reply = await world.say(actor, what.format(**ids))
        assert reply.text
    await world.sandbox.wait_until_idle(quiet=0.1)
    await eventually(lambda: len(_refusals(world)) > len(before))
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert len(_refusals(world)) == len(before) + 1, _refusals(world)


async def test_a_throttled_stranger_writes_one_row_with_the_count(world: World) -> None:
    guesser = world.sandbox.create_user("Đoán")
    for attempt in range(5):
        await world.say(guesser, f"/start doan-bua-{attempt}")
    for attempt in range(40):
        refused = await world.say(guesser, f"/start doan-tiep-{attempt}")
        assert "quá nhiều lần" in (refused.text or "")
    rows = _rows(world, "SELECT detail FROM audit_log WHERE event = 'join_refused_rate_limit'")
    assert len(rows) == 1
    assert json.loads(str(rows[0][0]))["attempts"] == 40
