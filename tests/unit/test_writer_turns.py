"""The single writer's turns: first come first served, an urgent taker (the inbox's marks) ahead
of the ordinary ones waiting; a taker cancelled while waiting, or just as its turn came, does not
keep the writer from the others."""

from __future__ import annotations

import asyncio

import pytest

from storage.writer_turns import WriterTurns


async def _take(turns: WriterTurns, name: str, order: list[str], *, urgent: bool = False) -> None:
    async with turns.hold(urgent=urgent):
        order.append(name)
        await asyncio.sleep(0)


async def test_urgent_takers_go_ahead_of_the_ordinary_ones_waiting() -> None:
    turns, order = WriterTurns(), []
    async with turns.hold():
        waiting = [
            asyncio.create_task(_take(turns, "a", order)),
            asyncio.create_task(_take(turns, "b", order)),
            asyncio.create_task(_take(turns, "done-mark", order, urgent=True)),
            asyncio.create_task(_take(turns, "c", order)),
            asyncio.create_task(_take(turns, "claim", order, urgent=True)),
        ]
        await asyncio.sleep(0)
        order.append("first")
    await asyncio.gather(*waiting)
    assert order == ["first", "done-mark", "claim", "a", "b", "c"]
    async with turns.hold():  # free again
        pass


async def test_a_taker_cancelled_while_waiting_leaves_its_place() -> None:
    turns, order = WriterTurns(), []
    async with turns.hold():
        gone = asyncio.create_task(_take(turns, "gone", order))
        stays = asyncio.create_task(_take(turns, "stays", order))
        await asyncio.sleep(0)
        gone.cancel()
        await asyncio.sleep(0)
    await stays
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert order == ["stays"]


async def test_a_taker_cancelled_as_its_turn_came_passes_the_writer_on() -> None:
    turns, order = WriterTurns(), []
    holding = turns.hold()
    await holding.__aenter__()
    gone = asyncio.create_task(_take(turns, "gone", order))
    stays = asyncio.create_task(_take(turns, "stays", order))
    await asyncio.sleep(0)
    await holding.__aexit__(None, None, None)  # the writer is handed to "gone"...
    gone.cancel()  # ...which is cancelled before it runs
    await asyncio.wait_for(stays, 1)
    with pytest.raises(asyncio.CancelledError):
        await gone
    assert order == ["stays"]
    async with turns.hold():
        pass
