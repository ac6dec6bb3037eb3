"""A lead may not pile items up in one month: changing an item's lead to someone who already
leads as many as allowed that month is refused, naming them, the count and the month."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed
from bot.domain.inspections.model import ItemKind, Target, TargetKind
from bot.domain.inspections.records import ItemDraft
from bot.services.container import Services
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _root, _who


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


async def test_a_lead_already_leading_enough_that_month_is_refused(
    org: Services, tmp_path: Path
) -> None:
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    liên_khoa = (await _who(org, "B1")).member.cell_id
    drafts = org.inspection_drafts
    items = [
        await drafts.add(
            committee,
            2026,
            _root(tmp_path),
            ItemDraft(
                ItemKind.INSPECTION,
                f"Kiểm tra nội dung {n}",
                Target(TargetKind.CELL, liên_khoa, liên_khoa),
                month=5,
                lead_id=lead.member.id if n < 2 else None,
            ),
        )
        for n in range(3)
    ]
    with pytest.raises(NotAllowed) as refused:
        await drafts.restaff(committee, items[2].id, lead.member.id, ())
    assert refused.value.params == {"name": "Đặng Văn Hùng", "count": "2", "month": "5"}
    # Moved to another month first, the same lead is fine.
    await drafts.move(committee, items[2].id, 6)
    restaffed = await drafts.restaff(committee, items[2].id, lead.member.id, ())
    assert restaffed.lead_id == lead.member.id
