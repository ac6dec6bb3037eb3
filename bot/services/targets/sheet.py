"""``butpha targets import|export FILE.xlsx``: a year's targets as the spreadsheet the committee
keeps — all rows or nothing on import, every problem listed by row (as the programme import
does), and an export that imports back as it is (a row whose title the year has already
updates that target instead of adding one), with the values recorded on a sheet of their own.

Columns (headers without regard to case or diacritics; English ids too): STT, Lĩnh vực, Chỉ
tiêu, Kế hoạch (``≥ 22``, ``trên 97%``, ``tối đa 2``, ``không``), Đơn vị tính, Phụ trách (a
cell, or a member's code or name; empty: the organisation), Nguồn số liệu (``nhập`` or what the
bot computes), Cộng dồn (có/không), Nhắc cập nhật (hằng tháng, hằng quý, không); the export
adds Thực hiện (the value today), which the import ignores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.model import Member, Unit, UnitKind
from bot.domain.targets.model import (
    Cadence,
    Comparator,
    Owner,
    Section,
    Source,
    Target,
    TargetDraft,
)
from bot.domain.text import fold
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.spreadsheet import (
    DEFAULT_LIMITS,
    ImportLimits,
    ImportRejected,
    Problem,
    map_header,
    read_sheet,
    safe_cell,
)
from bot.services.targets.ports import TargetsUnitOfWork
from bot.services.targets.target_rows import parse_row
from bot.services.targets.values import values

NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
NO_ROWS = N_("The file has no targets: write one row per target under the header.")
BAD_YEAR = N_("{year} is not a year targets can be set for ({first}–{last}).")
FIRST_YEAR, LAST_YEAR = 2000, 2100

COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("STT", "number", "no"),
    "section": ("Lĩnh vực", "section"),
    "title": ("Chỉ tiêu", "title", "target"),
    "planned": ("Kế hoạch", "planned"),
    "unit": ("Đơn vị tính", "Đơn vị", "unit"),
    "owner": ("Phụ trách", "owner"),
    "source": ("Nguồn số liệu", "Nguồn", "source"),
    "accrues": ("Cộng dồn", "accrues"),
    "cadence": ("Nhắc cập nhật", "cadence"),
    "decimals": ("Số lẻ", "Số chữ số thập phân", "Thập phân", "decimals"),
    "actual": ("Thực hiện", "actual"),
}
HEADERS = [names[0] for names in COLUMNS.values()]
REQUIRED = ("title", "planned")
UPDATE_HEADERS = ["STT", "Chỉ tiêu", "Ngày", "Người cập nhật", "Số liệu", "Ghi chú", "Minh chứng"]
SHEETS = ("Chỉ tiêu", "Số liệu")

SECTION_WRITTEN = {
    Section.POLITICS: "chính trị",
    Section.PARTY_BUILDING: "xây dựng Đảng",
    Section.INSPECTION: "kiểm tra, giám sát",
    Section.TRAINING: "đào tạo, bồi dưỡng",
    Section.MASS: "dân vận",
    Section.OTHER: "khác",
}
SOURCE_WRITTEN = {
    Source.ENTERED: "nhập",
    Source.STUDY_PARTY: "học tập đảng viên",
    Source.STUDY_NON_PARTY: "học tập quần chúng",
    Source.TASKS_DONE: "công việc hoàn thành",
    Source.CELLS_INSPECTED: "kiểm tra chi bộ",
    Source.MEMBERS_INSPECTED: "kiểm tra đảng viên",
    Source.CELLS_SUPERVISED: "giám sát chi bộ",
    Source.MEETINGS_AT_BAR: "sinh hoạt đạt yêu cầu",
    Source.RATING_GOOD_OR_BETTER: "xếp loại tốt trở lên",
    Source.RATING_EXCELLENT: "xếp loại xuất sắc",
}
CADENCE_WRITTEN = {
    Cadence.MONTHLY: "hằng tháng",
    Cadence.QUARTERLY: "hằng quý",
    Cadence.NEVER: "không",
}
COMPARATOR_WRITTEN = {
    Comparator.AT_LEAST: "≥ {value}",
    Comparator.MORE_THAN: "trên {value}",
    Comparator.AT_MOST: "tối đa {value}",
    Comparator.ZERO: "không",
}


@dataclass(frozen=True)
class ImportedTargets:
    year: int
    added: int
    updated: int


@dataclass(frozen=True)
class ExportedTargets:
    year: int
    targets: int
    updates: int


def written_value(value: Decimal) -> str:
    """A decimal as the import reads it back: no grouping, a decimal comma (``2,5``)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


class TargetSheetService:
    def __init__(
        self,
        db: Database[TargetsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        limits: ImportLimits = DEFAULT_LIMITS,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self._limits = limits

    async def import_file(self, path: Path, year: int) -> ImportedTargets:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UserError(BAD_YEAR, year=str(year), first=str(FIRST_YEAR), last=str(LAST_YEAR))
        sheet = read_sheet(path, self._limits)
        positions, problems = map_header(sheet.header, COLUMNS, REQUIRED)
        if problems:
            raise ImportRejected(problems)
        rows = [(n, cells) for n, cells in sheet.rows if any(c.strip() for c in cells)]
        if not rows:
            raise UserError(NO_ROWS)
        now = self._clock.now()
        async with self._db.write() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            units = await uow.units.all()
            active = [m for m in await uow.members.all() if m.is_active]
            existing = {fold(t.title): t for t in await uow.targets.of_year(year)}
            drafts: list[tuple[int, TargetDraft]] = []
            seen: dict[str, int] = {}
            for number, cells in rows:
                draft, found = parse_row(number, cells, positions, units, active)
                problems.extend(found)
                index = positions["title"]
                key = fold(cells[index]) if index < len(cells) else ""
                if key and key in seen:
                    problems.append(
                        Problem(
                            number,
                            N_("The target «{title}» is already on row {row}."),
                            {"title": " ".join(cells[index].split()), "row": str(seen[key])},
                        )
                    )
                if key:
                    seen.setdefault(key, number)
                if draft is not None:
                    drafts.append((number, draft))
            if problems:
                raise ImportRejected(sorted(problems, key=lambda p: p.row))
            added = updated = 0
            for _, draft in drafts:
                known = existing.get(fold(draft.title))
                if known is None:
                    await uow.targets.add(year, draft, now, None)
                    added += 1
                else:
                    await uow.targets.replace(known.id, draft)
                    updated += 1
            await uow.audit.record(
                "targets_imported",
                at=now,
                detail={"year": year, "added": added, "updated": updated, "file": path.name},
            )
        return ImportedTargets(year, added, updated)

    async def write(self, path: Path, year: int) -> ExportedTargets:
        today = self._clock.now().astimezone(self._zone).date()
        async with self._db.read() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            targets = await uow.targets.of_year(year)
            units = {u.id: u for u in await uow.units.all()}
            members = {m.id: m for m in await uow.members.all()}
            cells = {t.id: _owning_cell(t, units, members) for t in targets}
            found = await values(
                uow, targets, min(today, _year_end(year)), self._clock.now(), self._zone, cells
            )
            history = {t.id: await uow.targets.updates(t.id, limit=10_000) for t in targets}
        from openpyxl import Workbook  # on first use: ~40 MB the bot need not hold

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = SHEETS[0]
        sheet.append(HEADERS)
        for number, target in enumerate(targets, start=1):
            actual, _ = found[target.id]
            owner = _owner_written(target.owner, root, units, members)
            row: list[object] = [
                number,
                _section_written(target.section),
                target.title,
                COMPARATOR_WRITTEN[target.comparator].format(
                    value=written_value(target.planned)
                    + ("%" if target.unit.strip() == "%" else "")
                ),
                "" if target.unit.strip() == "%" else target.unit,
                owner,
                SOURCE_WRITTEN[target.source],
                "có" if target.accrues else "không",
                CADENCE_WRITTEN[target.cadence],
                "" if target.decimals is None else target.decimals,
                "" if actual is None else written_value(actual.quantize(Decimal("0.01"))),
            ]
            sheet.append([safe_cell(v) for v in row])
        updates = book.create_sheet(SHEETS[1])
        updates.append(UPDATE_HEADERS)
        count = 0
        for number, target in enumerate(targets, start=1):
            for update in reversed(history[target.id]):
                updates.append(
                    [
                        safe_cell(v)
                        for v in (
                            number,
                            target.title,
                            update.at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M"),
                            update.member_name,
                            written_value(update.value),
                            update.note or "",
                            update.file_kind or "",
                        )
                    ]
                )
                count += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        return ExportedTargets(year, len(targets), count)


def _year_end(year: int) -> date:
    return date(year, 12, 31)


def _section_written(section: str) -> str:
    try:
        return SECTION_WRITTEN[Section(section)]
    except ValueError:
        return section


def _owner_written(
    owner: Owner, root: Unit, units: dict[int, Unit], members: dict[int, Member]
) -> str:
    if owner.member_id is not None:
        member = members.get(owner.member_id)
        if member is None:
            return ""
        return member.member_code or member.full_name
    if owner.unit_id is None or owner.unit_id == root.id:
        return ""
    unit = units.get(owner.unit_id)
    return "" if unit is None else unit.name


def _owning_cell(target: Target, units: dict[int, Unit], members: dict[int, Member]) -> int | None:
    """The cell that owns a target (itself, or through a member), else None."""
    owner = target.owner
    if owner.member_id is not None:
        member = members.get(owner.member_id)
        return None if member is None else member.cell_id
    unit = units.get(owner.unit_id) if owner.unit_id is not None else None
    return unit.id if unit is not None and unit.kind is UnitKind.CELL else None
