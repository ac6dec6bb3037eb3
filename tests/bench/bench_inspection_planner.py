"""Benchmark: propose a yearly inspection and supervision programme for a large organisation.

Generates 1,000 cells of 50 members (50,000), 50 people on the committee and the inspection
commission, a history for 60% of the targets and 500 members of concern, and times
``propose`` (pure domain code, no database): the median of three runs. Prints the items, the
quota lines, the most items per person against the floor (seats / people), the largest month's
share and the last two months' share.

    .venv/bin/python tests/bench/bench_inspection_planner.py [--cells 1000] [--per-cell 50]
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bot.domain.inspections.organisation import PlanRequest
from bot.domain.inspections.planner import Proposal, propose
from bot.domain.inspections.quotas import QuotaSettings
from tests.unit.inspection_orgs import concerns, history, organisation


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=1000)
    parser.add_argument("--per-cell", type=int, default=50)
    parser.add_argument("--staff", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    org = organisation(args.cells, args.per_cell, committee=args.staff - 15, commission=15)
    request = PlanRequest(
        org,
        2027,
        QuotaSettings(busy_months=frozenset({12})),  # the year-end review
        history=history(org, 0.6),
        concerns=concerns(org, 500),
    )
    times: list[float] = []
    proposal: Proposal | None = None
    for _ in range(args.runs):
        started = time.perf_counter()
        proposal = propose(request)
        times.append(time.perf_counter() - started)
    assert proposal is not None

    people = org.populations
    seats = sum(1 + len(item.team_ids) for item in proposal.items)
    load = proposal.load()
    print(f"organisation: {people.cells} cells, {people.members} members, {len(org.staff)} staff")
    print(
        f"propose: median {statistics.median(times):.2f} s of {args.runs} ({', '.join(f'{t:.2f}' for t in times)})"
    )
    print(f"items: {len(proposal.items)}; quotas met: {proposal.quotas_met}")
    for line in proposal.quotas:
        print(
            f"  {line.kind}: {line.done}/{line.of} ({line.percentage}%) target {line.target}%: required {line.required}, met {line.met}"
        )
    print(f"per month: {[proposal.month_counts[m] for m in range(1, 13)]} (December busy)")
    print(
        f"largest month: {proposal.largest_month_share}%; last two months: {proposal.late_share}%"
    )
    print(
        f"most items per person: {max(load.values())} (floor {math.ceil(seats / len(org.staff))}); unstaffed: {len(proposal.unstaffed)}"
    )


if __name__ == "__main__":
    main()
