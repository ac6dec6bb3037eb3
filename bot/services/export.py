"""Everything the organisation keeps in the bot, as plain tables: its way out.

The same tables go to ``.xlsx`` (one sheet each) and ``.json`` (one key each); the column names
are documented in the README. The ``members`` table uses the import's column ids, so an exported
file can be imported into another installation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.spreadsheet import safe_cell

FORMAT_VERSION = 1

Table = list[dict[str, Any]]


class ExportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def tables(self) -> dict[str, Table]:
        async with self._db.read() as uow:
            units = await uow.units.all()
            members = await uow.members.all()
            grants = await uow.roles.all()
            accounts = await uow.accounts.all()
            tasks = await uow.tasks.all()
            updates = await uow.tasks.all_updates()
            year = await uow.years.current()
            broadcasts = await uow.broadcasts.all()
            group_links = await uow.broadcasts.all_groups()
            meetings = await uow.meetings.all()
            rsvps = await uow.rsvps.all()
            attendance = await uow.rsvps.attendance_rows()
        names = {u.id: u.name for u in units}
        linked = {a.member_id: a for a in accounts}
        return {
            "units": [
                {"id": u.id, "parent_id": u.parent_id, "kind": u.kind.value, "name": u.name}
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
                    "linked_at": linked[m.id].linked_at.isoformat() if m.id in linked else "",
                }
                for m in members
            ],
            "roles": [
                {"member_id": member_id, "role": g.role.value, "unit": names[g.unit_id]}
                for member_id, member_grants in sorted(grants.items())
                for g in sorted(member_grants, key=lambda g: (g.role.value, g.unit_id))
            ],
            "accounts": [
                {
                    "member_id": a.member_id,
                    "channel": a.channel.value,
                    "linked_at": a.linked_at.isoformat(),
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
                    "owner_unit": names.get(t.owner_unit_id, "") if t.owner_unit_id else "",
                    "responsible_member_id": t.responsible_member_id,
                    "title": t.title,
                    "product": t.product,
                    "deadline": t.deadline.isoformat(),
                    "area_id": t.area_id,
                    "status": t.status.value,
                    "progress": t.progress,
                }
                for t in tasks
            ],
            "task_updates": [
                {
                    "task_id": u.task_id,
                    "at": u.at.isoformat(),
                    "kind": u.kind.value,
                    "actor_member_id": u.actor_member_id,
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
                    "audience": b.audience.to_json(),
                    "text": b.text,
                    "file_id": b.file_id or "",
                    "file_kind": b.file_kind.value if b.file_kind else "",
                    "scheduled_at": b.scheduled_at.isoformat(),
                    "expires_at": b.expires_at.isoformat() if b.expires_at else "",
                    "status": b.status.value,
                    "created_at": b.created_at.isoformat(),
                }
                for b in broadcasts
            ],
            "group_links": group_links,
            "meetings": [
                {
                    "id": m.id,
                    "kind": m.kind.value,
                    "title": m.title,
                    "starts_at": m.starts_at.isoformat(),
                    "ends_at": m.ends_at.isoformat(),
                    "units": "; ".join(sorted(names.get(u, "") for u in m.unit_ids)),
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
                    "answer": r.answer.value,
                    "reason_kind": r.reason_kind.value if r.reason_kind else "",
                    "reason_text": r.reason_text or "",
                    "answered_at": r.answered_at.isoformat(),
                }
                for r in rsvps
            ],
            # Only where the attendance feature's table exists; its columns as stored.
            **({} if attendance is None else {"attendance": attendance}),
        }

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
                "exported_at": self._clock.now().isoformat(),
                **tables,
            }
            path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            _write_xlsx(path, tables)
        return {name: len(rows) for name, rows in tables.items()}


def _write_xlsx(path: Path, tables: dict[str, Table]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, rows in tables.items():
        sheet = workbook.create_sheet(name)
        columns = list(rows[0]) if rows else []
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row[c]) for c in columns])
    workbook.save(path)


def _cell(value: Any) -> Any:
    # Spreadsheets show booleans as TRUE/FALSE; a word reads better and imports back.
    if isinstance(value, bool):
        return "yes" if value else "no"
    return safe_cell(value)
