"""/kiemtra's programme per reader, over a real SQLite file: the committee and the commission
see the whole programme with its quota lines (the draft too); a plain member only what they
lead, or what is about them once notified; a cell's secretary the cell's programme and, once
notified, the items about the cell's members."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import UserError
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import ItemDraft, Review
from bot.i18n import translator
from bot.services.container import Services
from bot.services.inspections.drafts import NOT_A_CELL_TARGET, NOT_OWN_MEMBER
from handlers.inspections.item_words import read_kind, read_month
from storage.database import SqliteDatabase
from tests.conftest import write_csv
from tests.unit.test_inspection_items import ROWS, _root, _rows, _who


@pytest.fixture
async def org(services: Services, tmp_path: Path) -> Services:
    await services.organisation.init("Đảng bộ Trường Chính trị")
    await services.member_import.import_file(write_csv(tmp_path / "members.csv", ROWS))
    return services


async def _ids(org: Services, code: str) -> list[int]:
    view = await org.inspection_listing.visible(await _who(org, code), 2026)
    return [listed.item.id for listed in view.items]


async def test_a_draft_is_the_committees_and_the_commissions(org: Services, tmp_path: Path) -> None:
    committee = await _who(org, "B3")
    await org.inspection_drafts.draft(committee, 2026, lambda p: f"Kiểm tra {p.target_name}")
    view = await org.inspection_listing.visible(committee, 2026)
    assert view.items and view.draft is not None and view.may_draft and not view.adopted
    assert {line.kind.value for line in view.quotas} >= {"cells_inspected", "members_inspected"}
    # The commission reads it (with the quotas) but does not draft; a proposed lead or target
    # who is neither learns nothing yet.
    inspector = await org.inspection_listing.visible(await _who(org, "A4"), 2026)
    assert len(inspector.items) == len(view.items) and inspector.quotas
    assert inspector.draft is None and not inspector.may_draft
    for code in ("A2", "B2", "B1"):
        assert await _ids(org, code) == [], code
    # Adopted: the committee has nothing more to draft.
    await org.inspection_drafts.adopt(committee, view.draft.id)
    adopted = await org.inspection_listing.visible(committee, 2026)
    assert adopted.adopted and adopted.draft is None and not adopted.may_draft


async def test_a_member_sees_what_they_lead_or_what_they_were_told(
    org: Services, tmp_path: Path
) -> None:
    committee, lead = await _who(org, "B3"), await _who(org, "A4")
    target = await _who(org, "B2")
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
        ),
    )
    await org.inspection_drafts.adopt(committee, item.programme_id)
    assert await _ids(org, "A4") == [item.id]  # the lead
    assert await _ids(org, "B3") == [item.id]  # the committee
    steps = org.inspection_steps
    await steps.take(committee, item.id, ItemState.DECIDED)
    # Planned, then decided: the target and their cell's secretary are not told yet.
    assert await _ids(org, "B2") == [] and await _ids(org, "B1") == []
    await steps.take(lead, item.id, ItemState.NOTIFIED)
    assert await _ids(org, "B2") == [item.id]
    assert await _ids(org, "B1") == [item.id]
    assert await _ids(org, "A2") == []  # another member never
    listed = (await org.inspection_listing.visible(target, 2026)).items[0]
    assert (listed.target_name, listed.cell_name, listed.lead_name) == (
        "Hoàng Văn Em",
        "Liên khoa",
        "Đặng Văn Hùng",
    )
    # Quota lines only for the committee and the commission.
    assert (await org.inspection_listing.visible(target, 2026)).quotas == ()


async def test_a_cell_secretary_sees_the_cells_programme(org: Services, tmp_path: Path) -> None:
    secretary, member = await _who(org, "B1"), await _who(org, "B2")
    cell = secretary.member.cell_id
    item = await org.inspection_drafts.add(
        secretary,
        2026,
        cell,
        ItemDraft(
            ItemKind.THEMATIC_SUPERVISION,
            "Giám sát việc nêu gương",
            Target(TargetKind.MEMBER, member.member.id, cell),
            month=6,
            lead_id=secretary.member.id,
        ),
    )
    view = await org.inspection_listing.visible(secretary, 2026)
    assert [listed.item.id for listed in view.items] == [item.id]
    assert view.items[0].cell_programme == "Liên khoa"
    assert view.may_add and not view.may_draft
    # Another cell's secretary does not see it; the committee does.
    assert await _ids(org, "A1") == []
    assert await _ids(org, "B3") == [item.id]


def test_kinds_and_months_as_people_write_them() -> None:
    assert read_kind("Kiểm tra") is ItemKind.INSPECTION
    assert read_kind("giam sat chuyen de") is ItemKind.THEMATIC_SUPERVISION
    assert read_kind("GSTX") is ItemKind.REGULAR_SUPERVISION
    assert read_kind("kiểm tra khi có dấu hiệu vi phạm") is ItemKind.VIOLATION_INSPECTION
    assert read_kind("họp chi bộ") is None
    assert [read_month(m) for m in ("5", "tháng 5", "T12", "05", "13", "tháng")] == [
        5,
        5,
        12,
        5,
        None,
        None,
    ]


async def test_a_conclusion_kept_from_the_programmes_owner_is_audited(
    org: Services, db: SqliteDatabase, clock: FixedClock, tmp_path: Path
) -> None:
    """A cell's secretary owns the cell's programme, but a conclusion about a member of another
    cell is not theirs to read: the card leaves it out, and the refused view is audited. Such an
    item can no longer be added (a cell inspects its own members): this one was written before
    the rule, straight into the database."""
    secretary, lead = await _who(org, "B1"), await _who(org, "B4")
    other = await _who(org, "A2")  # Phòng Đào tạo
    steps = org.inspection_steps
    async with db.write() as uow:
        programme_id = await uow.inspections.create_programme(
            2026, secretary.member.cell_id, clock.now()
        )
        await uow.inspections.adopt(programme_id, clock.now(), secretary.member.id)
        [item_id] = await uow.inspections.add_items(
            programme_id,
            [
                ItemDraft(
                    ItemKind.THEMATIC_SUPERVISION,
                    "Giám sát việc thực hiện nhiệm vụ được giao",
                    Target(TargetKind.MEMBER, other.member.id, other.member.cell_id),
                    month=4,
                    lead_id=lead.member.id,
                )
            ],
            Review.ACCEPTED,
            clock.now(),
        )
    await steps.take(secretary, item_id, ItemState.DECIDED)
    for state in (
        ItemState.NOTIFIED,
        ItemState.SELF_REPORT_RECEIVED,
        ItemState.VERIFYING,
    ):
        await steps.take(lead, item_id, state)
    await steps.take(lead, item_id, ItemState.CONCLUDED, summary="Còn chậm; hồ sơ số 3")
    card = await steps.card(secretary, item_id)
    assert not card.conclusion_visible and card.item.conclusion is None
    assert (await steps.card(lead, item_id)).item.conclusion == "Còn chậm; hồ sơ số 3"
    refused = _rows(
        tmp_path,
        "SELECT actor_member_id FROM audit_log WHERE event = 'inspection_conclusion_refused'",
    )
    assert refused == [(secretary.member.id,)]


async def test_a_cells_programme_is_about_its_own_members(org: Services, tmp_path: Path) -> None:
    """A cell inspects and supervises its own members: its secretary is refused, with the
    reason, an item about a member of another cell or about a cell, when adding or
    re-targeting; the organisation's programme may still be about anyone."""
    secretary, lead = await _who(org, "B1"), await _who(org, "B4")
    own, other = await _who(org, "B2"), await _who(org, "A2")  # Liên khoa; Phòng Đào tạo
    cell = secretary.member.cell_id

    def draft(target: Target) -> ItemDraft:
        return ItemDraft(
            ItemKind.THEMATIC_SUPERVISION, "Giám sát", target, month=4, lead_id=lead.member.id
        )

    elsewhere = Target(TargetKind.MEMBER, other.member.id, other.member.cell_id)
    with pytest.raises(UserError) as refused:
        await org.inspection_drafts.add(secretary, 2026, cell, draft(elsewhere))
    assert refused.value.message == NOT_OWN_MEMBER
    assert refused.value.params["name"] == other.member.full_name
    assert translator("vi", "vi")(refused.value.message, **refused.value.params) == (
        "Chi bộ kiểm tra, giám sát đảng viên của chính chi bộ: đồng chí Trần Thị Bình không "
        "sinh hoạt ở chi bộ này, nên nội dung này thuộc chương trình của Đảng ủy hoặc của chi "
        "bộ nơi đồng chí Trần Thị Bình sinh hoạt."
    )
    with pytest.raises(UserError) as refused:
        await org.inspection_drafts.add(
            secretary, 2026, cell, draft(Target(TargetKind.CELL, cell, cell))
        )
    assert refused.value.message == NOT_A_CELL_TARGET
    assert _rows(tmp_path, "SELECT count(*) FROM inspection_items") == [(0,)]
    mine = Target(TargetKind.MEMBER, own.member.id, own.member.cell_id)
    item = await org.inspection_drafts.add(secretary, 2026, cell, draft(mine))
    with pytest.raises(UserError) as refused:
        await org.inspection_drafts.retarget(secretary, item.id, elsewhere)
    assert refused.value.message == NOT_OWN_MEMBER
    [(target_id,)] = _rows(tmp_path, "SELECT target_id FROM inspection_items")
    assert target_id == own.member.id
    # The committee's programme targets a member of any cell.
    committee = await _who(org, "B3")
    assert await org.inspection_drafts.add(committee, 2026, _root(tmp_path), draft(elsewhere))
