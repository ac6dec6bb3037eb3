"""A card with no button for its reader is sent without a keyboard: Telegram refuses an empty
one (python-telegram-bot writes it as ``{}``), and the reader would see nothing at all."""

from __future__ import annotations

import sqlite3
from datetime import date

from tests.e2e.conftest import World
from tests.e2e.task_steps import identity, last, register


def _refused(world: World) -> list[str]:
    calls = [c for c in world.sandbox.calls if c.method != "getUpdates"]
    return [f"{c.method}: {c.description}" for c in calls if c.status != 200]


async def test_the_committee_views_a_task_someone_else_has_just_approved(world: World) -> None:
    year = await world.open_year(approval=True)
    committee = await world.join("B3")
    secretary = await world.join("A1")
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    listing = await world.say(committee, "/duyet")
    await world.services.approvals.approve(await identity(world, secretary), task)
    await world.press(committee, listing, f"tk:v:{task}")
    card = last(world, committee)
    assert "Viết giáo trình" in (card.text or "") and card.message_id != listing.message_id
    assert card.reply_markup is None
    assert _refused(world) == []


async def test_an_admin_opens_an_approved_task(world: World) -> None:
    year = await world.open_year(approval=False)
    member = await world.join("A2")
    task = await register(world, member, "Viết giáo trình", date(year, 11, 30))
    with sqlite3.connect(world.database) as conn:
        [(admin_id,)] = conn.execute("SELECT id FROM members WHERE member_code = 'A3'")
        [(root,)] = conn.execute("SELECT id FROM units WHERE parent_id IS NULL")
        conn.execute(
            "INSERT INTO roles (member_id, role, unit_id, granted_at)"
            " VALUES (?, 'admin', ?, '2026-01-01T00:00:00Z')",
            (admin_id, root),
        )
    admin = await world.join("A3")
    before = await world.say(admin, "/trogiup")
    await world.sandbox.press_callback(admin, before.message_id, f"tk:c:{task}")
    await world.sandbox.wait_until_idle(quiet=0.2)
    card = last(world, admin)
    assert "Viết giáo trình" in (card.text or "")
    assert _refused(world) == []
