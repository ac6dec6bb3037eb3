"""Buttons already in members' chats, and keyboards already queued in the outbox, keep working.

``legacy_buttons/buttons.json`` holds callback data the bot produced before issue 10 (commit
``74dbb98``), recorded by running the scenarios of ``legacy_buttons/scenarios.py``
against the real Application, with what pressing each did. Here each scenario runs again in a
fresh world set up the same way and presses the recorded data, not what the buttons carry now:
the popup, the messages shown and the rows stored must be what they were. The outbox rows
recorded (a meeting reminder's and an approval digest's, keyboard as JSON) are put back into
the outbox as they were queued, delivered by the sender and pressed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.legacy_buttons.harness import FIXTURE, Session, legacy_world
from tests.e2e.legacy_buttons.scenarios import SCENARIOS

RECORDED: dict[str, Any] = json.loads(FIXTURE.read_text(encoding="utf-8"))

# Every family of callback data the bot made before issue 10.
FAMILIES = {
    "lang", "inv", "pref", "yr", "ya", "yo", "reg", "tk", "ap", "prg", "pub", "lich", "rv",
    "dd", "cc", "mp", "bc", "bcr",
}  # fmt: skip


def _presses() -> list[dict[str, Any]]:
    return [p for s in RECORDED["scenarios"].values() for p in s["presses"]]


def test_every_family_was_recorded_within_telegrams_limit() -> None:
    assert set(RECORDED["scenarios"]) == set(SCENARIOS)
    assert {p["family"] for p in _presses()} == FAMILIES
    assert all(len(p["data"].encode()) <= 64 for p in _presses())
    queued = {
        row["purpose"]: json.loads(row["keyboard"])
        for s in RECORDED["scenarios"].values()
        for row in s["outbox"]
    }
    assert set(queued) == {"reminder", "digest"}
    assert all(keyboard["inline_keyboard"] for keyboard in queued.values())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_recorded_buttons_do_what_they_did(name: str, tmp_path: Path) -> None:
    recorded = RECORDED["scenarios"][name]
    async with legacy_world(tmp_path) as world:
        session = Session(
            world,
            RECORDED["columns"],
            recorded=recorded["presses"],
            recorded_outbox=recorded["outbox"],
        )
        await SCENARIOS[name](session)
    assert len(session.presses) == len(recorded["presses"])
    assert session.outbox == recorded["outbox"]
