"""The period report's figures on a seeded database (a real SQLite file): members by kind,
cell meetings against one a month, attendance against the 85% bar, study, tasks by area and
cell, notices and their reach; who gets which report; and the summary's phrasing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.errors import NotAllowed
from bot.domain.model import Channel, Identity
from bot.domain.ratings.levels import Level
from bot.i18n import translator
from bot.services.container import Services
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.sections import sections, summary_blocks, summary_text
from tests.period_report_seed import seed_year

YEAR = 2026  # the clock fixture's: 2 March 2026
VI = translator("vi")


async def _identity(services: Services, code: str) -> Identity:
    code_issued = await services.invites.issue_for_command_line(member_code=code, relink=False)
    await services.membership.join(Channel.TELEGRAM, f"u{code}", f"u{code}", code_issued[0].code)
    identity = await services.membership.identify(Channel.TELEGRAM, f"u{code}")
    assert identity is not None
    return identity


@pytest.fixture
async def seeded(organisation: Services, tmp_path: Path) -> Services:
    seed_year(tmp_path / "butpha.sqlite3", YEAR)
    return organisation


async def _report(
    services: Services, words: str, actor: Identity | None = None
) -> PeriodReportData:
    span = services.period_report.span(words.split())
    return await services.period_report.collect(actor, span)


async def test_the_organisations_figures_for_six_months(seeded: Services) -> None:
    data = await _report(seeded, "6thang")
    assert (data.span.first, data.span.last, data.span.as_of) == (
        date(YEAR, 1, 1),
        date(YEAR, 6, 30),
        date(YEAR, 3, 2),
    )
    total = data.member_total
    assert (total.full, total.probationary, total.non_party) == (4, 1, 1)
    meetings = data.meetings
    assert meetings is not None
    by_cell = {c.cell_name: c for c in meetings.cells}
    training, joint = by_cell["Phòng Đào tạo"], by_cell["Liên khoa"]
    assert (training.months_held, training.months_due) == (2, 2)
    assert (joint.months_held, joint.months_due) == (1, 2)
    assert (training.attended, training.expected, training.unexcused) == (3, 4, 1)
    assert (meetings.attended, meetings.expected) == (6, 7)
    assert meetings.over_bar and not training.over_bar
    assert training.attention == 1 and joint.attention == 0
    assert [(m.month.month, m.attended, m.expected) for m in meetings.by_month] == [
        (1, 5, 5),
        (2, 1, 2),
        (3, 0, 0),
    ]
    assert data.study is not None
    assert (data.study.party.attended, data.study.party.expected) == (5, 5)
    tasks = {c.cell_name: c for c in data.tasks}
    assert (tasks["Phòng Đào tạo"].party.registered, tasks["Liên khoa"].party.registered) == (2, 1)
    assert tasks["Phòng Đào tạo"].overdue == 1
    assert [(a.name, a.tasks, a.finished) for a in data.areas] == [
        ("Đào tạo", 2, 2),
        ("Nghiên cứu", 1, 0),
        (None, 1, 0),
    ]
    assert data.broadcasts is not None
    assert (data.broadcasts.sent, data.broadcasts.delivered, data.broadcasts.deliveries) == (
        1,
        5,
        6,
    )


async def test_the_summary_says_what_met_what_did_not_and_what_needs_attention(
    seeded: Services,
) -> None:
    data = await _report(seeded, "6thang")
    t = translator("vi")
    blocks = summary_blocks(data, sections(data, t), t)
    assert blocks[0] == f"Báo cáo 6 tháng đầu năm {YEAR} — Đảng bộ Trường Chính trị"
    assert blocks[1] == f"Từ 01/01/{YEAR} đến 30/06/{YEAR}; số liệu tính đến 02/03/{YEAR}."
    not_met, attention, met = blocks[2].splitlines(), blocks[3].splitlines(), blocks[4].splitlines()
    assert not_met == [
        "❌ Chưa đạt:",
        "• Sinh hoạt chi bộ hằng tháng: 1 chi bộ thiếu tháng (Liên khoa)",
        "• 2 đảng viên chưa đăng ký công việc bứt phá",
    ]
    assert attention == [
        "⚠️ Cần lưu ý:",
        "• Tỷ lệ dự sinh hoạt dưới 85% ở 1 chi bộ (Phòng Đào tạo)",
        "• 1 đồng chí vắng sinh hoạt cần lưu ý",
        "• 1 công việc bứt phá quá hạn",
        "• Thông báo chưa đến được 1 lượt người nhận",
    ]
    assert "• Tỷ lệ dự sinh hoạt 6/7 (85,71%) (yêu cầu trên 85%)" in met
    assert "• Học tập, đảng viên: 5/5 (100%) (chỉ tiêu 100%)" in met
    text = summary_text(data, t)
    assert "- Lĩnh vực «Đào tạo»: hoàn thành 2/2 (100%), quá hạn 0." in text
    assert "- Đã gửi 1 thông báo; đến được 5/6 (83,33%) lượt người nhận." in text


async def test_a_secretary_gets_their_cell_and_a_member_is_refused(seeded: Services) -> None:
    dung = await _identity(seeded, "B1")
    data = await _report(seeded, "6thang", dung)
    assert data.is_cell and data.name == "Liên khoa"
    assert list(data.cells.values()) == ["Liên khoa"]
    assert data.member_total.party == 3
    # The study session for everyone, counted for Liên khoa alone: its three party members.
    assert data.study is not None and data.study.sessions == 1
    assert (data.study.party.attended, data.study.party.expected) == (3, 3)
    assert (data.study.non_party.attended, data.study.non_party.expected) == (0, 0)
    assert "Học tập nghị quyết, chuyên đề" in [s.heading for s in sections(data, VI)]
    assert [c.cell_name for c in data.tasks] == ["Liên khoa"]
    binh = await _identity(seeded, "A2")
    with pytest.raises(NotAllowed):
        await seeded.period_report.check_reader(binh)


async def test_an_empty_period_has_only_the_members(seeded: Services) -> None:
    data = await _report(seeded, "6thang 2025")
    t = translator("vi")
    assert [s.heading for s in sections(data, t)] == ["Đảng viên, quần chúng"]
    assert data.meetings is None and data.study is None and data.broadcasts is None


async def test_members_are_counted_as_of_the_cut_off(seeded: Services, tmp_path: Path) -> None:
    import sqlite3

    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        # The list was imported on 2 January; Em left on 10 February; Cường was added on
        # 5 February.
        conn.execute("UPDATE members SET created_at = ?", (f"{YEAR}-01-02T02:00:00.000000Z",))
        conn.execute(
            "UPDATE members SET status = 'left', updated_at = ? WHERE member_code = 'B2'",
            (f"{YEAR}-02-10T02:00:00.000000Z",),
        )
        conn.execute(
            "UPDATE members SET created_at = ? WHERE member_code = 'A3'",
            (f"{YEAR}-02-05T02:00:00.000000Z",),
        )
    january = (await _report(seeded, "thang1")).member_total
    assert (january.party, january.non_party, january.joined, january.left) == (5, 0, 0, 0)
    # (the first import is not "joined": the list as it stood)
    february = (await _report(seeded, "thang2")).member_total
    assert (february.party, february.non_party, february.joined, february.left) == (4, 1, 1, 1)


class _Targets:
    """The targets feature's one method the report reads, faked: it notes what was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, date, int | None]] = []

    async def lines(
        self, actor: Identity | None, year: int, as_of: date, unit_id: int | None = None
    ) -> list[object]:
        self.asked.append((year, as_of, unit_id))
        return ["Lớp đào tạo: đạt 23/22 lớp (104,55%)"]


async def test_the_targets_plug_in_with_the_span_and_the_readers_cell(seeded: Services) -> None:
    from bot.services.period_report.collect import PeriodReportService

    base = seeded.period_report
    targets = _Targets()
    service = PeriodReportService(base._db, base._clock, base._zone, base._inspections, 0, targets)
    dung = await _identity(seeded, "B1")
    data = await service.collect(dung, service.span(["6thang"]))
    assert data.targets == ["Lớp đào tạo: đạt 23/22 lớp (104,55%)"]
    [joint] = data.cells
    assert targets.asked == [(YEAR, date(YEAR, 3, 2), joint)]


async def test_a_published_rating_is_a_section_of_its_own(
    seeded: Services, clock: FixedClock, tmp_path: Path
) -> None:
    import sqlite3

    [issued] = await seeded.invites.issue_for_command_line(member_code="B3")
    joined = await seeded.membership.join(Channel.TELEGRAM, "3", "3", issued.code)
    giang = joined.identity
    assert giang is not None
    await seeded.rating_cycles.open(
        giang,
        year=YEAR,
        quarter=None,
        self_review_due=date(YEAR, 12, 10),
        cells_by=date(YEAR, 12, 20),
        decision_by=date(YEAR, 12, 28),
    )
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        members = dict(conn.execute("SELECT member_code, id FROM members").fetchall())
    levels = {"A1": "good", "A2": "complete", "B1": "excellent", "B2": "good", "B3": "good"}
    for code, level in levels.items():
        await seeded.committee_ratings.decide(giang, members[code], Level(level), "Quyết định")
    data = await _report(seeded, "nam")
    assert data.ratings is None  # decided, not published: not in the report
    clock.advance(days=1)
    await seeded.committee_ratings.publish(giang, lambda *_: "", lambda *_: "")
    early = await seeded.period_report.collect(
        None, seeded.period_report.span(["nam", "den", "02/03/2026"])
    )
    assert early.ratings is None  # published after that cut-off
    data = await _report(seeded, "nam")
    [section] = [s for s in sections(data, VI) if s.heading == "Đánh giá, xếp loại cuối năm"]
    assert section.sentences[1:3] == [
        "Xếp loại tốt trở lên: 4/5 (80%) — chỉ tiêu trên 90%",
        "Xếp loại xuất sắc: 1/5 (20%) — chỉ tiêu 20%",
    ]
    assert [(f.state.value, f.text) for f in section.findings][:2] == [
        ("not_met", "Xếp loại tốt trở lên: 4/5 (80%) — chỉ tiêu trên 90%"),
        ("met", "Xếp loại xuất sắc: 1/5 (20%) — chỉ tiêu 20%"),
    ]
    assert section.table is not None and section.table.total == ["Tổng cộng", 5, 1.0]
    dung = await _identity(seeded, "B1")
    cell = await _report(seeded, "nam", dung)
    assert cell.ratings is not None and (cell.ratings.rated, cell.ratings.excellent) == (3, 1)
