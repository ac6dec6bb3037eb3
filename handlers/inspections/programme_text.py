"""A proposed programme as text, by month, with the quota lines as the report writes them:
what ``/kiemtra`` shows and ``butpha oversight propose`` prints. Plain text (the chat escapes
it), no Telegram, so that the command line may read it."""

from __future__ import annotations

from datetime import date

from bot import formatting
from bot.domain.inspections.model import TargetKind
from bot.domain.inspections.months import Spread
from bot.domain.inspections.planner import ProposedItem
from bot.i18n import Translator
from bot.i18n.inspection_labels import (
    ITEM_KIND_NAMES,
    TARGET_KIND_NAMES,
    concern_text,
    quota_line,
    spread_lines,
)
from bot.services.inspections.programme import ProposedProgramme


def _item_line(item: ProposedItem, programme: ProposedProgramme, t: Translator) -> list[str]:
    target = f"{t(TARGET_KIND_NAMES[item.target.kind])} {item.target_name}"
    if item.target.kind is not TargetKind.CELL:
        target += f" ({programme.cells[item.target.cell_id]})"
    lines = [f"  • {t(ITEM_KIND_NAMES[item.kind])}: {target}"]
    if item.concerns:
        reasons = ", ".join(concern_text(c, t) for c in item.concerns)
        lines.append("    " + t("Suggested first: {reasons}", reasons=reasons))
    people = programme.people
    lead = people[item.lead_id] if item.lead_id is not None else t("nobody may lead it")
    team = ", ".join(people[i] for i in item.team_ids) or "—"
    lines.append("    " + t("Lead: {lead}; team: {team}", lead=lead, team=team))
    return lines


def programme_lines(programme: ProposedProgramme, t: Translator) -> list[str]:
    """The whole text: the items by month, then the quota lines."""
    return [*programme_body(programme, t), "", *quota_lines(programme, t)]


def programme_body(programme: ProposedProgramme, t: Translator) -> list[str]:
    """The heading and the items, by month."""
    proposal = programme.proposal
    lines = [
        t(
            "Proposed inspection and supervision programme for {year} — {organisation}",
            year=proposal.year,
            organisation=programme.organisation,
        )
    ]
    for month in proposal.months:
        items = [item for item in proposal.items if item.month == month]
        if not items:
            continue
        lines.append("")
        lines.append(formatting.month_name(date(proposal.year, month, 1), t.language).capitalize())
        for item in items:
            lines += _item_line(item, programme, t)
    if not proposal.items:
        lines.append(t("No item is needed: every quota is 0%."))
    return lines


def quota_lines(programme: ProposedProgramme, t: Translator) -> list[str]:
    """The quota lines as the report writes them, the spread over the months, and a warning
    when too much falls at the end of the year."""
    proposal = programme.proposal
    lines = [t("Quotas:")]
    lines += [quota_line(line, t) for line in proposal.quotas]
    lines += spread_lines(
        Spread(proposal.largest_month_share, proposal.late_share, proposal.settings.late_share),
        t,
    )
    return lines
