"""The committee's overview as text: the organisation's total and the study figures, one line
per cell, then the committee's own work items, and how long a cell's line can get (what
:mod:`handlers.tasks.overview_pages` plans its pages on). Separate from ``progress_render``,
which draws a member's, a cell's and the overdue views, because the overview is its own screen.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date

from bot import formatting
from bot.domain.reports import CellProgress, Headcount
from bot.domain.study_figures import Share, StudyFigures
from bot.domain.tasks import Area, Task, TaskStatus
from bot.i18n import Translator
from bot.services.tasks.report_summaries import OrganisationSummary
from handlers.kit.pages import utf16_len
from handlers.tasks.progress_render import registration_figures, task_line


def cell_line(progress: CellProgress, t: Translator) -> str:
    """``Phòng Đào tạo: đảng viên 12/14 (85,71%) · quần chúng 1/2 (50%) · 20 việc · 5 xong ·
    1 quá hạn``."""
    return t(
        "{cell}: {figures} · tasks {tasks} · done {done} · overdue {overdue}",
        cell=html.escape(progress.cell_name),
        figures=registration_figures(progress, t),
        tasks=progress.tasks,
        done=progress.finished,
        overdue=progress.overdue,
    )


def _by_area(items: Sequence[Task], areas: Sequence[Area]) -> list[tuple[str | None, list[Task]]]:
    names = {a.id: a.name for a in areas}
    groups: dict[str | None, list[Task]] = {}
    for item in items:
        groups.setdefault(names.get(item.area_id) if item.area_id else None, []).append(item)
    order = [a.name for a in areas] + [None]
    return [(name, groups[name]) for name in order if name in groups]


def _share(share: Share, met: bool, t: Translator) -> dict[str, object]:
    return {
        "attended": share.attended,
        "expected": share.expected,
        "percent": formatting.percent(share.attended, share.expected, t.language),
        "verdict": t("met") if met else t("not met"),
    }


def study_block(study: StudyFigures, t: Translator) -> str:
    """The year's study participation against the targets, party and non-party apart."""
    heading = t("<b>Study of resolutions and thematic sessions</b>")
    if not study.sessions:
        return heading + ": " + t("no session has ended this year yet.")
    lines = [heading + " " + t("({count} sessions held):", count=study.sessions)]
    lines.append(
        "• "
        + t(
            "party members {attended}/{expected} attendances ({percent}) — target 100%, {verdict}",
            **_share(study.party, study.party_meets_target, t),
        )
    )
    if study.non_party.expected:
        lines.append(
            "• "
            + t(
                "non-party staff {attended}/{expected} attendances ({percent}) — target over 97%,"
                " {verdict}",
                **_share(study.non_party, study.non_party_meets_target, t),
            )
        )
    else:
        lines.append("• " + t("non-party staff: no session for everyone has ended yet."))
    return "\n".join(lines)


def organisation_heading(
    year: int, whole: CellProgress, study: StudyFigures | None, t: Translator
) -> str:
    """The committee's first page begins with the organisation's total and the study figures
    (ending on the blank line before the cells)."""
    blocks = [
        t("<b>Progress of the whole organisation in {year}</b>", year=year),
        t(
            "Registered / active: party members, non-party staff (%) · tasks · done · overdue. "
            "Send /tiendo and a cell's name for its details."
        ),
        "",
        f"<b>{cell_line(whole, t)}</b>",
        "",
    ]
    if study is not None:
        blocks += [study_block(study, t), ""]
    return "\n".join(blocks)


# Room for :func:`organisation_heading` when pages are planned before it is read: the heading,
# the total of an organisation named in 120 characters and the study lines come to about 800.
HEADING_ROOM = 1200
# Figures no organisation reaches, for the longest a cell's line can be.
_LARGEST = Headcount(9_999_999, 3_333_333)
_WIDEST = CellProgress(
    0, "", _LARGEST, _LARGEST, {s: 9_999_999 for s in TaskStatus}, overdue=9_999_999
)


def cell_line_room(t: Translator) -> Callable[[str], int]:
    """How long :func:`cell_line` can be for a cell of a given name, whatever its figures: the
    line without a name, rendered once, and the name as the line escapes it."""
    rest = utf16_len(cell_line(_WIDEST, t))
    return lambda name: rest + utf16_len(html.escape(name))


def work_item_blocks(
    items: Sequence[Task], areas: Sequence[Area], today: date, t: Translator
) -> list[str]:
    """The committee's own work items, by area: the end of its overview."""
    blocks = ["", t("<b>The committee's work items</b>")]
    if not items:
        blocks.append(t("No work items yet."))
    for area, grouped in _by_area(items, areas):
        if area is not None:
            blocks.append(f"<i>{html.escape(area)}</i>")
        blocks += [task_line(item, today, t) for item in grouped]
    return blocks


def organisation_blocks(summary: OrganisationSummary, today: date, t: Translator) -> list[str]:
    """The committee's whole overview at once: the total first, one line per cell, then its own
    work items (the pages the chat shows are planned on the same blocks)."""
    return [
        organisation_heading(summary.year.year, summary.total, summary.study, t),
        *(cell_line(cell, t) for cell in summary.cells),
        *work_item_blocks(summary.work_items, summary.year.areas, today, t),
    ]
