"""Forged task buttons through the sandbox: the committee sees a member's task but may not
change it, so a forged button that would ask for a note, a percentage, a reason to withdraw or
a new title is refused at once (not after the member of the committee has typed an answer),
changes nothing, and leaves an audit row."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

from tests.e2e.conftest import World, eventually
from tests.e2e.task_steps import register, set_day

REFUSED = "Đồng chí không mở được công việc này."


def _rows(world: World, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(world.database) as conn:
        return list(conn.execute(sql))


async def test_the_committee_cannot_start_changing_a_members_task(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=False)
    owner = await world.join("A2")
    task = await register(world, owner, "Viết giáo trình", date(year, 11, 30))
    giang = await world.join("B3")  # on the committee: sees every task, changes none
    card = await world.say(giang, "/congviec")
    before = _rows(world, "SELECT * FROM tasks")

    for data in (f"tk:t:{task}", f"tk:o:{task}", f"tk:w:{task}", f"tk:e:{task}", f"tk:ef:{task}:t"):
        seen = len(world.sandbox.callback_answers)
        sent = len(world.sandbox.messages(giang.id))
        await world.sandbox.press_callback(giang, card.message_id, data)
        await eventually(lambda seen=seen: len(world.sandbox.callback_answers) > seen)
        await world.sandbox.wait_until_idle(quiet=0.05)
        answer = world.sandbox.callback_answers[-1]
        assert answer["show_alert"] and answer["text"] == REFUSED, data
        assert len(world.sandbox.messages(giang.id)) == sent, data  # no question asked
    # Nothing waits for an answer: what is typed now is not a note.
    await world.say(giang, "Ghi chú giả")
    assert _rows(world, "SELECT * FROM tasks") == before
    assert _rows(world, f"SELECT count(*) FROM task_updates WHERE task_id = {task}") == [(1,)]
    refused = _rows(world, "SELECT detail FROM audit_log WHERE event = 'task_access_refused'")
    assert [json.loads(str(d))["task_id"] for (d,) in refused] == [task] * 5


async def test_only_an_approver_is_asked_why_a_task_is_returned(world: World) -> None:
    set_day(world, 3, 2)
    year = await world.open_year(approval=True)
    owner = await world.join("A2")
    task = await register(world, owner, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(owner, "/congviec")
    sent = len(world.sandbox.messages(owner.id))
    seen = len(world.sandbox.callback_answers)
    # The owner forges the secretary's "↩️ Return" button on her own task.
    await world.sandbox.press_callback(owner, listing.message_id, f"ap:n:{task}")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    await world.sandbox.wait_until_idle(quiet=0.05)
    answer = world.sandbox.callback_answers[-1]
    assert answer["show_alert"]
    assert answer["text"] == "Chỉ bí thư chi bộ và Đảng ủy mới duyệt công việc."
    assert len(world.sandbox.messages(owner.id)) == sent  # no question about a reason
    assert _rows(world, f"SELECT status FROM tasks WHERE id = {task}") == [("submitted",)]
