"""Record the buttons of today's bot into ``buttons.json`` (not run by the test suite).

    .venv/bin/python -m tests.e2e.legacy_buttons.record              # every scenario
    .venv/bin/python -m tests.e2e.legacy_buttons.record tasks rsvp   # only these; others kept

Each scenario runs in a fresh world and every button it presses is written down with its
callback_data and what pressing it did; so are the outbox rows it queued (a meeting
reminder's and an approval digest's keyboard, as JSON in the row). ``test_legacy_buttons.py``
presses the same data and expects the same. The buttons.json committed was recorded from the
code before issue 10, commit ``74dbb98`` (main just before issue 10's first merge, ``34ac028``;
there is no tag): record again only on purpose, from a version whose buttons must keep working
(``git worktree add /tmp/old 74dbb98``), and say so in the commit.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.e2e.legacy_buttons.harness import FIXTURE, Session, legacy_world, schema
from tests.e2e.legacy_buttons.scenarios import SCENARIOS


async def record(name: str) -> tuple[dict[str, Any], dict[str, list[str]]]:
    with tempfile.TemporaryDirectory() as folder:
        async with legacy_world(Path(folder)) as world:
            session = Session(world, schema(world.database))
            try:
                await SCENARIOS[name](session)
            except Exception:
                for who, user in session.people.items():
                    print(f"--- {who}'s chat:\n{world.sandbox.transcript(user.id)}")
                for press in session.presses:
                    print(f"pressed {press['data']!r} as {press['who']} ({press['what']}):")
                    print(json.dumps(press["result"], ensure_ascii=False, indent=1))
                raise
            return {"presses": session.presses, "outbox": session.outbox}, session.columns


def main(names: list[str]) -> None:
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        sys.exit(f"no scenario {sorted(unknown)}; there are {sorted(SCENARIOS)}")
    fixture: dict[str, Any] = (
        json.loads(FIXTURE.read_text(encoding="utf-8")) if FIXTURE.exists() else {}
    )
    scenarios = fixture.get("scenarios", {})
    columns = fixture.get("columns", {})
    for name in names or list(SCENARIOS):
        scenarios[name], columns = asyncio.run(record(name))
        presses = scenarios[name]["presses"]
        print(f"{name}: {len(presses)} presses, {len(scenarios[name]['outbox'])} outbox rows")
    commit = subprocess.run(
        ["git", "describe", "--always", "--tags", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    fixture = {
        "about": "Callback data recorded from the running bot, and what pressing each did;"
        " regenerate with python -m tests.e2e.legacy_buttons.record",
        "recorded_from": commit,
        "columns": columns,
        "scenarios": {name: scenarios[name] for name in SCENARIOS if name in scenarios},
    }
    FIXTURE.write_text(
        json.dumps(fixture, ensure_ascii=False, indent=1, sort_keys=False) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main(sys.argv[1:])
