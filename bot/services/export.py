"""Everything the organisation keeps in the bot, as plain tables: its way out.

The same tables go to ``.xlsx`` (one sheet each, each with its header row even when empty) and
``.json`` (one key each); the columns are documented in the README. Times are the
organisation's, with their offset (a 14:00 meeting reads ``…T14:00:00+07:00``), and beside every
member, unit and area id stands its name, so a secretary can read a sheet in Excel. The
``members`` table uses the import's column ids, so an exported file can be imported into another
installation. Every cell of the ``.xlsx`` goes through :func:`safe_cell`: what people typed is
text there, never a formula.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.i18n import N_
from bot.services.dues import export_tables as dues_tables
from bot.services.inspections import export_tables as inspection_tables
from bot.services.ratings import export_tables as rating_tables
from bot.services.spreadsheet import safe_cell
from bot.services.targets import export_tables as target_tables
from bot.services.whole_ports import WholeDatabase

FORMAT_VERSION = 1

Table = list[dict[str, Any]]

# Every table's columns, in order; the README's export table lists the same.
COLUMNS: dict[str, tuple[str, ...]] = {
    "units": ("id", "parent_id", "parent", "kind", "name"),
    "members": (
        "id", "full_name", "cell", "kind", "role", "member_code", "status", "language", "linked",
        "linked_at",
    ),
    "roles": ("member_id", "member_name", "role", "unit"),
    "accounts": ("member_id", "member_name", "channel", "linked_at"),
    "years": ("year", "theme", "opens", "closes", "max_tasks", "approval_required", "areas"),
    "tasks": (
        "id", "year", "owner_member_id", "owner_name", "owner_unit", "cell",
        "responsible_member_id", "responsible_name", "title", "product", "deadline", "area_id",
        "area", "status", "progress",
    ),
    "task_updates": (
        "task_id", "at", "kind", "actor_member_id", "actor_name", "on_behalf", "progress", "text",
        "file_id", "file_kind",
    ),
    "broadcasts": (
        "id", "author_member_id", "author_name", "audience", "audience_cells", "text", "file_id",
        "file_kind", "scheduled_at", "expires_at", "status", "created_at",
    ),
    "group_links": ("cell", "chat_id", "title", "linked_by", "linked_by_name", "linked_at"),
    "meetings": (
        "id", "kind", "title", "starts_at", "ends_at", "units", "attendees", "place",
        "online_link", "agenda", "series_id", "status", "remind",
    ),
    "rsvps": (
        "meeting_id", "member_id", "member_name", "answer", "reason_kind", "reason_text",
        "answered_at",
    ),
    "attendance": (
        "meeting_id", "member_id", "member_name", "status", "marked_by", "marked_by_name", "at",
        "source",
    ),
}  # fmt: skip

# Each feature added since contributes its own tables, read in the same transaction.
CONTRIBUTORS = (target_tables, dues_tables, inspection_tables, rating_tables)
for _contributor in CONTRIBUTORS:
    COLUMNS.update(_contributor.COLUMNS)


class ExportService:
    def __init__(self, db: WholeDatabase, clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def _local(self, moment: datetime | None) -> str:
        """ISO 8601 in the organisation's time, with its offset: what a secretary expects."""
        if moment is None:
            return ""
        return moment.astimezone(self._zone).isoformat(timespec="seconds")

    async def tables(self) -> dict[str, Table]:
        async with self._db.read() as uow:
            units = await uow.units.all()
            members = await uow.members.all()
            grants = await uow.roles.all()
            accounts = await uow.accounts.all()
            tasks = await uow.tasks.all()
            updates = await uow.tasks.all_updates()
            year = await uow.years.current()
            areas = await uow.years.area_names()
            broadcasts = await uow.broadcasts.all()
            group_links = await uow.group_links.all()
            meetings = await uow.meetings.all()
            rsvps = await uow.rsvps.all()
            attendance = await uow.attendance.all()
            names = {u.id: u.name for u in units}
            people = {m.id: m.full_name for m in members}

            def unit(unit_id: int | None) -> str:
                return "" if unit_id is None else names.get(unit_id, "")

            def person(member_id: object) -> str:
                return people.get(member_id, "") if isinstance(member_id, int) else ""

            contributed: dict[str, Table] = {}
            for contributor in CONTRIBUTORS:
                contributed.update(await contributor.tables(uow, person, unit, self._local))
        cell_of = {m.id: names[m.cell_id] for m in members}
        linked = {a.member_id: a for a in accounts}

        tables: dict[str, Table] = {
            "units": [
                {
                    "id": u.id,
                    "parent_id": u.parent_id,
                    "parent": unit(u.parent_id),
                    "kind": u.kind.value,
                    "name": u.name,
                }
                for u in units
            ],
            "members": [
                {
                    "id": m.id,
                    "full_name": m.full_name,
                    "cell": names[m.cell_id],
                    "kind": m.kind.value,
                    # The title as written on import reads better and maps back to the same roles.
                    "role": m.title
                    or ", ".join(sorted(g.role.value for g in grants.get(m.id, frozenset()))),
                    "member_code": m.member_code or "",
                    "status": m.status.value,
                    "language": m.language or "",
                    "linked": m.id in linked,
                    "linked_at": self._local(linked[m.id].linked_at) if m.id in linked else "",
                }
                for m in members
            ],
            "roles": [
                {
                    "member_id": member_id,
                    "member_name": person(member_id),
                    "role": g.role.value,
                    "unit": names[g.unit_id],
                }
                for member_id, member_grants in sorted(grants.items())
                for g in sorted(member_grants, key=lambda g: (g.role.value, g.unit_id))
            ],
            "accounts": [
                {
                    "member_id": a.member_id,
                    "member_name": person(a.member_id),
                    "channel": a.channel.value,
                    "linked_at": self._local(a.linked_at),
                }
                for a in accounts
            ],
            "years": []
            if year is None
            else [
                {
                    "year": year.year,
                    "theme": year.theme,
                    "opens": year.opens.isoformat(),
                    "closes": year.closes.isoformat(),
                    "max_tasks": year.max_tasks,
                    "approval_required": year.approval_required,
                    "areas": "; ".join(a.name for a in year.areas),
                }
            ],
            "tasks": [
                {
                    "id": t.id,
                    "year": t.year,
                    "owner_member_id": t.owner_member_id,
                    "owner_name": person(t.owner_member_id),
                    "owner_unit": unit(t.owner_unit_id),
                    # The owner's cell for a personal task, the owning unit for a collective one.
                    "cell": unit(t.owner_unit_id)
                    if t.owner_unit_id is not None
                    else cell_of.get(t.owner_member_id or 0, ""),
                    "responsible_member_id": t.responsible_member_id,
                    "responsible_name": person(t.responsible_member_id),
                    "title": t.title,
                    "product": t.product,
                    "deadline": t.deadline.isoformat(),
                    "area_id": t.area_id,
                    "area": "" if t.area_id is None else areas.get(t.area_id, ""),
                    "status": t.status.value,
                    "progress": t.progress,
                }
                for t in tasks
            ],
            "task_updates": [
                {
                    "task_id": u.task_id,
                    "at": self._local(u.at),
                    "kind": u.kind.value,
                    "actor_member_id": u.actor_member_id,
                    "actor_name": person(u.actor_member_id),
                    "on_behalf": u.on_behalf,
                    "progress": u.progress,
                    "text": u.text or "",
                    "file_id": u.file_id or "",
                    "file_kind": u.file_kind or "",
                }
                for u in updates
            ],
            "broadcasts": [
                {
                    "id": b.id,
                    "author_member_id": b.author_member_id,
                    "author_name": person(b.author_member_id),
                    "audience": b.audience.to_json(),
                    "audience_cells": ""
                    if b.audience.cell_ids is None
                    else "; ".join(sorted(unit(c) for c in b.audience.cell_ids)),
                    "text": b.text,
                    "file_id": b.file_id or "",
                    "file_kind": b.file_kind.value if b.file_kind else "",
                    "scheduled_at": self._local(b.scheduled_at),
                    "expires_at": self._local(b.expires_at),
                    "status": b.status.value,
                    "created_at": self._local(b.created_at),
                }
                for b in broadcasts
            ],
            "group_links": [
                {
                    "cell": g.cell_name,
                    "chat_id": str(g.chat_id),  # text, as it is stored and was always exported
                    "title": g.title or "",
                    "linked_by": g.linked_by,
                    "linked_by_name": person(g.linked_by),
                    "linked_at": self._local(g.linked_at),
                }
                for g in group_links
            ],
            "meetings": [
                {
                    "id": m.id,
                    "kind": m.kind.value,
                    "title": m.title,
                    "starts_at": self._local(m.starts_at),
                    "ends_at": self._local(m.ends_at),
                    "units": "; ".join(sorted(unit(u) for u in m.unit_ids)),
                    "attendees": m.attendees.value,
                    "place": m.place or "",
                    "online_link": m.online_link or "",
                    "agenda": m.agenda or "",
                    "series_id": m.series_id,
                    "status": m.status.value,
                    "remind": ",".join(
                        str(int(r.total_seconds()) // 60) + "m" for r in sorted(m.remind)
                    ),
                }
                for m in meetings
            ],
            "rsvps": [
                {
                    "meeting_id": r.meeting_id,
                    "member_id": r.member_id,
                    "member_name": person(r.member_id),
                    "answer": r.answer.value,
                    "reason_kind": r.reason_kind.value if r.reason_kind else "",
                    "reason_text": r.reason_text or "",
                    "answered_at": self._local(r.answered_at),
                }
                for r in rsvps
            ],
        }
        if attendance is not None:  # a database from before the attendance feature has none
            tables["attendance"] = [
                {
                    "meeting_id": a.meeting_id,
                    "member_id": a.member_id,
                    "member_name": person(a.member_id),
                    "status": a.status.value,
                    "marked_by": a.marked_by,
                    "marked_by_name": person(a.marked_by),
                    "at": self._local(a.at),
                    "source": a.source.value,
                }
                for a in attendance
            ]
        tables.update(contributed)
        return tables

    async def write(self, path: Path) -> dict[str, int]:
        """Write the export; returns the number of rows per table."""
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".json"):
            raise UserError(
                N_("Unsupported file type {suffix}: use .xlsx or .json."), suffix=suffix
            )
        tables = await self.tables()
        path.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".json":
            document = {
                "format_version": FORMAT_VERSION,
                "exported_at": self._local(self._clock.now()),
                **tables,
            }
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            _write_xlsx(path, tables)
        return {name: len(rows) for name, rows in tables.items()}


def _write_xlsx(path: Path, tables: dict[str, Table]) -> None:
    from openpyxl import Workbook  # on first use: ~40 MB the bot need not hold

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        columns = COLUMNS[name]
        sheet.append(columns)  # the header, even with no rows: the sheet says what it holds
        for row in rows:
            sheet.append([_cell(row[c]) for c in columns])
        sheet.freeze_panes = "A2"
    workbook.save(path)


def _cell(value: Any) -> Any:
    # Spreadsheets show booleans as TRUE/FALSE; a word reads better and imports back.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return safe_cell(value)
