"""The programme spreadsheet's words: months as programmes write them, the lead and team in one
cell, and the period report a cell secretary reads from the cell's own programme (its members,
not the organisation's cells) over a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.errors import NotAllowed, UserError
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.periods import ReportPeriod
from bot.domain.inspections.quotas import QuotaKind
from bot.domain.inspections.records import ItemDraft
from bot.services.container import Services
from bot.services.inspections.programme_columns import parse_month
from bot.services.inspections.programme_rows import split_people
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _who


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("Tháng 3", (3, None)),
        ("tháng 03/2020", (3, 2020)),
        ("3", (3, None)),
        ("T12", (12, None)),
        ("Quý II", (4, None)),
        ("quý 4/2020", (10, 2020)),
        ("Q1", (1, None)),
        ("cuối năm", (None, None)),
    ],
)
def test_months_as_programmes_write_them(text: str, month: tuple[int | None, int | None]) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Nguyễn Thị Thu Hà (trưởng đoàn), Hà Văn Trung; Đ/c Lê Văn An",
            ("Nguyễn Thị Thu Hà", ("Hà Văn Trung", "Lê Văn An")),
        ),
        (
            "Trưởng đoàn: Hà Văn Trung\nThành viên: Nguyễn Thị Thu Hà, Lê An",
            ("Hà Văn Trung", ("Nguyễn Thị Thu Hà", "Lê An")),
        ),
        ("Trần Quang Vinh, Hà Văn Trung (Trưởng đoàn)", ("Hà Văn Trung", ("Trần Quang Vinh",))),
        ("", (None, ())),
    ],
)
def test_the_lead_and_the_team_in_one_cell(
    text: str, people: tuple[str | None, tuple[str, ...]]
) -> None:
    assert split_people(text) == people


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


async def test_a_cell_secretary_reads_the_cells_own_programme(org: Services) -> None:
    secretary = await _who(org, "B1")  # Phạm Thị Dung, Liên khoa
    with pytest.raises(UserError) as no_programme:
        await org.inspection_report.report(secretary, ReportPeriod.YEAR, 2026)
    assert no_programme.value.params == {"cell": "Liên khoa", "year": "2026"}
    em = await _who(org, "B2")
    item = await org.inspection_drafts.add(
        secretary,
        2026,
        secretary.cell.id,
        ItemDraft(
            ItemKind.INSPECTION,
            "Kiểm tra đảng viên",
            Target(TargetKind.MEMBER, em.member.id, em.member.cell_id),
            month=3,
            lead_id=secretary.member.id,
        ),
    )
    await org.inspection_steps.take(secretary, item.id, ItemState.DECIDED)
    await org.inspection_steps.take(secretary, item.id, ItemState.NOTIFIED)
    report = await org.inspection_report.report(secretary, ReportPeriod.Q1, 2026)
    assert report.is_cell and report.name == "Liên khoa"
    lines = {line.kind: (line.done, line.of) for line in report.figures.lines}
    # Liên khoa's party members: Dung, Em, Giang (on the committee), Khoa; no cells to count.
    assert lines[QuotaKind.MEMBERS_INSPECTED] == (1, 4)
    assert lines[QuotaKind.COMMITTEE_INSPECTED] == (0, 1)
    assert lines[QuotaKind.CELLS_INSPECTED] == (0, 0)
    # The committee reads the organisation's, which counts the cells' programmes too.
    committee = await _who(org, "B3")
    whole = await org.inspection_report.report(committee, ReportPeriod.YEAR, 2026)
    assert not whole.is_cell and whole.figures.carried_out == 1
    # A plain member is refused.
    with pytest.raises(NotAllowed):
        await org.inspection_report.report(await _who(org, "A2"), ReportPeriod.YEAR, 2026)
