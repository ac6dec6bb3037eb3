"""A real ``butpha run`` killed with SIGKILL in the middle of a burst of 246 one-line
registrations, then started again: every registration stored once, every member answered once
(issue 15: before the inbox, 205 of 246 were lost). A member whose registration was stored and
whose answer was still waiting for the 30-a-second allowance when the process died is told, after
the restart, that their message was recorded: that is their one answer. Only a member whose
answer arrived in the moment between its arrival and the inbox noting it (a write) gets both:
a handful at most."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.registration_burst import burst_killed_and_restarted


async def test_a_burst_killed_midway_loses_nothing_and_answers_everyone_once(
    tmp_path: Path,
) -> None:
    outcome = await burst_killed_and_restarted(tmp_path, 0, kill_after=60)
    print(outcome)
    assert outcome.answered_before_kill < outcome.members, "nothing was in flight at the kill"
    assert outcome.lost == 0, outcome
    assert outcome.duplicated == 0, outcome
    assert outcome.unanswered == 0, outcome
    assert outcome.answered_twice <= 3, outcome
    assert outcome.told_recorded <= 16, outcome  # at most the updates in flight
