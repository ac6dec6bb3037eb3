"""Zalo has no offset: the inbox (issue 15) deduplicates by message id, so a message Zalo hands
over again is handled once, even after the bot's short list of updates taken is pruned. An
answer kept before a crash is made again through the Zalo request."""

from __future__ import annotations

import sqlite3

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.app import inbox_of
from bot.inbox.kept_answers import kept_answer
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


async def test_an_answer_kept_before_a_crash_is_sent_again_through_zalo(
    zalo_world: ZaloWorld,
) -> None:
    """Zalo's answers go through the same limiter, so they are kept the same way; found applied
    at start-up, the kept request is made again through the Zalo request: the member gets the
    message with its choices as numbered lines, and the entry is done."""
    binh = await zalo_world.join("A2", "Bình")
    before = len(zalo_world.sandbox.messages(binh.id))
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Duyệt", callback_data="x:1")],
            [InlineKeyboardButton("Trả lại", callback_data="x:2")],
        ]
    )
    answer = kept_answer(
        "sendMessage",
        {
            "chat_id": await zalo_world.chat_of(binh),
            "text": "Đã ghi việc số 7",
            "reply_markup": keyboard,
        },
    )
    assert answer is not None
    with sqlite3.connect(zalo_world.database) as conn:
        conn.execute(
            "INSERT INTO inbox (channel, key, update_id, payload, status, attempts, received_at,"
            " answer) VALUES ('zalo', 'text:kept', 990001, '{}', 'applied', 1,"
            " strftime('%Y-%m-%dT%H:%M:%fZ'), ?)",
            (answer,),
        )
    inbox = inbox_of(zalo_world.app.update_processor)
    assert inbox is not None
    await inbox.resume()  # as at start-up
    sent = await zalo_world.sandbox.wait_for_message(
        binh.id, lambda m: "Đã ghi việc số 7" in m.content
    )
    assert "Duyệt" in sent.content and "Trả lại" in sent.content
    assert len(zalo_world.sandbox.messages(binh.id)) == before + 1
    assert zalo_world.rows("SELECT status, answer FROM inbox WHERE key = 'text:kept'") == [
        ("done", None)
    ]
