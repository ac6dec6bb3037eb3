"""Zalo has no offset: the inbox (issue 15) deduplicates by message id, so a message Zalo hands
over again is handled once, even after the bot's short list of updates taken is pruned."""

from __future__ import annotations

import sqlite3

from tests.e2e.zalo.conftest import ZaloWorld


async def test_a_message_delivered_again_later_is_handled_once(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    before = len(zalo_world.sandbox.messages(binh.id))
    update = await zalo_world.sandbox.send_text(binh, "/ngonngu")
    await zalo_world.sandbox.wait_for_message(binh.id, after=update)
    await zalo_world.sandbox.wait_until_idle(quiet=0.2)
    assert len(zalo_world.sandbox.messages(binh.id)) == before + 1
    # The short-lived list of updates taken forgets it; the inbox does not.
    with sqlite3.connect(zalo_world.database) as conn:
        conn.execute("DELETE FROM zalo_seen")
    zalo_world.sandbox.deliver_again(update)
    await zalo_world.sandbox.wait_until_idle(quiet=0.5)
    assert len(zalo_world.sandbox.messages(binh.id)) == before + 1
    [(status, count)] = zalo_world.rows(
        "SELECT status, count(*) FROM inbox WHERE channel = 'zalo' AND key LIKE '%:' || ?",
        str(update["message"]["message_id"]),
    )
    assert (status, count) == ("done", 1)
