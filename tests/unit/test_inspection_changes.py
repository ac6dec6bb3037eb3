"""An item of the organisation's programme re-targeted and re-staffed (a lead and a team), each
change recorded with who made it; and the steps the issue's procedure gives to others refused
to the wrong person: notifying the target, notifying the conclusion, remediation and closing.
Over a real SQLite file, through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import (
    OWN_CELL,
    THEMSELVES,
    ItemKind,
    ItemState,
    Target,
    TargetKind,
)
from bot.domain.inspections.records import Item, ItemDraft
from bot.domain.model import Identity
from bot.services.container import Services
from bot.services.inspections.drafts import TEAM_TWICE
from bot.services.inspections.standing import ItemRefused
from bot.services.inspections.steps import NOT_YOURS
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _root, _rows, _who


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


def _member(who: Identity) -> Target:
    return Target(TargetKind.MEMBER, who.member.id, who.member.cell_id)


async def _item(org: Services, tmp_path: Path, *, adopt: bool = True) -> Item:
    """B2 (Liên khoa) inspected, led by A4 (UBKT) with A1 on the team (both Phòng Đào tạo;
    A1 is its cell's secretary, on neither the committee nor the commission)."""
    committee = await _who(org, "B3")
    lead, team, target = await _who(org, "A4"), await _who(org, "A1"), await _who(org, "B2")
    item = await org.inspection_drafts.add(
        committee,
        2026,
        _root(tmp_path),
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra việc thực hiện nhiệm vụ đảng viên",
            _member(target),
            month=4,
            lead_id=lead.member.id,
            team_ids=(team.member.id,),
        ),
    )
    if adopt:
        await org.inspection_drafts.adopt(committee, item.programme_id)
    return item


def _events(tmp_path: Path, item_id: int) -> list[tuple[object, ...]]:
    return _rows(
        tmp_path,
        f"SELECT event, member_id, detail FROM inspection_events WHERE item_id = {item_id}"
        " ORDER BY id",
    )


async def test_an_item_is_retargeted_and_the_change_recorded(org: Services, tmp_path: Path) -> None:
    committee, lead, team = await _who(org, "B3"), await _who(org, "A4"), await _who(org, "A1")
    old, new = await _who(org, "B2"), await _who(org, "B1")  # both of Liên khoa
    item = await _item(org, tmp_path)
    drafts = org.inspection_drafts
    changed = await drafts.retarget(committee, item.id, _member(new))
    assert changed.target == _member(new)
    assert _events(tmp_path, item.id)[-1] == (
        "target",
        committee.member.id,
        f"member:{old.member.id}→member:{new.member.id}",
    )
    # Someone on the item as the target, or the cell of someone on it, is refused, naming
    # them, and nothing changes.
    lead_name = lead.member.full_name
    for refused_target, message, name in (
        (_member(team), THEMSELVES, team.member.full_name),
        (Target(TargetKind.CELL, lead.member.cell_id, lead.member.cell_id), OWN_CELL, lead_name),
    ):
        with pytest.raises(UserError) as refused:
            await drafts.retarget(committee, item.id, refused_target)
        assert refused.value.message == message
        assert refused.value.params["name"] == name
    [(target_id,)] = _rows(tmp_path, f"SELECT target_id FROM inspection_items WHERE id={item.id}")
    assert target_id == new.member.id
    # A cell as the target.
    cell = Target(TargetKind.CELL, new.member.cell_id, new.member.cell_id)
    assert (await drafts.retarget(committee, item.id, cell)).target == cell
    # Only the committee changes the organisation's programme.
    with pytest.raises(NotAllowed):
        await drafts.retarget(lead, item.id, _member(old))
    # Once started, the item keeps its target.
    await org.inspection_steps.take(committee, item.id, ItemState.DECIDED)
    with pytest.raises(UserError):
        await drafts.retarget(committee, item.id, _member(old))


async def test_an_item_is_restaffed_with_a_lead_and_a_team(org: Services, tmp_path: Path) -> None:
    committee, lead, team = await _who(org, "B3"), await _who(org, "A4"), await _who(org, "A1")
    item = await _item(org, tmp_path)
    drafts = org.inspection_drafts
    # The lead and the team member change places, and A2 joins the team.
    joined = await _who(org, "A2")
    changed = await drafts.restaff(
        committee, item.id, team.member.id, (lead.member.id, joined.member.id)
    )
    assert changed.lead_id == team.member.id
    assert set(changed.team_ids) == {lead.member.id, joined.member.id}
    assert _rows(
        tmp_path, f"SELECT member_id FROM inspection_team WHERE item_id={item.id} ORDER BY 1"
    ) == sorted([(lead.member.id,), (joined.member.id,)])
    assert _events(tmp_path, item.id)[-1] == (
        "team",
        committee.member.id,
        f"{team.member.id}|{lead.member.id},{joined.member.id}",
    )
    # The target on their own team is refused, named; so is a lead also on the team; nothing
    # changes.
    target = await _who(org, "B2")
    with pytest.raises(UserError) as refused:
        await drafts.restaff(committee, item.id, lead.member.id, (target.member.id,))
    assert refused.value.message == THEMSELVES
    assert refused.value.params["name"] == target.member.full_name
    with pytest.raises(UserError) as refused:
        await drafts.restaff(committee, item.id, lead.member.id, (lead.member.id,))
    assert refused.value.message == TEAM_TWICE
    after = await org.inspection_steps.card(committee, item.id)
    assert after.item.lead_id == team.member.id
    assert set(after.item.team_ids) == {lead.member.id, joined.member.id}
    # The team may change once the item has started (it is not structural).
    await org.inspection_steps.take(committee, item.id, ItemState.DECIDED)
    changed = await drafts.restaff(committee, item.id, lead.member.id, ())
    assert changed.lead_id == lead.member.id and changed.team_ids == ()


async def _refused(org: Services, who: Identity, item_id: int, to: ItemState) -> None:
    with pytest.raises(NotAllowed) as refused:
        await org.inspection_steps.take(who, item_id, to)
    assert isinstance(refused.value, ItemRefused)
    assert refused.value.message in (NOT_YOURS, ItemRefused(0).message)


async def test_each_later_step_is_refused_to_those_it_is_not_given_to(
    org: Services, tmp_path: Path
) -> None:
    """Notifying the target: the owner (committee) or the lead. Notifying the conclusion: the
    same. Remediation: the lead only. Closing: the owner or the lead. The team, the target,
    the target's secretary and anyone else are refused each, and every refusal is audited."""
    committee, lead, team = await _who(org, "B3"), await _who(org, "A4"), await _who(org, "A1")
    target, secretary, other = await _who(org, "B2"), await _who(org, "B1"), await _who(org, "A3")
    steps = org.inspection_steps
    item = await _item(org, tmp_path)
    await steps.take(committee, item.id, ItemState.DECIDED)
    for who in (team, target, secretary, other):
        await _refused(org, who, item.id, ItemState.NOTIFIED)
    await steps.take(lead, item.id, ItemState.NOTIFIED, due=date(2026, 3, 20))
    await steps.take(team, item.id, ItemState.SELF_REPORT_RECEIVED)
    await steps.take(team, item.id, ItemState.VERIFYING)
    await steps.take(lead, item.id, ItemState.CONCLUDED, summary="Còn chậm; hồ sơ số 3")
    for who in (team, target, secretary, other):
        await _refused(org, who, item.id, ItemState.CONCLUSION_NOTIFIED)
    await steps.take(committee, item.id, ItemState.CONCLUSION_NOTIFIED)
    action = await org.remediation.add(
        lead, item.id, "Viết bản kiểm điểm", target.member.id, date(2026, 4, 1)
    )
    for who in (committee, team, target, secretary, other):
        await _refused(org, who, item.id, ItemState.REMEDIATING)
    await steps.take(lead, item.id, ItemState.REMEDIATING)
    await org.remediation.mark_done(target, action.action.id, note="Đã viết")
    await org.remediation.verify(lead, action.action.id)
    for who in (team, target, secretary, other):
        await _refused(org, who, item.id, ItemState.CLOSED)
    card = await steps.take(committee, item.id, ItemState.CLOSED)
    assert card.item.state is ItemState.CLOSED
    audited = _rows(
        tmp_path,
        "SELECT actor_member_id, count(*) FROM audit_log"
        " WHERE event = 'inspection_access_refused' GROUP BY 1 ORDER BY 1",
    )
    counted = {row[0]: row[1] for row in audited}
    for who, times in ((team, 4), (target, 4), (secretary, 4), (other, 4), (committee, 1)):
        assert counted[who.member.id] == times, who.member.full_name
