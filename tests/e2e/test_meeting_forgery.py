"""Forged buttons through the sandbox: a member's check-in, answer, reasons and snooze for
another cell's meeting, a secretary's sheet, toggle, list and year's attendance for another cell,
and a notice's audience a secretary may not write to, are each refused with a polite alert when
pressed, change nothing, and leave an audit row."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.sandbox.models import SandboxUser
from tests.e2e.conftest import World, eventually

NOT_YOURS = "Cuộc họp này không thuộc thành phần của đồng chí."
OWN_CELL = "Đồng chí chỉ được điểm danh trong chi bộ mình."


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


async def _press(world: World, user: SandboxUser, data: str) -> dict[str, object]:
    """A forged press on the member's last message; the alert it got."""
    seen = len(world.sandbox.callback_answers)
    message = world.sandbox.messages(user.id)[-1]
    await world.sandbox.press_callback(user, message.message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    await world.sandbox.wait_until_idle(quiet=0.05)
    return world.sandbox.callback_answers[-1]


async def test_forged_meeting_buttons_are_refused_and_audited(world: World) -> None:
    # Liên khoa meets at 09:00 today (2 March); the clock stands at 08:00 in Hanoi.
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
    binh = await world.join("A2")  # a member of Phòng Đào tạo
    an = await world.join("A1")  # the secretary of Phòng Đào tạo
    await world.join("B2")
    world.clock.advance(minutes=70)  # 09:10: the meeting is under way
    [(em,)] = _rows(world, "SELECT id FROM members WHERE member_code = 'B2'")
    [(other_cell,)] = _rows(world, "SELECT id FROM units WHERE name = 'Liên khoa'")
    messages_before = {u.id: len(world.sandbox.messages(u.id)) for u in (binh, an)}

    member_presses = [
        f"dd:c:{meeting}",
        f"rv:a:{meeting}",
        f"rv:n:{meeting}",
        f"rv:r:{meeting}:om",
        f"rv:r:{meeting}:khac",
        f"rv:s1:{meeting}",
        f"rv:se:{meeting}",
    ]
    for data in member_presses:
        answer = await _press(world, binh, data)
        assert answer["show_alert"] and answer["text"] == NOT_YOURS, data
    # "Khác" asked for nothing: a text now is not taken as a reason.
    await world.say(binh, "ốm nặng")
    secretary_presses = [
        f"dd:s:{meeting}:0",
        f"dd:o:{meeting}",
        f"dd:t:{meeting}:{em}",
        f"dd:l:{other_cell}:0",
    ]
    for data in secretary_presses:
        answer = await _press(world, an, data)
        assert answer["show_alert"] and answer["text"] == OWN_CELL, data
    answer = await _press(world, an, f"cc:c:{other_cell}:0")  # another cell's year
    assert answer["show_alert"]
    assert answer["text"] == "Đồng chí chỉ xem được chuyên cần của chi bộ mình."

    assert _rows(world, "SELECT count(*) FROM rsvps") == [(0,)]
    assert _rows(world, "SELECT count(*) FROM attendance") == [(0,)]
    assert _rows(world, "SELECT count(*) FROM outbox WHERE idempotency_key LIKE '%snooze%'") == [
        (0,)
    ]
    # Nothing about the meeting was shown: no message edited to show it, none sent but the
    # answer to the typed text.
    for user in (binh, an):
        for message in world.sandbox.messages(user.id):
            assert "Họp Liên khoa" not in (message.text or "")
    assert len(world.sandbox.messages(an.id)) == messages_before[an.id]
    refused = _rows(
        world, "SELECT detail FROM audit_log WHERE event = 'meeting_access_refused' ORDER BY id"
    )
    details = [json.loads(str(d)) for (d,) in refused]
    assert [(d["action"], d.get("meeting_id", d.get("cell_id"))) for d in details] == [
        ("check_in", meeting),
        ("rsvp", meeting),
        ("rsvp", meeting),
        ("rsvp", meeting),
        ("rsvp", meeting),
        ("snooze", meeting),
        ("snooze", meeting),
        ("attendance_sheet", meeting),
        ("attendance_sheet", meeting),
        ("attendance_mark", meeting),
        ("attendance_list", other_cell),
        ("attendance_figures", other_cell),
    ]


async def test_a_forged_audience_button_is_refused_when_pressed_and_audited(world: World) -> None:
    """A secretary of two cells picks among them; a forged "whole organisation" or "party
    members only" button is refused at once (not after the notice is written) and audited."""
    an = await world.join("A1")
    [(an_id,)] = _rows(world, "SELECT id FROM members WHERE member_code = 'A1'")
    [(other_cell,)] = _rows(world, "SELECT id FROM units WHERE name = 'Liên khoa'")
    with sqlite3.connect(world.database) as conn:  # An also leads Liên khoa for a while
        conn.execute(
            "INSERT INTO roles (member_id, role, unit_id, granted_at)"
            " VALUES (?, 'cell_secretary', ?, '2026-01-01T00:00:00Z')",
            (an_id, other_cell),
        )
    picker = await world.say(an, "/thongbao")
    assert "Chọn các chi bộ" in (picker.text or "")
    sent = len(world.sandbox.messages(an.id))
    for data in ("bc:all", "bc:party", "bc:non"):
        answer = await _press(world, an, data)
        assert answer["show_alert"], data
        assert answer["text"] == "Bí thư chi bộ chỉ gửi thông báo cho chi bộ của mình.", data
    assert len(world.sandbox.messages(an.id)) == sent  # not asked to write the notice
    refused = _rows(world, "SELECT detail FROM audit_log WHERE event = 'broadcast_refused'")
    assert [json.loads(str(d)) for (d,) in refused] == [
        {"cells": None, "kind": None},
        {"cells": None, "kind": "party"},
        {"cells": None, "kind": "non_party"},
    ]
    # Its own two cells it may choose.
    await _press(world, an, f"bc:c:{other_cell}:0")
    await _press(world, an, "bc:ok")
    assert "Gửi tới: Chi bộ Liên khoa" in (world.sandbox.messages(an.id)[-1].text or "")


async def test_a_forged_scope_for_a_new_meeting_is_refused_and_audited(world: World) -> None:
    """A secretary of two cells is asked whose meeting it is; a forged "whole organisation" or
    unknown cell is refused and audited, and the question stays."""
    an = await world.join("A1")
    [(an_id,)] = _rows(world, "SELECT id FROM members WHERE member_code = 'A1'")
    [(other_cell,)] = _rows(world, "SELECT id FROM units WHERE name = 'Liên khoa'")
    with sqlite3.connect(world.database) as conn:
        conn.execute(
            "INSERT INTO roles (member_id, role, unit_id, granted_at)"
            " VALUES (?, 'cell_secretary', ?, '2026-01-01T00:00:00Z')",
            (an_id, other_cell),
        )
    menu = await world.say(an, "/lichhop")
    await world.press(an, menu, "➕ Tạo lịch mới")
    await world.press(an, world.sandbox.messages(an.id)[-1], "Sinh hoạt chi bộ")
    scope = await world.say(an, "Sinh hoạt chi bộ tháng")
    assert "Liên khoa" in [b.text for b in scope.buttons()]
    for data in ("mp:s:all", "mp:s:99999"):
        answer = await _press(world, an, data)
        assert answer["show_alert"], data
        assert answer["text"] == "Bí thư chi bộ chỉ được sắp xếp cuộc họp của chi bộ mình.", data
    refused = _rows(world, "SELECT detail FROM audit_log WHERE event = 'meeting_change_refused'")
    assert [json.loads(str(d)) for (d,) in refused] == [{"cell_id": 0}, {"cell_id": 99999}]
    await world.press(an, scope, "Liên khoa")  # its own cell goes on to the next question
    assert "Bước 4/8" in (world.sandbox.messages(an.id)[-1].text or "")
