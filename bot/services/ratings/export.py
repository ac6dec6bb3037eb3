"""``butpha rating export FILE.xlsx``: the cycle's table by cell — each member's self-assessed
level and score, the cell's proposal with its votes, the committee's decision and its reason,
or why the member is not rated — and a sheet per cell's collective review. The self-review's
text stays in the bot. Every cell goes through :func:`safe_cell`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.domain.errors import UserError
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import Entry
from bot.services.ports import Database
from bot.services.ratings.cycles import NO_CYCLE
from bot.services.ratings.ports import RatingsUnitOfWork
from bot.services.spreadsheet import safe_cell

# Short forms, as the report writes the levels.
SHORT = {
    Level.EXCELLENT: "HTXSNV",
    Level.GOOD: "HTTNV",
    Level.COMPLETE: "HTNV",
    Level.NOT_COMPLETE: "KHTNV",
}
COLUMNS = (
    "cell", "member", "member_code", "not_rated", "sick_leave", "self_level", "self_score",
    "submitted", "proposed", "votes", "decided", "reason",
)  # fmt: skip


@dataclass(frozen=True)
class ExportedRatings:
    members: int
    cells: int


def _short(level: Level | None) -> str:
    return "" if level is None else SHORT[level]


class RatingExportService:
    def __init__(self, db: Database[RatingsUnitOfWork]) -> None:
        self._db = db

    async def write(self, path: Path) -> ExportedRatings:
        async with self._db.read() as uow:
            cycle = await uow.ratings.latest()
            if cycle is None:
                raise UserError(NO_CYCLE)
            entries = await uow.ratings.entries(cycle.id)
            reviews = await uow.ratings.cell_reviews(cycle.id)
            units = {u.id: u.name for u in await uow.units.all()}
            codes = {m.id: m.member_code or "" for m in await uow.members.all()}
        from openpyxl import Workbook  # on first use: ~40 MB the bot need not hold

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "ratings"
        sheet.append(list(COLUMNS))
        for entry in sorted(entries, key=lambda e: (units.get(e.cell_id, ""), e.full_name)):
            sheet.append([safe_cell(v) for v in self._row(entry, units, codes)])
        cells = book.create_sheet("cells")
        cells.append(["cell", "level", "note", "sent"])
        for cell_id, review in sorted(reviews.items(), key=lambda r: units.get(r[0], "")):
            cells.append(
                [
                    safe_cell(units.get(cell_id, "")),
                    _short(review.level),
                    safe_cell(review.note),
                    "" if review.submitted_at is None else review.submitted_at.isoformat(),
                ]
            )
        book.save(path)
        return ExportedRatings(len(entries), len({e.cell_id for e in entries}))

    def _row(self, entry: Entry, units: dict[int, str], codes: dict[int, str]) -> list[object]:
        review = entry.review
        votes = (
            ""
            if entry.votes_for is None or entry.votes_total is None
            else f"{entry.votes_for}/{entry.votes_total}"
        )
        return [
            units.get(entry.cell_id, ""),
            entry.full_name,
            codes.get(entry.member_id, ""),
            "" if entry.not_rated is None else f"{entry.not_rated.value}: {entry.not_rated_note}",
            "x" if entry.sick_leave else "",
            "" if review is None else _short(review.level),
            "" if review is None or review.score is None else review.score,
            "" if review is None else ("file" if review.file_id else "answers"),
            _short(entry.proposed),
            votes,
            _short(entry.decided),
            entry.decision_reason,
        ]
