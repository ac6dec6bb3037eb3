"""The scenarios whose buttons were recorded: each drives a fresh world (see
:func:`tests.e2e.legacy_buttons.harness.legacy_world`) as members do, and presses buttons
through the session, by their text on the message the bot sent. Every family of callback
data the bot makes is pressed in at least one; data no button of this small world carries
(a second page, a stale confirmation) is pressed as such with ``press_data``.

Change a scenario and its recording no longer fits: record it again from commit ``74dbb98``,
the code before issue 10 (see ``record.py``), never from code under change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tests.e2e.legacy_buttons.harness import Session
from tests.e2e.legacy_buttons.meetings_and_notices import attendance, broadcasts, meetings, planning
from tests.e2e.legacy_buttons.people_and_tasks import (
    approval,
    members,
    registration,
    reports,
    tasks,
    year,
)

Scenario = Callable[[Session], Awaitable[None]]
SCENARIOS: dict[str, Scenario] = {
    scenario.__name__: scenario
    for scenario in (
        members, year, tasks, approval, meetings, reports, attendance, planning, broadcasts,
        registration,
    )
}  # fmt: skip
