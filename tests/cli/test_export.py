"""``butpha export`` and the invite CSV as a secretary opens them in Excel: text that looks like
a formula stays text, and an exported member sheet imports back unchanged."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.clock import FixedClock
from bot.domain.dues.model import DuesRecord, DuesState
from bot.domain.inspections.model import ItemKind, TargetKind
from bot.domain.inspections.model import Target as InspectionTarget
from bot.domain.inspections.records import ItemDraft, Review
from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.domain.model import Channel
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import SelfReview
from bot.domain.rsvps import AbsenceReason
from bot.domain.targets.model import TargetDraft
from bot.domain.tasks import TaskDraft
from bot.services.container import Services
from storage.database import SqliteDatabase
from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

README = Path(__file__).resolve().parents[2] / "README.md"

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x=1";"Bấm vào đây")',
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
]


def _names(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [name for (name,) in conn.execute("SELECT full_name FROM members ORDER BY id")]


def test_formula_like_names_are_written_as_text_and_import_back(tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    assert butpha(org, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    rows = MEMBERS + [
        [name, "Liên khoa", "Quần chúng", "", f"X{n}"] for n, name in enumerate(ATTACKS)
    ]
    imported = butpha(org, "import-members", str(write_csv(org / "m.csv", rows)))
    assert imported.returncode == 0, imported.stderr
    assert _names(org / "org.sqlite3")[6:] == ATTACKS

    invited = butpha(org, "invite", "--cell", "Liên khoa", "--out", "moi.csv")
    assert invited.returncode == 0, invited.stderr
    with (org / "moi.csv").open(encoding="utf-8-sig") as handle:
        names = [row["full_name"] for row in csv.DictReader(handle)]
    assert ["'" + attack in names for attack in ATTACKS] == [True] * 4
    assert not [name for name in names if name.startswith(("=", "+", "-", "@"))]

    exported = butpha(org, "export", "--out", "all.xlsx")
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(org / "all.xlsx")  # formulas would come back as formulas
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    members = [list(r) for r in book["members"].iter_rows(values_only=True)]
    assert [r[1] for r in members[7:]] == ["'" + attack for attack in ATTACKS]

    # The member sheet, as it is, into another installation: the names come back without the
    # apostrophe that kept them from running.
    other = tmp_path / "other"
    other.mkdir()
    assert butpha(other, "init", "--org", "Đảng bộ mới").returncode == 0
    sheet_only = Workbook()
    ws = sheet_only.active
    assert ws is not None
    for row in members:
        ws.append(row)
    sheet_only.save(other / "members.xlsx")
    again = butpha(other, "import-members", "members.xlsx", language="en")
    assert again.returncode == 0, again.stderr
    assert "10 created" in again.stdout
    assert _names(other / "org.sqlite3") == _names(org / "org.sqlite3")


async def _a_year_of_activity(database: Path) -> None:
    """Bình registers a task in an area, answers a 14:00 meeting and checks in to it."""
    db = await SqliteDatabase.open(database)
    try:
        clock = FixedClock(datetime(2099, 3, 2, 8, 0, tzinfo=UTC))  # 15:00 in Hanoi
        services = Services.build(db, clock, invite_ttl_days=30, default_language="vi")
        await services.years.set_year(
            None, year=2099, theme="Bứt phá về đích", opens=date(2099, 1, 1),
            closes=date(2099, 12, 31), max_tasks=5, approval_required=False,
            areas=["Chuyển đổi số", "Giảng dạy"],
        )  # fmt: skip
        year = await services.years.current()
        assert year is not None
        [issued] = await services.invites.issue_for_command_line(member_code="A2")
        joined = await services.membership.join(Channel.TELEGRAM, "7", "7", issued.code)
        who = joined.identity
        assert who is not None
        draft = TaskDraft("Viết giáo trình", "01 giáo trình", date(2099, 11, 30), year.areas[0].id)
        await services.tasks.register(who, draft)
        created = await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING, title="Sinh hoạt chi bộ",
                starts=datetime(2099, 3, 5, 14, 0), cells=("Phòng Đào tạo",),
            ),
        )  # fmt: skip
        [meeting_id] = created.meeting_ids
        await services.reminders.answer(who, meeting_id, False, AbsenceReason.BUSINESS_TRIP)
        clock.advance(days=3, hours=-1, minutes=-10)  # 13:50 on the day, in Hanoi
        await services.attendance.check_in(who, meeting_id)
    finally:
        await db.close()


def _readme_columns() -> dict[str, str]:
    """The README's export table: table name -> its row."""
    section = README.read_text(encoding="utf-8").split("## The export", 1)[1].split("\n## ", 1)[0]
    return {
        m[1]: line for line in section.splitlines() if (m := re.match(r"\| `([a-z_]+)` \|", line))
    }


async def test_export_reads_in_local_time_with_names_and_every_header(tmp_path: Path) -> None:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    imported = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert imported.returncode == 0, imported.stderr
    await _a_year_of_activity(tmp_path / "org.sqlite3")

    assert butpha(tmp_path, "export", "--out", "all.json").returncode == 0
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert document["exported_at"].endswith("+07:00")
    [meeting] = document["meetings"]
    assert (meeting["starts_at"], meeting["ends_at"], meeting["units"]) == (
        "2099-03-05T14:00:00+07:00",
        "2099-03-05T16:00:00+07:00",
        "Phòng Đào tạo",
    )
    [account] = document["accounts"]
    assert account == {
        "member_id": 2,
        "member_name": "Trần Thị Bình",
        "channel": "telegram",
        "linked_at": "2099-03-02T15:00:00+07:00",
    }
    assert document["members"][1]["linked_at"] == "2099-03-02T15:00:00+07:00"
    [task] = document["tasks"]
    assert {k: task[k] for k in ("owner_member_id", "owner_name", "cell", "area")} == {
        "owner_member_id": 2,
        "owner_name": "Trần Thị Bình",
        "cell": "Phòng Đào tạo",
        "area": "Chuyển đổi số",
    }
    [update] = document["task_updates"]
    assert (update["at"], update["actor_name"]) == ("2099-03-02T15:00:00+07:00", "Trần Thị Bình")
    [rsvp] = document["rsvps"]
    assert (rsvp["member_name"], rsvp["reason_kind"], rsvp["answered_at"]) == (
        "Trần Thị Bình",
        "cong_tac",
        "2099-03-02T15:00:00+07:00",
    )
    [present] = document["attendance"]
    assert (present["member_name"], present["at"]) == ("Trần Thị Bình", "2099-03-05T13:50:00+07:00")
    assert {(r["member_name"], r["role"], r["unit"]) for r in document["roles"]} >= {
        ("Nguyễn Văn An", "cell_secretary", "Phòng Đào tạo"),
        ("Võ Thị Giang", "committee", "Đảng bộ Trường Chính trị"),
    }
    assert [u["parent"] for u in document["units"]] == ["", *["Đảng bộ Trường Chính trị"] * 2]

    assert butpha(tmp_path, "export", "--out", "all.xlsx").returncode == 0
    book = load_workbook(tmp_path / "all.xlsx", read_only=True)
    sheets = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    book.close()
    # Empty tables still say what they would hold; every sheet as the README documents it.
    assert sheets["broadcasts"][0][:3] == ["id", "author_member_id", "author_name"]
    assert len(sheets["broadcasts"]) == len(sheets["group_links"]) == 1
    documented = _readme_columns()
    assert set(documented) == set(sheets)
    for name, rows in sheets.items():
        assert [c for c in rows[0] if f"`{c}`" not in documented[name]] == [], name
        assert all(list(row) == list(rows[0]) for row in document[name][:1]), name
    meetings = sheets["meetings"]
    assert meetings[1][meetings[0].index("starts_at")] == "2099-03-05T14:00:00+07:00"
    tasks = sheets["tasks"]
    assert dict(zip(tasks[0], tasks[1], strict=True))["owner_name"] == "Trần Thị Bình"


CONCLUSION = "Kết luận: đồng chí Bình còn chậm nộp báo cáo"


async def _the_features_added_since(database: Path) -> None:
    """A target with a value, a month of dues paid, an inspection item with a step, a
    remediation action and a conclusion, and a self-review in a rating cycle."""
    db = await SqliteDatabase.open(database)
    try:
        at = datetime(2099, 3, 2, 8, 0, tzinfo=UTC)  # 15:00 in Hanoi
        async with db.write() as uow:
            binh = await uow.members.by_code("A2")
            an = await uow.members.by_code("A1")
            assert binh is not None and an is not None
            target_id = await uow.targets.add(
                2099, TargetDraft("Tỷ lệ đảng viên học tập", Decimal("95"), unit="%"), at, an.id
            )
            await uow.targets.record(target_id, at, binh.id, Decimal("97.5"), "Đạt", None, None)
            await uow.dues.save(
                DuesRecord(binh.id, 2099, 2, DuesState.PAID, recorded_by=an.id, recorded_at=at)
            )
            programme_id = await uow.inspections.create_programme(2099, 1, at)
            [item_id] = await uow.inspections.add_items(
                programme_id,
                [
                    ItemDraft(
                        ItemKind.INSPECTION, "Kiểm tra việc chấp hành Điều lệ",
                        InspectionTarget(TargetKind.MEMBER, binh.id, binh.cell_id), 4,
                        lead_id=an.id,
                    )
                ],
                Review.ACCEPTED,
                at,
            )  # fmt: skip
            await uow.inspections.add_event(item_id, at, an.id, "decided", "QĐ 12")
            await uow.inspections.add_action(
                item_id, "Nộp báo cáo đúng hạn", binh.id, date(2099, 5, 1), at
            )
            await uow.inspections.update_item(item_id, {"conclusion": CONCLUSION})
            cycle_id = await uow.ratings.open_cycle(
                year=2099, quarter=None, self_review_due=date(2099, 12, 10),
                cells_by=date(2099, 12, 20), decision_by=date(2099, 12, 28), at=at, by=None,
            )  # fmt: skip
            await uow.ratings.add_entries(cycle_id, [(binh.id, binh.cell_id)])
            review = SelfReview(
                {"strengths": "Hoàn thành tốt giáo trình"}, None, None, Level.GOOD, 80, at
            )
            await uow.ratings.save_review(cycle_id, binh.id, review, Channel.TELEGRAM)
    finally:
        await db.close()


async def test_export_covers_targets_dues_inspections_and_ratings(tmp_path: Path) -> None:
    assert butpha(tmp_path, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    imported = butpha(tmp_path, "import-members", str(write_csv(tmp_path / "m.csv", MEMBERS)))
    assert imported.returncode == 0, imported.stderr
    assert butpha(tmp_path, "export", "--out", "empty.xlsx").returncode == 0
    book = load_workbook(tmp_path / "empty.xlsx", read_only=True)
    empty = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    book.close()
    new = ("targets", "target_updates", "dues", "inspection_items", "inspection_steps",
           "remediation_actions", "rating_cycles", "ratings", "cell_reviews")  # fmt: skip
    for name in new:  # the header, even with no rows
        assert len(empty[name]) == 1 and empty[name][0][0], name
    assert empty["dues"][0][:2] == ["member_id", "member_name"]

    await _the_features_added_since(tmp_path / "org.sqlite3")
    assert butpha(tmp_path, "export", "--out", "all.json").returncode == 0
    text = (tmp_path / "all.json").read_text(encoding="utf-8")
    assert CONCLUSION not in text
    document = json.loads(text)
    [target] = document["targets"]
    assert (target["title"], target["planned"], target["unit"]) == (
        "Tỷ lệ đảng viên học tập", "95", "%",
    )  # fmt: skip
    [update] = document["target_updates"]
    assert (update["member_name"], update["value"], update["note"], update["at"]) == (
        "Trần Thị Bình", "97.5", "Đạt", "2099-03-02T15:00:00+07:00",
    )  # fmt: skip
    [dues] = document["dues"]
    assert (dues["member_name"], dues["month"], dues["state"], dues["recorded_by_name"]) == (
        "Trần Thị Bình", 2, "paid", "Nguyễn Văn An",
    )  # fmt: skip
    [item] = document["inspection_items"]
    assert (item["target"], item["target_cell"], item["lead_name"], item["kind"]) == (
        "Trần Thị Bình", "Phòng Đào tạo", "Nguyễn Văn An", "inspection",
    )  # fmt: skip
    assert item["content"] == "Kiểm tra việc chấp hành Điều lệ"
    assert [(s["step"], s["member_name"], s["at"]) for s in document["inspection_steps"]] == [
        ("decided", "Nguyễn Văn An", "2099-03-02T15:00:00+07:00")
    ]
    [action] = document["remediation_actions"]
    assert (action["owner_name"], action["due"], action["item_id"]) == (
        "Trần Thị Bình", "2099-05-01", item["id"],
    )  # fmt: skip
    [cycle] = document["rating_cycles"]
    assert (cycle["year"], cycle["opened_at"]) == (2099, "2099-03-02T15:00:00+07:00")
    [rating] = document["ratings"]
    assert (rating["member_name"], rating["cell"], rating["self_level"], rating["state"]) == (
        "Trần Thị Bình", "Phòng Đào tạo", "good", "submitted",
    )  # fmt: skip
    assert "Hoàn thành tốt giáo trình" in rating["self_review"]

    assert butpha(tmp_path, "export", "--out", "all.xlsx").returncode == 0
    book = load_workbook(tmp_path / "all.xlsx", read_only=True)
    sheets = {s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}
    book.close()
    assert not [
        name
        for name, rows in sheets.items()
        for row in rows
        if any(CONCLUSION in str(cell) for cell in row)
    ]
    for name in new:
        assert sheets[name][0] == empty[name][0], name
        assert all(list(row) == sheets[name][0] for row in document[name][:1]), name
    items = sheets["inspection_items"]
    assert dict(zip(items[0], items[1], strict=True))["target"] == "Trần Thị Bình"
