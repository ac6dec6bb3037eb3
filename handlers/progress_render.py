"""How far are we, as text: pure functions from the report service's summaries to HTML blocks.

Every value a person wrote (titles, names) is escaped here; numbers go through the translator
or :mod:`bot.formatting`, so Vietnamese readers see ``1.668`` and ``85,71%``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import date

from bot import formatting
from bot.domain.model import Member
from bot.domain.reports import CellProgress, OverdueTask
from bot.domain.study_figures import Share, StudyFigures
from bot.domain.tasks import Area, Task, TaskStatus
from bot.domain.text import fold, name_sort_key
from bot.i18n import NP_, Translator
from bot.i18n.task_labels import status_label
from bot.services.reports import CellSummary, MemberSummary, OrganisationSummary

# Names per block, so a cell of hundreds still pages cleanly.
NAMES_PER_BLOCK = 25
# The order the report lists statuses in.
STATUS_ORDER = (
    TaskStatus.IN_PROGRESS,
    TaskStatus.SUBMITTED,
    TaskStatus.RETURNED,
    TaskStatus.DONE,
    TaskStatus.EXCEEDED,
    TaskStatus.NOT_ACHIEVED,
)


def cell_title(name: str, t: Translator) -> str:
    """``Chi bộ Phòng Đào tạo``: the word "cell" unless the name already starts with it."""
    if fold(name).startswith("chi bo "):
        return html.escape(name)
    return t("Cell {name}", name=html.escape(name))


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


def render_member(summary: MemberSummary, t: Translator) -> str:
    year = summary.year.year
    tasks = summary.active
    if not tasks:
        return t(
            "You have not registered any breakthrough task for {year} yet. "
            "Send /dangky to register.",
            year=year,
        )
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
    return "\n".join(lines)


def registered_line(progress: CellProgress, t: Translator) -> str:
    return t(
        "{registered}/{members} members have registered ({percent})",
        registered=progress.registered,
        members=progress.members,
        percent=formatting.percent(progress.registered, progress.members, t.language),
    )


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


def unregistered_blocks(members: Iterable[Member], t: Translator) -> list[str]:
    names = sorted((m.full_name for m in members), key=name_sort_key)
    if not names:
        return [t("Everyone has registered.")]
    blocks = [t("<b>Not registered yet</b> ({count})", count=len(names))]
    for start in range(0, len(names), NAMES_PER_BLOCK):
        chunk = names[start : start + NAMES_PER_BLOCK]
        blocks.append(", ".join(html.escape(n) for n in chunk))
    return blocks


def cell_heading(summary: CellSummary, t: Translator) -> list[str]:
    return [
        t(
            "<b>{cell}</b> — progress in {year}",
            cell=cell_title(summary.progress.cell_name, t),
            year=summary.year.year,
        ),
        registered_line(summary.progress, t),
    ]


def cell_blocks(summary: CellSummary, today: date, t: Translator) -> list[str]:
    """A secretary's view of their cell: registration, statuses, overdue, who is missing,
    and the cell's collective tasks."""
    blocks = [*cell_heading(summary, t), status_line(summary.progress, t), ""]
    blocks += overdue_blocks(summary.overdue, summary.progress.overdue, t)
    blocks.append("")
    blocks += unregistered_blocks(summary.unregistered, t)
    if summary.collective:
        blocks += ["", t("<b>Collective tasks of the cell</b>")]
        blocks += [task_line(task, today, t) for task in summary.collective]
    return blocks


def cell_unregistered_blocks(summary: CellSummary, t: Translator) -> list[str]:
    return [*cell_heading(summary, t), "", *unregistered_blocks(summary.unregistered, t)]


def cell_overdue_blocks(summary: CellSummary, t: Translator) -> list[str]:
    blocks = [*cell_heading(summary, t), ""]
    return blocks + overdue_blocks(summary.overdue, summary.progress.overdue, t)


def cell_line(progress: CellProgress, t: Translator) -> str:
    """``Phòng Đào tạo: 12/14 (85,71%) · 20 việc · 5 xong · 1 quá hạn``."""
    return t(
        "{cell}: {ratio} · tasks {tasks} · done {done} · overdue {overdue}",
        cell=html.escape(progress.cell_name),
        ratio=formatting.ratio(progress.registered, progress.members, t.language),
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


def organisation_blocks(summary: OrganisationSummary, today: date, t: Translator) -> list[str]:
    """The committee's view: the total first, one line per cell, then its own work items."""
    blocks = [
        t("<b>Progress of the whole organisation in {year}</b>", year=summary.year.year),
        t(
            "Registered / members (%) · tasks · done · overdue. Send /tiendo and a cell's name "
            "for its details."
        ),
        "",
        f"<b>{cell_line(summary.total, t)}</b>",
        "",
    ]
    if summary.study is not None:
        blocks += [study_block(summary.study, t), ""]
    blocks += [cell_line(cell, t) for cell in summary.cells]
    blocks += ["", t("<b>The committee's work items</b>")]
    if not summary.work_items:
        blocks.append(t("No work items yet."))
    for area, items in _by_area(summary.work_items, summary.year.areas):
        if area is not None:
            blocks.append(f"<i>{html.escape(area)}</i>")
        blocks += [task_line(item, today, t) for item in items]
    return blocks


def overdue_list_blocks(tasks: Sequence[OverdueTask], t: Translator) -> list[str]:
    """The answer to "việc quá hạn" without a cell: what the asker may see."""
    if not tasks:
        return [t("No overdue tasks.")]
    return overdue_blocks(tasks, len(tasks), t)
