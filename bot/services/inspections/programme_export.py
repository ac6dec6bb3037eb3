"""``butpha oversight export FILE.xlsx``: the organisation's programme of a year as it is
written (the first sheet, in the import's columns, so the file imports back), each item's
steps with their dates and who took them, and the remediation actions, on sheets of their
own. Conclusions and self-reports stay in the bot and the paper file: they are about people
(INSPECTIONS.md). Every cell goes through :func:`safe_cell`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.errors import UserError
from bot.domain.inspections.model import TargetKind
from bot.domain.inspections.records import Event, Item, RemediationAction, Review
from bot.domain.model import Member
from bot.domain.text import fold
from bot.i18n import N_
from bot.services.inspections import programme_columns as cols
from bot.services.inspections.ports import InspectionsUnitOfWork
from bot.services.ports import Database
from bot.services.spreadsheet import safe_cell

NO_PROGRAMME = N_("There is no programme of inspection and supervision for {year}.")
NO_ORGANISATION = N_('The organisation does not exist yet: run "butpha init" first.')
PROGRAMME_COLUMNS = (
    "number", "kind", "content", "target", "period", "month", "people", "method", "notes",
    "state", "self_report_due",
)  # fmt: skip


@dataclass(frozen=True)
class ExportedProgramme:
    items: int
    steps: int
    actions: int
    adopted: bool


class ProgrammeExportService:
    def __init__(self, db: Database[InspectionsUnitOfWork], clock: Clock, zone: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone

    def _local(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        return moment.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")

    async def write(self, path: Path, year: int) -> ExportedProgramme:
        async with self._db.read() as uow:
            root = await uow.units.root()
            if root is None:
                raise UserError(NO_ORGANISATION)
            programme = await uow.inspections.programme(year, root.id)
            if programme is None:
                raise UserError(NO_PROGRAMME, year=str(year))
            items = [
                i
                for i in await uow.inspections.items(programme.id)
                if i.review is not Review.DROPPED
            ]
            events = {i.id: await uow.inspections.events(i.id) for i in items}
            actions = {i.id: await uow.inspections.actions(i.id) for i in items}
            members = await uow.members.all()
            units = {u.id: u.name for u in await uow.units.all()}
        naming = _Naming(members)
        from openpyxl import Workbook  # on first use: ~40 MB the bot need not hold

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = cols.SHEET_NAMES_VI[0]
        sheet.append([cols.HEADERS_VI[c] for c in PROGRAMME_COLUMNS])
        for number, item in enumerate(items, start=1):
            sheet.append([safe_cell(v) for v in self._item_row(number, item, naming, units)])
        steps = workbook.create_sheet(cols.SHEET_NAMES_VI[1])
        steps.append(list(cols.STEP_HEADERS_VI))
        step_count = 0
        for number, item in enumerate(items, start=1):
            for event in events[item.id]:
                steps.append([safe_cell(v) for v in self._event_row(number, item, event, naming)])
                step_count += 1
        remediation = workbook.create_sheet(cols.SHEET_NAMES_VI[2])
        remediation.append(list(cols.REMEDIATION_HEADERS_VI))
        action_count = 0
        for number, item in enumerate(items, start=1):
            for action in actions[item.id]:
                remediation.append(
                    [safe_cell(v) for v in self._action_row(number, item, action, naming)]
                )
                action_count += 1
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
        return ExportedProgramme(len(items), step_count, action_count, programme.adopted)

    def _item_row(
        self, number: int, item: Item, naming: _Naming, units: dict[int, str]
    ) -> list[object]:
        if item.target.kind is TargetKind.CELL:
            target = f"Chi bộ {units.get(item.target.id, '')}"
        else:
            target = naming.written(item.target.id)
        people = [naming.written(item.lead_id) + cols.LEAD_SUFFIX_VI] if item.lead_id else []
        people += [naming.written(m) for m in item.team_ids]
        due: date | None = item.self_report_due
        return [
            number,
            cols.KIND_LABELS_VI[item.kind],
            item.content,
            target,
            item.period,
            cols.month_label_vi(item.month),
            ", ".join(people),
            item.method,
            item.decision_ref,
            cols.STATE_LABELS_VI[item.state.value],
            "" if due is None else due.strftime("%d/%m/%Y"),
        ]

    def _event_row(self, number: int, item: Item, event: Event, naming: _Naming) -> list[object]:
        label = cols.STATE_LABELS_VI.get(event.event) or cols.CHANGE_LABELS_VI.get(
            event.event, event.event
        )
        who = cols.OPERATOR_VI if event.member_id is None else naming.name(event.member_id)
        return [number, item.content, self._local(event.at), who, label, event.detail]

    def _action_row(
        self, number: int, item: Item, action: RemediationAction, naming: _Naming
    ) -> list[object]:
        return [
            number,
            item.content,
            action.action,
            naming.name(action.owner_id),
            action.due.strftime("%d/%m/%Y"),
            self._local(action.done_at),
            action.done_note or "",
            self._local(action.verified_at),
            "" if action.verified_by is None else naming.name(action.verified_by),
        ]


class _Naming:
    """A member as the sheet writes them: their name, or their code when another active
    member has the same name (so the file imports back to the same people)."""

    def __init__(self, members: list[Member]) -> None:
        self._by_id = {m.id: m for m in members}
        self._names = Counter(fold(m.full_name) for m in members if m.is_active)

    def name(self, member_id: int) -> str:
        member = self._by_id.get(member_id)
        return "" if member is None else member.full_name

    def written(self, member_id: int | None) -> str:
        member = None if member_id is None else self._by_id.get(member_id)
        if member is None:
            return ""
        if self._names[fold(member.full_name)] > 1 and member.member_code:
            return member.member_code
        return member.full_name
