"""Computed targets from real data (a year of activity, tests/period_report_seed.py): study
participation, breakthrough tasks done as of the cut-off and of the owning cell, and the
year's rating once published (issue 14) — each against its figures in the database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from bot.clock import FixedClock
from bot.domain.model import Channel, Identity
from bot.domain.ratings.levels import Level
from bot.domain.targets.lines import Share
from bot.domain.targets.model import Source
from bot.i18n import translator
from bot.i18n.target_lines import target_line
from bot.services.container import Services
from storage.times import to_db
from tests.period_report_seed import seed_year

VI = translator("vi")
YEAR = 2026


async def who(services: Services, code: str, user: int) -> Identity:
    [issued] = await services.invites.issue_for_command_line(member_code=code)
    joined = await services.membership.join(Channel.TELEGRAM, str(user), str(user), issued.code)
    assert joined.identity is not None
    return joined.identity


def database(tmp_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(tmp_path / "butpha.sqlite3")


async def test_study_and_tasks_done_are_computed_as_of_the_cut_off_and_per_cell(
    organisation: Services, tmp_path: Path, clock: FixedClock
) -> None:
    seed_year(tmp_path / "butpha.sqlite3", YEAR)
    # An finished his task on 15 March (the verdict's date); Dung exceeded hers in January.
    with database(tmp_path) as conn:
        [(task,)] = conn.execute(
            "SELECT t.id FROM tasks t JOIN members m ON m.id = t.owner_member_id"
            " WHERE m.member_code = 'A1'"
        )
        conn.execute(
            "INSERT INTO task_updates (task_id, at, kind) VALUES (?, ?, 'done')",
            (task, to_db(datetime(YEAR, 3, 15, 3, tzinfo=UTC))),
        )
    clock.advance(days=40)  # 11 April
    add = organisation.targets.add_line
    await add(None, "Đảng viên học tập; 100%; %; chính trị; nguồn: học tập đảng viên")
    await add(None, "Quần chúng học tập; trên 97%; %; chính trị; nguồn: học tập quần chúng")
    await add(None, "Công việc hoàn thành; ≥ 90%; %; xây dựng Đảng; nguồn: công việc hoàn thành")
    await add(
        None, "Việc của chi bộ; ≥ 90%; %; xây dựng Đảng; Phòng Đào tạo; nguồn: công việc hoàn thành"
    )

    def lines_of(found: list) -> dict[str, str]:  # type: ignore[type-arg]
        return {line.title: target_line(line, VI) for line in found}

    new_year = lines_of(await organisation.targets.lines(None, YEAR, date(YEAR, 1, 1)))
    assert "chưa có số liệu" in new_year["Công việc hoàn thành"]  # registered on 2 January
    january = lines_of(await organisation.targets.lines(None, YEAR, date(YEAR, 1, 31)))
    assert "chưa có số liệu" in january["Đảng viên học tập"]  # no study session yet
    # Dung's exceeded task (no verdict row: its last change, 2 January) counts; An's not yet.
    assert january["Công việc hoàn thành"].startswith("Công việc hoàn thành: 1/4 (25%)")

    march = await organisation.targets.lines(None, YEAR, date(YEAR, 3, 10))
    shares = {line.title: line.share for line in march}
    assert shares["Đảng viên học tập"] == Share(5, 5)  # the 20 February session, all came
    assert shares["Quần chúng học tập"] == Share(1, 1)
    assert shares["Công việc hoàn thành"] == Share(1, 4)
    assert shares["Việc của chi bộ"] == Share(0, 3)  # An, Bình, Cường's tasks

    april = {
        line.title: line for line in await organisation.targets.lines(None, YEAR, date(YEAR, 3, 31))
    }
    assert april["Công việc hoàn thành"].share == Share(2, 4)
    assert april["Việc của chi bộ"].share == Share(1, 3)
    assert target_line(april["Việc của chi bộ"], VI).startswith("Việc của chi bộ: 1/3 (33,33%)")
    assert april["Công việc hoàn thành"].actual == Decimal(50)


async def test_a_published_rating_is_a_computed_target(
    organisation: Services, clock: FixedClock, tmp_path: Path
) -> None:
    giang = await who(organisation, "B3", 3)
    await organisation.rating_cycles.open(
        giang,
        year=YEAR,
        quarter=None,
        self_review_due=date(YEAR, 12, 10),
        cells_by=date(YEAR, 12, 20),
        decision_by=date(YEAR, 12, 28),
    )
    good = await organisation.targets.add_line(
        giang, "Xếp loại tốt trở lên; trên 90%; %; xây dựng Đảng; nguồn: xếp loại tốt trở lên"
    )
    excellent = await organisation.targets.add_line(
        giang, "Xuất sắc; ≥ 20%; %; xây dựng Đảng; Liên khoa; nguồn: xếp loại xuất sắc"
    )
    assert (good.source, excellent.source) == (
        Source.RATING_GOOD_OR_BETTER,
        Source.RATING_EXCELLENT,
    )
    levels = {
        "A1": Level.GOOD,
        "A2": Level.COMPLETE,
        "B1": Level.EXCELLENT,
        "B2": Level.GOOD,
        "B3": Level.GOOD,
    }
    with database(tmp_path) as conn:
        members = dict(conn.execute("SELECT member_code, id FROM members").fetchall())
    for code, level in levels.items():
        await organisation.committee_ratings.decide(giang, members[code], level, "Quyết định")
    today = clock.now().date()
    before = await organisation.targets.lines(None, YEAR, today)
    assert [line.actual for line in before] == [None, None]  # decided, not published yet
    clock.advance(hours=1)
    await organisation.committee_ratings.publish(giang, lambda *_: "", lambda *_: "")
    after = {line.title: line for line in await organisation.targets.lines(None, YEAR, today)}
    assert after["Xếp loại tốt trở lên"].share == Share(4, 5)  # A2 only "complete"
    assert target_line(after["Xếp loại tốt trở lên"], VI).startswith(
        "Xếp loại tốt trở lên: 4/5 (80%)"
    )
    assert after["Xuất sắc"].share == Share(1, 3)  # Liên khoa's: Dung of three
    # The same figures as the ratings feature's own.
    figures = await organisation.committee_ratings.figures(YEAR)
    assert figures is not None and (figures.good_or_better, figures.rated) == (4, 5)
