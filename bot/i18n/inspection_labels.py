"""The names of the inspection programme's kinds, targets, quotas and concerns, and its quota
line in the report's words: «Kiểm tra chi bộ: 1/5 (20%) — chỉ tiêu 20%: đạt»."""

from __future__ import annotations

from bot import formatting
from bot.domain.inspections.model import ItemKind, TargetKind
from bot.domain.inspections.months import Spread
from bot.domain.inspections.organisation import Concern, ConcernReason
from bot.domain.inspections.quotas import QuotaKind, QuotaLine
from bot.i18n import N_, Translator

ITEM_KIND_NAMES = {
    ItemKind.INSPECTION: N_("Inspection"),
    ItemKind.THEMATIC_SUPERVISION: N_("Thematic supervision"),
    ItemKind.REGULAR_SUPERVISION: N_("Regular supervision"),
    ItemKind.VIOLATION_INSPECTION: N_("Inspection for a suspected violation"),
}
TARGET_KIND_NAMES = {
    TargetKind.CELL: N_("cell"),
    TargetKind.COMMITTEE_MEMBER: N_("committee member"),
    TargetKind.MEMBER: N_("party member"),
}
QUOTA_NAMES = {
    QuotaKind.CELLS_INSPECTED: N_("Cells inspected"),
    QuotaKind.COMMITTEE_INSPECTED: N_("Committee members inspected"),
    QuotaKind.MEMBERS_INSPECTED: N_("Party members inspected"),
    QuotaKind.CELLS_SUPERVISED: N_("Cells supervised"),
    QuotaKind.MEMBERS_SUPERVISED: N_("Party members supervised"),
}


def quota_line(line: QuotaLine, t: Translator) -> str:
    figures = formatting.ratio(line.done, line.of, t.language)
    verdict = t("met") if line.met else t("{count} more needed", count=line.missing)
    return t(
        "{quota}: {figures} — target {target}%: {verdict}",
        quota=t(QUOTA_NAMES[line.kind]),
        figures=figures,
        target=line.target,
        verdict=verdict,
    )


def spread_lines(spread: Spread, t: Translator) -> list[str]:
    """The busiest month's and the last two months' shares, and a warning when more than the
    allowed share falls in November and December (INSPECTIONS.md: not bunched at the end)."""
    lines = [
        t(
            "The busiest month: {largest}% of the items; the last two months: {late}%.",
            largest=spread.largest,
            late=spread.late,
        )
    ]
    if spread.warning:
        lines.append(
            "⚠ "
            + t(
                "More than {allowed}% of the items fall in November and December: move some "
                "earlier.",
                allowed=spread.allowed,
            )
        )
    return lines


def concern_text(concern: Concern, t: Translator) -> str:
    if concern.reason is ConcernReason.OVERDUE_TASKS:
        return t.ngettext(
            "{n} overdue breakthrough task", "{n} overdue breakthrough tasks", concern.count
        )
    return t.ngettext("{n} unexcused absence", "{n} unexcused absences", concern.count)
