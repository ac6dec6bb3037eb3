"""One row of the targets spreadsheet read into a draft, with every problem in it by row number:
the words a cell may hold (sources, reminder cadences, yes and no) and the owner it names. Kept
apart from :mod:`bot.services.targets.sheet`, whose import checks the file and stores the rows
and whose export writes them back."""

from __future__ import annotations

from bot.domain.errors import UserError
from bot.domain.model import Member, Unit
from bot.domain.targets.grammar import SOURCE_WORDS, planned, section_of
from bot.domain.targets.model import (
    MAX_DECIMALS,
    Cadence,
    Owner,
    Section,
    Source,
    TargetDraft,
    accrues_by_default,
)
from bot.domain.text import cell_key, fold
from bot.i18n import N_
from bot.services.member_lookup import match_member
from bot.services.spreadsheet import Problem

CADENCE_WORDS = {
    "hang thang": Cadence.MONTHLY,
    "thang": Cadence.MONTHLY,
    "monthly": Cadence.MONTHLY,
    "hang quy": Cadence.QUARTERLY,
    "quy": Cadence.QUARTERLY,
    "quarterly": Cadence.QUARTERLY,
    "khong": Cadence.NEVER,
    "never": Cadence.NEVER,
}
YES = frozenset({"co", "yes", "x", "1", "true"})
NO = frozenset({"khong", "no", "0", "false"})


def parse_row(
    number: int,
    cells: list[str],
    positions: dict[str, int],
    units: list[Unit],
    active: list[Member],
) -> tuple[TargetDraft | None, list[Problem]]:
    def cell(column: str) -> str:
        index = positions.get(column)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    problems: list[Problem] = []
    title = cell("title")
    if not title:
        problems.append(Problem(number, N_("The target's title is empty.")))
    elif len(title) > 200:
        problems.append(Problem(number, N_("The target's title is longer than 200 characters.")))
    read = planned(cell("planned"))
    if read is None:
        problems.append(
            Problem(
                number,
                N_("«{value}» is not a planned value: e.g. «≥ 22», «trên 97%», «không»."),
                {"value": cell("planned")},
            )
        )
    unit = cell("unit") or (read.unit if read is not None else "")
    if len(unit) > 30:
        problems.append(Problem(number, N_("The unit is longer than 30 characters.")))
    section = section_of(cell("section")) if cell("section") else Section.OTHER.value
    source = Source.ENTERED
    if cell("source"):
        found_source = SOURCE_WORDS.get(fold(cell("source")).replace("-", " "))
        if found_source is None:
            problems.append(
                Problem(
                    number,
                    N_("«{value}» is not a source: nhập, or one the bot computes."),
                    {"value": cell("source")},
                )
            )
        else:
            source = found_source
    cadence = Cadence.MONTHLY
    if cell("cadence"):
        found_cadence = CADENCE_WORDS.get(fold(cell("cadence")))
        if found_cadence is None:
            problems.append(
                Problem(
                    number,
                    N_("«{value}» is not a reminder cadence: hằng tháng, hằng quý or không."),
                    {"value": cell("cadence")},
                )
            )
        else:
            cadence = found_cadence
    accrues = accrues_by_default(unit, source)
    if cell("accrues"):
        folded = fold(cell("accrues"))
        if folded in YES | NO:
            accrues = folded in YES
        else:
            problems.append(
                Problem(
                    number,
                    N_("«{value}» is not «có» or «không» (accrues)."),
                    {"value": cell("accrues")},
                )
            )
    decimals: int | None = None
    if cell("decimals"):
        digits = cell("decimals")
        if digits.isdecimal() and int(digits) <= MAX_DECIMALS:
            decimals = int(digits)
        else:
            problems.append(
                Problem(
                    number,
                    N_("«{value}» is not a number of decimals: a whole number from 0 to 4."),
                    {"value": digits},
                )
            )
    owner = Owner()
    written = cell("owner")
    if written:
        wanted = cell_key(written)
        unit_found = next((u for u in units if cell_key(u.name) == wanted), None)
        if unit_found is not None:
            owner = Owner(unit_id=unit_found.id)
        else:
            try:
                owner = Owner(member_id=match_member(active, written).id)
            except UserError as error:
                problems.append(Problem(number, error.message, dict(error.params)))
    if problems or read is None:
        return None, problems
    return TargetDraft(
        title=title,
        planned=read.value,
        comparator=read.comparator,
        unit=unit,
        section=section,
        owner=owner,
        accrues=accrues,
        source=source,
        cadence=cadence,
        decimals=decimals,
    ), problems
