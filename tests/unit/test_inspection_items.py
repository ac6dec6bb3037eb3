"""The inspection programme over a real SQLite file: drafting the planner's proposal, reviewing
and adopting it, conflicts refused, an item taken through every step by the people allowed (and
refused, audited, to the others), and who sees a conclusion."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import ItemDraft, Review
from bot.domain.model import Identity
from bot.services.container import Services
from bot.services.inspections.standing import ItemRefused
from tests.conftest import MEMBERS, write_csv

# Two cells; a committee member and an inspector in each, so an item on one cell can be run
# from the other. The clock stands at 2026-03-02.
ROWS = [
    *MEMBERS,
    ["Đặng Văn Hùng", "Phòng Đào tạo", "Đảng viên chính thức", "Ủy viên UBKT", "A4"],
    ["Bùi Thị Lan", "Phòng Đào tạo", "Đảng viên chính thức", "Đảng ủy viên", "A5"],
    ["Lý Văn Khoa", "Liên khoa", "Đảng viên chính thức", "Ủy viên UBKT", "B4"],
]


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


async def _who(services: Services, code: str) -> Identity:
    member = next(
        e.member for e in await services.organisation.directory() if e.member.member_code == code
    )
    identity = await services.membership.identity_of(member.id)
    assert identity is not None
    return identity


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        return list(conn.execute(sql))


async def test_draft_review_adopt_and_the_quota_lines(org: Services, tmp_path: Path) -> None:
    committee = await _who(org, "B3")
    programme = await org.inspection_drafts.draft(committee, 2026, lambda p: f"Kiểm tra {p.kind}")
    items = _rows(tmp_path, "SELECT id, review, month FROM inspection_items ORDER BY id")
    assert items and all(review == "proposed" for _, review, _ in items)
    first, second = int(items[0][0]), int(items[1][0])  # type: ignore[call-overload]
    # Reviewed one by one: moved, dropped; a plain member may not.
    moved = await org.inspection_drafts.move(committee, first, 9)
    assert moved.month == 9
    with pytest.raises(NotAllowed):
        await org.inspection_drafts.move(await _who(org, "B2"), first, 10)
    await org.inspection_drafts.review(committee, second, Review.DROPPED)
    adopted = await org.inspection_drafts.adopt(committee, programme.id)
    assert adopted.programme.adopted and adopted.items == len(items) - 1
    # The dropped item is gone; the rest accepted; the history says who moved what.
    assert _rows(tmp_path, "SELECT count(*) FROM inspection_items WHERE review != 'accepted'") == [
        (0,)
    ]
    history = _rows(
        tmp_path, f"SELECT event, detail, member_id FROM inspection_events WHERE item_id = {first}"
    )
    assert [(e, str(d).endswith("→9"), m) for e, d, m in history][-1] == (
        "moved",
        True,
        committee.member.id,
    )
    # Adopted once: proposing again is refused.
    with pytest.raises(UserError):
        await org.inspection_drafts.draft(committee, 2026, lambda p: "x")
    # The quota lines count the stored programme: two cells, 20% rounds up to one each.
    lines = {line.kind.value: (line.done, line.of) for line in adopted.quotas}
    assert lines["cells_inspected"][1] == 2


async def test_a_conflicting_lead_is_refused_naming_them(org: Services, tmp_path: Path) -> None:
    committee = await _who(org, "B3")  # Võ Thị Giang, Liên khoa
    liên_khoa = (await _who(org, "B1")).member.cell_id
    draft = ItemDraft(
        ItemKind.INSPECTION,
        "Kiểm tra việc thực hiện nghị quyết",
        Target(TargetKind.CELL, liên_khoa, liên_khoa),
        month=5,
        lead_id=committee.member.id,
    )
    root = _root(tmp_path)
    with pytest.raises(NotAllowed) as refused:
        await org.inspection_drafts.add(committee, 2026, root, draft)
    assert refused.value.params["name"] == "Võ Thị Giang"


def _root(tmp_path: Path) -> int:
    [(root,)] = _rows(tmp_path, "SELECT id FROM units WHERE parent_id IS NULL")
    assert isinstance(root, int)
    return root


async def test_an_item_through_every_step_by_those_allowed(org: Services, tmp_path: Path) -> None:
    committee, lead, team = await _who(org, "B3"), await _who(org, "A4"), await _who(org, "A5")
    target = await _who(org, "B2")  # Hoàng Văn Em, Liên khoa
    secretary, other = await _who(org, "B1"), await _who(org, "A2")
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra việc thực hiện nhiệm vụ đảng viên",
            Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
            month=4,
            lead_id=lead.member.id,
            team_ids=(team.member.id,),
        ),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    steps = org.inspection_steps
    # The target knows nothing while it is planned and decided.
    with pytest.raises(ItemRefused):
        await steps.card(target, item.id)
    with pytest.raises(NotAllowed):  # the lead does not decide
        await steps.take(lead, item.id, ItemState.DECIDED)
    card = await steps.take(committee, item.id, ItemState.DECIDED, decision_ref="12-QĐ/ĐU")
    assert card.item.decision_ref == "12-QĐ/ĐU"
    with pytest.raises(UserError):  # skipping a step
        await steps.take(lead, item.id, ItemState.VERIFYING)
    card = await steps.take(lead, item.id, ItemState.NOTIFIED, due=date(2026, 3, 20))
    assert card.item.self_report_due == date(2026, 3, 20)
    # Now the target and their cell secretary see the item; another member does not.
    assert (await steps.card(target, item.id)).next_steps == ()
    await steps.card(secretary, item.id)
    with pytest.raises(ItemRefused):
        await steps.card(other, item.id)
    await steps.take(team, item.id, ItemState.SELF_REPORT_RECEIVED)
    await steps.take(team, item.id, ItemState.VERIFYING)
    with pytest.raises(NotAllowed):  # the team does not conclude
        await steps.take(team, item.id, ItemState.CONCLUDED, summary="Tốt")
    with pytest.raises(UserError):  # a conclusion needs its summary
        await steps.take(lead, item.id, ItemState.CONCLUDED, summary="  ")
    await steps.take(lead, item.id, ItemState.CONCLUDED, summary="Chấp hành tốt; hồ sơ số 7")
    card = await steps.take(committee, item.id, ItemState.CONCLUSION_NOTIFIED)
    assert card.next_steps == (ItemState.CLOSED,)  # the committee closes, not remediates
    card = await steps.take(lead, item.id, ItemState.CLOSED)
    assert card.item.state is ItemState.CLOSED and card.next_steps == ()
    # Every step dated with who took it.
    events = _rows(
        tmp_path, f"SELECT event, member_id FROM inspection_events WHERE item_id = {item.id}"
    )
    assert [e for e, _ in events] == [
        "created",
        "decided",
        "notified",
        "self_report_received",
        "verifying",
        "concluded",
        "conclusion_notified",
        "closed",
    ]
    assert events[1][1] == committee.member.id and events[-1][1] == lead.member.id
    # The conclusion: the target and their secretary see it; another member's view was refused
    # and audited.
    assert (await steps.card(target, item.id)).conclusion_visible
    assert (await steps.card(secretary, item.id)).conclusion_visible
    refused = _rows(
        tmp_path,
        "SELECT actor_member_id FROM audit_log WHERE event = 'inspection_access_refused'",
    )
    assert (other.member.id,) in refused and (target.member.id,) in refused


async def test_a_forged_item_id_is_refused_and_audited(org: Services, tmp_path: Path) -> None:
    member = await _who(org, "A2")
    with pytest.raises(ItemRefused):
        await org.inspection_steps.take(member, 999, ItemState.DECIDED)
    assert _rows(
        tmp_path, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'"
    ) == [(1,)]


async def test_a_violation_inspection_is_the_commissions_alone(
    org: Services, tmp_path: Path
) -> None:
    committee, inspector = await _who(org, "B3"), await _who(org, "A4")
    target = await _who(org, "B2")
    draft = ItemDraft(
        ItemKind.VIOLATION_INSPECTION,
        "Kiểm tra khi có dấu hiệu vi phạm",
        Target(TargetKind.MEMBER, target.member.id, target.member.cell_id),
        month=6,
        lead_id=inspector.member.id,
    )
    root = _root(tmp_path)
    with pytest.raises(NotAllowed):
        await org.inspection_drafts.add(committee, 2026, root, draft)
    item = await org.inspection_drafts.add(inspector, 2026, root, draft)
    # The committee does not see it; the commission does.
    with pytest.raises(ItemRefused):
        await org.inspection_steps.card(committee, item.id)
    assert (await org.inspection_steps.card(await _who(org, "B4"), item.id)).item.id == item.id


async def test_a_cell_concluded_on_last_year_waits_its_turn(org: Services, tmp_path: Path) -> None:
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    liên_khoa = (await _who(org, "B1")).member.cell_id
    cell = Target(TargetKind.CELL, liên_khoa, liên_khoa)

    async def cells_inspected_in(year: int) -> list[int]:
        proposed = await org.programme.propose(committee, year)
        return [
            p.target.id
            for p in proposed.proposal.items
            if p.kind is ItemKind.INSPECTION and p.target.kind is TargetKind.CELL
        ]

    # Without history Liên khoa comes first (by name); once concluded on in 2025, the other.
    assert await cells_inspected_in(2026) == [liên_khoa]
    item = await org.inspection_drafts.add(
        committee,
        2025,
        _root(tmp_path),
        ItemDraft(ItemKind.INSPECTION, "Kiểm tra chi bộ", cell, month=5, lead_id=lead.member.id),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    steps = org.inspection_steps
    await steps.take(committee, item.id, ItemState.DECIDED)
    await steps.take(lead, item.id, ItemState.NOTIFIED)
    await steps.take(lead, item.id, ItemState.SELF_REPORT_RECEIVED)
    await steps.take(lead, item.id, ItemState.VERIFYING)
    await steps.take(lead, item.id, ItemState.CONCLUDED, summary="Tốt")
    inspected = await cells_inspected_in(2026)
    assert len(inspected) == 1 and inspected != [liên_khoa]
