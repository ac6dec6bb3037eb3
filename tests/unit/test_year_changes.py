"""What a change to the year's areas or rules would do (issue 9, items 6 and 7): the pure plan,
and the service over a real database, including areas hidden by earlier versions."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.domain.errors import UserError
from bot.domain.model import Channel
from bot.domain.tasks import Area, TaskDraft, Year
from bot.domain.year_changes import (
    StoredArea,
    YearChange,
    clean_area_names,
    example_window,
    plan_areas,
)
from bot.services.container import Services

STORED = [
    StoredArea(Area(1, "Chất lượng đào tạo"), True, 4),
    StoredArea(Area(2, "Nghiên cứu khoa học"), True, 0),
    StoredArea(Area(3, "Chuyển đổi số"), True, 2),
]


def test_the_same_names_in_another_order_need_no_confirmation() -> None:
    plan = plan_areas(2026, STORED, ["Chuyển đổi số", "chat luong dao tao", "Nghiên cứu khoa học"])
    assert [s.area_id for s in plan.slots] == [3, 1, 2]
    assert plan.removed == ()
    # Typed without diacritics: the same area, respelled, which is shown before saving.
    assert plan.slots[1].renamed and plan.slots[1].old_name == "Chất lượng đào tạo"
    assert not plan_areas(2026, STORED, [a.area.name for a in STORED]).needs_confirmation
    added = plan_areas(2026, STORED, [*(a.area.name for a in STORED), "Hợp tác"])
    assert not added.needs_confirmation and added.slots[3].area_id is None


def test_a_new_name_in_an_old_place_renames_and_a_missing_one_is_removed() -> None:
    plan = plan_areas(2026, STORED, ["Đào tạo chất lượng cao", "Nghiên cứu khoa học"])
    assert plan.needs_confirmation
    assert [(s.area_id, s.old_name, s.tasks) for s in plan.slots] == [
        (1, "Chất lượng đào tạo", 4),
        (2, "Nghiên cứu khoa học", 0),
    ]
    assert [(r.area.id, r.tasks) for r in plan.removed] == [(3, 2)]
    assert [r.area.id for r in plan.in_use_removed] == [3]
    with pytest.raises(UserError, match="Choose the area"):
        plan.check_moves({})
    plan.check_moves({3: 1})
    with pytest.raises(UserError, match="changed in the meantime"):
        plan.check_moves({2: 0})  # not removed
    with pytest.raises(UserError, match="changed in the meantime"):
        plan.check_moves({3: 2})  # no third area in the new list


def test_an_area_hidden_with_tasks_is_offered_back_or_must_move() -> None:
    stored = [*STORED[:2], StoredArea(Area(9, "Chuyển đổi số"), False, 3)]
    revived = plan_areas(
        2026, stored, ["Chất lượng đào tạo", "Nghiên cứu khoa học", "chuyển đổi số"]
    )
    assert revived.slots[2].area_id == 9 and revived.removed == ()
    dropped = plan_areas(2026, stored, ["Chất lượng đào tạo", "Nghiên cứu khoa học"])
    assert [(r.area.id, r.tasks) for r in dropped.removed] == [(9, 3)]
    # One without tasks just goes, unmentioned.
    empty = [*STORED[:2], StoredArea(Area(9, "Cũ"), False, 0)]
    assert plan_areas(2026, empty, ["Chất lượng đào tạo", "Nghiên cứu khoa học"]).removed == ()


def test_an_area_written_twice_is_refused() -> None:
    with pytest.raises(UserError) as refused:
        clean_area_names(["Hợp tác", "  hop  tac "])
    assert refused.value.params == {"area": "hop tac"}


def test_what_new_rules_do_to_registration() -> None:
    before = Year(2026, "Bứt phá", date(2026, 1, 1), date(2026, 12, 31))
    may = date(2026, 5, 15)
    closes = YearChange(before, Year(2026, "Bứt phá", date(2026, 1, 1), date(2026, 3, 31)), may)
    assert closes.shuts_registration and closes.needs_confirmation
    later = YearChange(before, Year(2026, "Bứt phá", date(2026, 6, 1), date(2026, 6, 30)), may)
    assert later.shuts_registration
    wider = YearChange(before, Year(2026, "Khác", date(2026, 5, 15), date(2026, 6, 30)), may)
    assert not wider.needs_confirmation
    switch = YearChange(before, Year(2027, "Bứt phá", date(2026, 1, 1), date(2027, 12, 31)), may)
    assert switch.switches_year and switch.needs_confirmation
    first = YearChange(None, Year(2026, "Bứt phá", date(2026, 1, 1), date(2026, 1, 2)), may)
    assert not first.needs_confirmation


def test_the_example_window_opens_today_and_closes_at_the_end_of_next_month() -> None:
    assert example_window(date(2026, 3, 2)) == (date(2026, 3, 2), date(2026, 4, 30))
    assert example_window(date(2026, 1, 31)) == (date(2026, 1, 31), date(2026, 2, 28))
    # Never past the year's end.
    assert example_window(date(2026, 12, 1)) == (date(2026, 12, 1), date(2026, 12, 31))


async def test_an_area_hidden_by_an_older_version_gets_its_tasks_back(
    organisation: Services, tmp_path: Path
) -> None:
    """Before issue 9, leaving an area out hid it and its tasks showed no area; writing the
    name again then failed on the unique name. Now the name brings the area back."""
    services = organisation
    await services.years.set_year(
        None,
        year=2026,
        theme="Bứt phá",
        opens=date(2026, 1, 1),
        closes=date(2026, 12, 31),
        approval_required=False,
        areas=["Chất lượng đào tạo", "Chuyển đổi số"],
    )
    [issued] = await services.invites.issue_for_command_line(member_code="A2")
    joined = await services.membership.join(Channel.TELEGRAM, "7", "7", issued.code)
    assert joined.identity is not None
    year = await services.years.current()
    assert year is not None
    digital = year.areas[1].id
    await services.tasks.register(
        joined.identity, TaskDraft("Số hóa", "01 kho", date(2026, 11, 30), digital)
    )
    database = tmp_path / "butpha.sqlite3"
    with sqlite3.connect(database) as conn:  # as the old version left it
        conn.execute("UPDATE areas SET position = 1000 + id WHERE id = ?", (digital,))
    hidden = await services.years.current()
    assert hidden is not None and [a.name for a in hidden.areas] == ["Chất lượng đào tạo"]

    saved = await services.years.set_year(
        None,
        year=2026,
        theme="Bứt phá",
        opens=date(2026, 1, 1),
        closes=date(2026, 12, 31),
        approval_required=False,
        areas=["Chất lượng đào tạo", "chuyen doi so"],
    )
    assert [(a.id, a.name) for a in saved.areas][1] == (digital, "chuyen doi so")
    card = await services.tasks.card(joined.identity, 1)
    assert card.area_name == "chuyen doi so"
    # Left out again while its task carries it: refused without a destination.
    with pytest.raises(UserError, match="Choose the area"):
        await services.years.set_year(
            None,
            year=2026,
            theme="Bứt phá",
            opens=date(2026, 1, 1),
            closes=date(2026, 12, 31),
            areas=["Chất lượng đào tạo"],
        )
    after = await services.years.current()
    assert after is not None and len(after.areas) == 2 and after.approval_required is False
