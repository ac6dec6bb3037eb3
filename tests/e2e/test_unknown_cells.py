"""A cell name the bot does not know, wherever one is typed (/tiendo, /chuyencan, notices,
invites, the member list, meetings), is answered with the names of the cells it does know."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.domain.errors import NotFound
from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.i18n import translator
from bot.services.container import Services
from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv
from tests.e2e.conftest import World

NO_CELL = "Không có chi bộ nào tên {name}. Các chi bộ: Liên khoa, Phòng Đào tạo."


async def test_an_unknown_cell_in_a_command_lists_the_cells(world: World) -> None:
    await world.open_year(approval=False)
    committee = await world.join("B3")
    answer = await world.say(committee, "/tiendo Khoa Kinh tế")
    assert answer.text == NO_CELL.format(name="Khoa Kinh tế")
    answer = await world.say(committee, "/chuyencan Khoa Kinh tế")
    assert answer.text == NO_CELL.format(name="Khoa Kinh tế")


async def test_every_search_for_a_cell_by_name_lists_the_cells_when_none_matches(
    organisation: Services,
) -> None:
    services = organisation
    committee = await services.membership.identity_of(
        (await services.organisation.directory("Liên khoa"))[2].member.id
    )
    assert committee is not None
    t = translator("vi")
    lookups = [
        services.reports.find_cell(committee, "Khoa Kinh tế"),
        services.attendance_figures.cell_named(committee, "Khoa Kinh tế"),
        services.broadcasts.find_cells(["Khoa Kinh tế"]),
        services.invites.issue_for_command_line(cell_name="Khoa Kinh tế"),
        services.organisation.directory("Khoa Kinh tế"),
        services.meetings.create(
            None,
            MeetingRequest(
                MeetingKind.CELL_MEETING, "Họp", datetime(2026, 12, 1, 14), ("Khoa Kinh tế",)
            ),
        ),
    ]
    for lookup in lookups:
        with pytest.raises(NotFound) as refused:
            await lookup
        assert t(refused.value.message, **refused.value.params) == NO_CELL.format(
            name="Khoa Kinh tế"
        )


def test_the_command_line_lists_the_cells_too(tmp_path: Path) -> None:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    members = write_csv(tmp_path / "m.csv", MEMBERS)
    assert butpha(tmp_path, "import-members", str(members)).returncode == 0
    result = butpha(tmp_path, "members", "--cell", "Khoa Kinh tế")
    assert result.returncode != 0
    assert NO_CELL.format(name="Khoa Kinh tế") in result.stderr + result.stdout
