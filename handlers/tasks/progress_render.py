"""How far are we, as text: pure functions from the report service's summaries to HTML blocks.

Every value a person wrote (titles, names) is escaped here; numbers go through the translator
or :mod:`bot.formatting`, so Vietnamese readers see ``1.668`` and ``85,71%``. The committee's
overview of the whole organisation is drawn in :mod:`handlers.tasks.overview_render`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from bot import formatting
from bot.domain.model import Member
from bot.domain.reports import CellProgress, Headcount, OverdueTask, Unregistered
from bot.domain.tasks import Task, TaskStatus
from bot.i18n import N_, NP_, Translator
from bot.i18n.task_labels import status_label
from bot.services.tasks.report_summaries import (
    CellSummary,
    MemberSummary,
    UnregisteredByCell,
)
from bot.services.tasks.reports import NAMES_REFUSED
from handlers.kit.cells import cell_title
from handlers.kit.pages import PAGE_SIZE, utf16_len

# Names per line, so a cell of hundreds still pages cleanly.
NAMES_PER_BLOCK = 25
PARTY_NAMES = N_("Party members: {names}")
NON_PARTY_NAMES = N_("Non-party staff: {names}")
# The order the report lists statuses in.
STATUS_ORDER = (
    TaskStatus.IN_PROGRESS,
    TaskStatus.SUBMITTED,
    TaskStatus.RETURNED,
    TaskStatus.DONE,
    TaskStatus.EXCEEDED,
    TaskStatus.NOT_ACHIEVED,
)


def percent_of(value: int | float, t: Translator) -> str:
    return formatting.number(value, t.language) + "%"


def task_line(task: Task, today: date, t: Translator) -> str:
    line = t(
        "• {title} — {status}, {progress}, due {deadline}",
        title=html.escape(task.title),
        status=status_label(task.status, t),
        progress=percent_of(task.progress, t),
        deadline=task.deadline,
    )
    return line + (t(" — <b>overdue</b>") if task.is_overdue(today) else "")


def _own_cell_line(summary: MemberSummary, t: Translator) -> list[str]:
    """``Chi bộ Phòng Đào tạo, đã đăng ký: đảng viên 4/6 (66,67%) · quần chúng 0/2 (0%)``."""
    if summary.cell is None:
        return []
    line = t(
        "{cell}, registered: {figures}",
        cell=cell_title(summary.cell.cell_name, t),
        figures=registration_figures(summary.cell, t),
    )
    return ["", line]


def render_member(summary: MemberSummary, t: Translator) -> str:
    year = summary.year.year
    tasks = summary.active
    if not tasks:
        nothing = t(
            "You have not registered any breakthrough task for {year} yet. "
            "Send /dangky to register.",
            year=year,
        )
        return "\n".join([nothing, *_own_cell_line(summary, t)])
    lines = [
        t("<b>Your breakthrough tasks in {year}</b>", year=year),
        t(
            "Tasks: {tasks}\nDone: {done}\nIn progress: {in_progress}\nOverdue: {overdue}\n"
            "Average progress: {average}",
            tasks=len(tasks),
            done=summary.count(TaskStatus.DONE, TaskStatus.EXCEEDED),
            in_progress=summary.count(TaskStatus.IN_PROGRESS),
            overdue=summary.overdue,
            average=formatting.number(summary.average, t.language) + "%",
        ),
    ]
    waiting = summary.count(TaskStatus.SUBMITTED, TaskStatus.RETURNED)
    if waiting:
        lines.append(t("Waiting for approval or returned: {count}", count=waiting))
    lines.append("")
    lines.extend(task_line(task, summary.today, t) for task in tasks)
    lines.extend(_own_cell_line(summary, t))
    return "\n".join(lines)


def _ratio(count: Headcount, t: Translator) -> str:
    """``2/7 (28,57%)``; ``0/0`` without a percentage when there is nobody of that kind."""
    if not count.members:
        return "0/0"
    return formatting.ratio(count.registered, count.members, t.language)


def registration_figures(progress: CellProgress, t: Translator) -> str:
    """``đảng viên 2/7 (28,57%) · quần chúng 0/1 (0%)``: registered out of active members,
    party members (full and probationary) and non-party staff apart."""
    party = t("party members {ratio}", ratio=_ratio(progress.party, t))
    non_party = t("non-party staff {ratio}", ratio=_ratio(progress.non_party, t))
    return f"{party} · {non_party}"


def registered_line(progress: CellProgress, t: Translator) -> str:
    return t("Registered: {figures}", figures=registration_figures(progress, t))


def status_line(progress: CellProgress, t: Translator) -> str:
    parts = [
        f"{status_label(status, t)} {formatting.number(progress.by_status[status], t.language)}"
        for status in STATUS_ORDER
        if progress.by_status.get(status)
    ]
    line = t("Tasks registered: {count}", count=progress.tasks)
    return f"{line} ({', '.join(parts)})" if parts else line


def overdue_blocks(tasks: Sequence[OverdueTask], total: int, t: Translator) -> list[str]:
    if not total:
        return [t("No overdue tasks.")]
    blocks = [t("<b>Overdue tasks</b> ({count})", count=total)]
    blocks.extend(
        t(
            "• {title} — {owner}, due {deadline}",
            title=html.escape(task.title),
            owner=html.escape(task.owner_name),
            deadline=task.deadline,
        )
        for task in tasks
    )
    if total > len(tasks):
        blocks.append(t(NP_("tasks", "… and {count} more."), count=total - len(tasks)))
    return blocks


def _name_lines(label: str, members: Sequence[Member], t: Translator) -> list[str]:
    """``Đảng viên: A, B, …`` in lines of at most :data:`NAMES_PER_BLOCK` names."""
    names = [html.escape(m.full_name) for m in members]
    lines = [
        ", ".join(names[start : start + NAMES_PER_BLOCK])
        for start in range(0, len(names), NAMES_PER_BLOCK)
    ]
    return [t(label, names=lines[0]), *lines[1:]] if lines else []


def _not_registered(progress: CellProgress) -> int:
    return progress.party.unregistered + progress.non_party.unregistered


def unregistered_count(progress: CellProgress, t: Translator) -> str:
    """``Chưa đăng ký (6): đảng viên 5 · quần chúng 1``."""
    if not _not_registered(progress):
        return t("Everyone has registered.")
    return t(
        "<b>Not registered yet</b> ({count}): party members {party} · non-party staff {non_party}",
        count=_not_registered(progress),
        party=progress.party.unregistered,
        non_party=progress.non_party.unregistered,
    )


def unregistered_lines(unregistered: Unregistered, t: Translator) -> list[str]:
    """The count, then the names: party members first, then non-party staff."""
    return [
        unregistered_count(unregistered.progress, t),
        *_name_lines(PARTY_NAMES, unregistered.party, t),
        *_name_lines(NON_PARTY_NAMES, unregistered.non_party, t),
    ]


def cell_heading(summary: CellSummary, t: Translator) -> list[str]:
    return [
        t(
            "<b>{cell}</b> — progress in {year}",
            cell=cell_title(summary.progress.cell_name, t),
            year=summary.year.year,
        ),
        registered_line(summary.progress, t),
    ]


def _overdue_section(summary: CellSummary, t: Translator) -> list[str]:
    if summary.names_shown:
        return overdue_blocks(summary.overdue, summary.progress.overdue, t)
    # The count alone: whose tasks are late is for the secretary and the committee.
    return overdue_blocks([], summary.progress.overdue, t)[:1]


def _unregistered_section(summary: CellSummary, t: Translator) -> list[str]:
    if summary.names_shown:
        return unregistered_lines(summary.unregistered, t)
    return [unregistered_count(summary.progress, t)]


def cell_blocks(summary: CellSummary, today: date, t: Translator) -> list[str]:
    """A cell: registration, statuses, overdue, who is missing, and the cell's collective
    tasks; for a plain member of the cell the figures without names."""
    blocks = [*cell_heading(summary, t), status_line(summary.progress, t), ""]
    blocks += _overdue_section(summary, t)
    blocks.append("")
    blocks += _unregistered_section(summary, t)
    if not summary.names_shown and (_not_registered(summary.progress) or summary.progress.overdue):
        blocks.append(
            t(
                "Only cell secretaries, the committee and the inspection commission can see who "
                "has not registered and whose tasks are overdue."
            )
        )
    if summary.collective:
        blocks += ["", t("<b>Collective tasks of the cell</b>")]
        blocks += [task_line(task, today, t) for task in summary.collective]
    return blocks


def _refusal(summary: CellSummary, hidden: int, t: Translator) -> list[str]:
    """Who may see the names left out, when some were."""
    return [t(NAMES_REFUSED)] if hidden and not summary.names_shown else []


def cell_unregistered_blocks(summary: CellSummary, t: Translator) -> list[str]:
    blocks = [*cell_heading(summary, t), "", *_unregistered_section(summary, t)]
    return blocks + _refusal(summary, _not_registered(summary.progress), t)


def cell_overdue_blocks(summary: CellSummary, t: Translator) -> list[str]:
    blocks = [*cell_heading(summary, t), "", *_overdue_section(summary, t)]
    return blocks + _refusal(summary, summary.progress.overdue, t)


def overdue_list_blocks(tasks: Sequence[OverdueTask], t: Translator) -> list[str]:
    """The answer to "việc quá hạn" without a cell: what the asker may see."""
    if not tasks:
        return [t("No overdue tasks.")]
    return overdue_blocks(tasks, len(tasks), t)


def _sections(heading: str, lines: Sequence[str], t: Translator) -> list[str]:
    """``heading`` over ``lines``, as blocks that each fit a page; a block after the first
    repeats the heading, marked as continued, so every page says which cell it lists."""
    blocks: list[str] = []
    current = [heading]
    continued = t("(continued)")
    for line in lines:
        if len(current) > 1 and utf16_len("\n".join([*current, line])) > PAGE_SIZE:
            blocks.append("\n".join(current))
            current = [f"{heading} {continued}"]
        current.append(line)
    blocks.append("\n".join(current))
    return blocks


def unregistered_heading(year: int, whole: CellProgress, t: Translator) -> str:
    """The organisation's figures over who has not registered, cell by cell."""
    return "\n".join(
        [
            t("<b>Not registered yet — the whole organisation, {year}</b>", year=year),
            registered_line(whole, t),
            unregistered_count(whole, t),
            t(
                "Send /tiendo and a cell's name to remind that cell's members who have not "
                "registered."
            ),
        ]
    )


def unregistered_by_cell_blocks(report: UnregisteredByCell, t: Translator) -> list[str]:
    """The committee's "who has not registered": the organisation's figures, then each cell
    with names, then the cells where everyone has registered."""
    blocks = [unregistered_heading(report.year.year, report.total, t)]
    for cell in report.cells:
        heading = f"<b>{cell_title(cell.progress.cell_name, t)}</b>"
        blocks += ["", *_sections(heading, unregistered_lines(cell, t), t)]
    if report.complete:
        names = ", ".join(html.escape(c.cell_name) for c in report.complete)
        blocks += ["", t("Everyone has registered in: {cells}.", cells=names)]
    return blocks
