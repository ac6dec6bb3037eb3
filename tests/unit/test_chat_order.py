"""The update processor: each chat's updates one at a time and in order, chats in parallel, at
most the limit at once; a chat with many updates waiting holds one slot, not all of them."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.inbox.chat_order import ChatOrderedProcessor


def _message(update_id: int, chat: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat, "type": "private" if chat > 0 else "group"},
                "from": {"id": abs(chat), "is_bot": False, "first_name": "A"},
                "text": "x",
            },
        },
        None,
    )


class Recorder:
    def __init__(self) -> None:
        self.running: dict[int, int] = {}
        self.most = 0
        self.overlap_in_a_chat = False
        self.order: dict[int, list[int]] = {}
        self.finished: list[int] = []

    async def handle(self, update: Update, seconds: float) -> None:
        assert update.effective_chat is not None
        chat = update.effective_chat.id
        self.running[chat] = self.running.get(chat, 0) + 1
        self.overlap_in_a_chat |= self.running[chat] > 1
        self.most = max(self.most, sum(self.running.values()))
        self.order.setdefault(chat, []).append(update.update_id)
        await asyncio.sleep(seconds)
        self.running[chat] -= 1
        self.finished.append(update.update_id)


async def test_each_chat_in_order_chats_in_parallel_within_the_limit() -> None:
    processor = ChatOrderedProcessor(4)
    recorder = Recorder()
    updates = [_message(n, 100 + n % 6) for n in range(60)]
    await asyncio.gather(*(processor.process_update(u, recorder.handle(u, 0.005)) for u in updates))
    assert not recorder.overlap_in_a_chat
    assert recorder.most == 4
    for chat, ids in recorder.order.items():
        assert ids == sorted(ids), chat
    assert processor.busy_chats == 0


async def test_a_busy_group_takes_one_slot_and_a_private_chat_is_not_kept_waiting() -> None:
    processor = ChatOrderedProcessor(4)
    recorder = Recorder()
    group = [_message(n, -500) for n in range(40)]  # each reply waits for the group's allowance
    busy = [
        asyncio.create_task(processor.process_update(u, recorder.handle(u, 0.05))) for u in group
    ]
    await asyncio.sleep(0.01)
    private = _message(1000, 42)
    started = asyncio.get_running_loop().time()
    await processor.process_update(private, recorder.handle(private, 0))
    waited = asyncio.get_running_loop().time() - started
    assert waited < 0.5, waited  # not behind forty group replies (2 s); margin for a loaded CI
    assert recorder.finished.index(1000) < 3
    await asyncio.gather(*busy)
    assert recorder.order[-500] == list(range(40))
