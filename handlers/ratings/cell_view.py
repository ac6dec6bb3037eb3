"""What /xeploai shows a cell secretary (and the committee, for a cell): the cell's members by
state, with the reminder button, each member's card with the level buttons, the cell's own
collective review and sending the list to the committee."""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.model import Identity
from bot.domain.ratings.levels import LEVELS
from bot.domain.ratings.records import ANSWERS, Cycle, Entry, EntryState
from bot.i18n import N_, NP_, Translator
from bot.services.ratings.access import is_committee, secretary_cells
from bot.services.ratings.cells import CellRoster
from handlers.kit.buttons import button
from handlers.kit.pages import paginate
from handlers.ratings.rating_buttons import (
    CellLevel,
    DecideLevel,
    MarkNotRated,
    MarkSickLeave,
    NudgeCell,
    OpenCellRatings,
    OpenRatingEntry,
    ProposeLevel,
    RatingsOverview,
    ShowReviewFile,
    SubmitCell,
)
from handlers.ratings.rating_text import NOT_RATED_NAMES, level_name, period, short

ANSWER_LABELS = {
    "strengths": N_("Strengths"),
    "shortcomings": N_("Shortcomings"),
    "causes": N_("Causes"),
    "fixes": N_("What to fix"),
    "commitment": N_("Commitment to self-improvement"),
    "example": N_("Setting an example"),
}
MAX_BUTTONS = 40  # member buttons on the roster; the rest by name in the text


def _entry_line(entry: Entry, t: Translator) -> str:
    name = html.escape(entry.full_name)
    parts = []
    if entry.not_rated is not None:
        parts.append(t("not rated: {reason}", reason=t(NOT_RATED_NAMES[entry.not_rated])))
    if entry.review is not None:
        review = entry.review
        self_level = short(review.level, t)
        parts.append(
            t("self: {level}", level=self_level)
            if review.score is None
            else t("self: {level} ({score} points)", level=self_level, score=review.score)
        )
    if entry.proposed is not None:
        votes = "" if entry.votes_for is None else f" ({entry.votes_for}/{entry.votes_total})"
        parts.append(t("cell: {level}", level=short(entry.proposed, t)) + votes)
    if entry.decided is not None:
        parts.append(t("committee: {level}", level=short(entry.decided, t)))
    return f"• {name}" + (" — " + "; ".join(parts) if parts else "")


def roster_view(
    roster: CellRoster, identity: Identity, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t(
            "<b>Review and rating: {period} — cell {cell}</b>",
            period=period(roster.cycle, t),
            cell=html.escape(roster.cell.name),
        )
    ]
    headings = {
        EntryState.NOT_SUBMITTED: t(
            "<b>Not submitted ({count})</b>", count=len(roster.by_state(EntryState.NOT_SUBMITTED))
        ),
        EntryState.SUBMITTED: t(
            "<b>Submitted ({count})</b>", count=len(roster.by_state(EntryState.SUBMITTED))
        ),
        EntryState.PROPOSED: t(
            "<b>Proposed ({count})</b>", count=len(roster.by_state(EntryState.PROPOSED))
        ),
        EntryState.DECIDED: t(
            "<b>Decided ({count})</b>", count=len(roster.by_state(EntryState.DECIDED))
        ),
    }
    for state, heading in headings.items():
        entries = roster.by_state(state)
        if not entries:
            continue
        lines.append(heading)
        lines += [_entry_line(e, t) for e in entries]
    review = roster.review
    if review.level is not None:
        lines.append(
            t("The cell's own review: {level}", level=level_name(review.level, t))
            + (f" — {html.escape(review.note)}" if review.note else "")
        )
    if review.submitted_at is not None:
        lines.append(t("✅ The list has gone to the committee."))
    rows: list[list[InlineKeyboardButton]] = []
    open_ = not roster.cycle.published and review.submitted_at is None
    secretary = roster.cell.id in secretary_cells(identity)
    if open_ and secretary and roster.waiting:
        rows.append(
            [
                button(
                    t("🔔 Remind those not submitted ({count})", count=len(roster.waiting)),
                    NudgeCell(roster.cell.id),
                )
            ]
        )
    shown = roster.entries[:MAX_BUTTONS]
    pair: list[InlineKeyboardButton] = []
    for entry in shown:
        pair.append(button(entry.full_name[:30], OpenRatingEntry(entry.member_id)))
        if len(pair) == 2:
            rows.append(pair)
            pair = []
    if pair:
        rows.append(pair)
    if open_ and secretary:
        rows.append(
            [
                button(
                    t("🏛 The cell's own review: {level}", level=short(level, t)),
                    CellLevel(roster.cell.id, level),
                )
                for level in LEVELS[:2]
            ]
        )
        rows.append(
            [
                button(
                    t("🏛 The cell's own review: {level}", level=short(level, t)),
                    CellLevel(roster.cell.id, level),
                )
                for level in LEVELS[2:]
            ]
        )
        rows.append([button(t("📤 Send to the committee"), SubmitCell(roster.cell.id))])
    if is_committee(identity):
        rows.append([button(t("◀ Every cell"), RatingsOverview(0))])
    return _fitting(lines), InlineKeyboardMarkup(rows)


def _fitting(lines: list[str]) -> str:
    """The lines that fit in one message; a very large cell's list is cut, with «…» (each
    member's card still opens from their button or the committee's table)."""
    [first, *rest] = paginate(lines)
    return first + ("\n…" if rest else "")


def _marks(entry: Entry, t: Translator) -> list[list[InlineKeyboardButton]]:
    """Not rated (with the reason) or rated again; sick leave of three months or more."""
    member = entry.member_id
    rows = []
    if entry.not_rated is None:
        rows.append(
            [
                button(t("🚫 Admitted under six months"), MarkNotRated(member, "new_member")),
                button(t("🚫 Exempted"), MarkNotRated(member, "exempted")),
            ]
        )
    else:
        rows.append([button(t("↩️ Rate again"), MarkNotRated(member, "none"))])
    sick = (
        t("🤒 Sick leave of 3 months or more: yes")
        if entry.sick_leave
        else t("🤒 Sick leave of 3 months or more: no")
    )
    rows.append([button(sick, MarkSickLeave(member, 0 if entry.sick_leave else 1))])
    return rows


def entry_view(
    cycle: Cycle, entry: Entry, identity: Identity, cell_sent: bool, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    lines = [
        t(
            "<b>{name}</b> — review of {period}",
            name=html.escape(entry.full_name),
            period=period(cycle, t),
        ),
        _entry_line(entry, t),
    ]
    rows: list[list[InlineKeyboardButton]] = []
    review = entry.review
    if review is None:
        lines.append(t("No self-review yet."))
    elif review.file_id is not None:
        lines.append(
            t("The self-review was sent as the filled form ({kind}).", kind=review.file_kind or "")
        )
        rows.append([button(t("📎 Open the filled form"), ShowReviewFile(entry.member_id))])
    else:
        for key in ANSWERS:
            if key in review.answers:
                lines.append(f"<b>{t(ANSWER_LABELS[key])}</b>: {html.escape(review.answers[key])}")
    if entry.decision_reason:
        lines.append(
            t("The committee's reason: {reason}", reason=html.escape(entry.decision_reason))
        )
    if not cycle.published and entry.rated:
        if entry.cell_id in secretary_cells(identity) and not cell_sent:
            lines.append(t("The cell's proposal:"))
            rows += [
                [button("🗳 " + level_name(level, t), ProposeLevel(entry.member_id, level))]
                for level in LEVELS
            ]
        if is_committee(identity):
            lines.append(t("The committee's decision (the cell's proposal is marked ⭐):"))
            rows += [
                [
                    button(
                        ("⭐ " if level is entry.proposed else "⚖️ ") + level_name(level, t),
                        DecideLevel(entry.member_id, level),
                    )
                ]
                for level in LEVELS
            ]
    if not cycle.published and (
        is_committee(identity) or (entry.cell_id in secretary_cells(identity) and not cell_sent)
    ):
        rows += _marks(entry, t)
    rows.append([button(t(NP_("rating", "◀ The cell")), OpenCellRatings(entry.cell_id))])
    return _fitting(lines), InlineKeyboardMarkup(rows)
