"""The ratings as members read them, in plain text with a little HTML: the levels' names, a
member's evidence, a self-assessed level's mismatches, the distribution against the cap and the
targets, the committee's table, and the notices of publication. No Telegram here: the command
line prints the same table (``butpha rating status``)."""

from __future__ import annotations

import html
from decimal import Decimal

from bot import formatting
from bot.domain.model import Member, Unit
from bot.domain.ratings.distribution import Conflict, Distribution, most_excellent_of_rated
from bot.domain.ratings.levels import Level, Mismatch, MismatchKind, RatingRules
from bot.domain.ratings.records import Cycle, Entry, NotRated
from bot.domain.ratings.reminders import Occasion, Reminder
from bot.i18n import N_, NP_, Translator, translator
from bot.i18n.rating_labels import LEVEL_NAMES, LEVEL_SHORT
from bot.services.ratings.cells import NudgeText
from bot.services.ratings.committee import CellLine, CellNotice, MemberNotice, Overview
from bot.services.ratings.evidence import Evidence
from bot.services.ratings.reminders import Render
from bot.services.ratings.self_reviews import Checked

NOT_RATED_NAMES = {
    NotRated.NEW_MEMBER: N_("admitted less than six months ago"),
    NotRated.EXEMPTED: N_("exempted from party work"),
}


def level_name(level: Level, t: Translator) -> str:
    return t(LEVEL_NAMES[level])


def short(level: Level, t: Translator) -> str:
    return t(LEVEL_SHORT[level])


def period(cycle: Cycle, t: Translator) -> str:
    if cycle.quarter is None:
        return t(NP_("rating period", "the year {year}"), year=cycle.year)
    return t("quarter {quarter} of {year}", quarter=cycle.quarter, year=cycle.year)


def pct(value: Decimal, t: Translator) -> str:
    return formatting.number(value, t.language) + "%"


def cycle_dates(cycle: Cycle, t: Translator) -> str:
    return "\n".join(
        [
            t("Self-reviews due: {day}", day=formatting.day(cycle.self_review_due, t.language)),
            t("Cells meet by: {day}", day=formatting.day(cycle.cells_by, t.language)),
            t("Committee decides by: {day}", day=formatting.day(cycle.decision_by, t.language)),
        ]
    )


def evidence_text(evidence: Evidence, rules: RatingRules, t: Translator) -> str:
    tasks = evidence.tasks
    lines = [t("<b>What the bot holds for you</b>")]
    if tasks.total:
        lines.append(
            t(
                "Tasks done on time: {ratio}",
                ratio=formatting.ratio(tasks.on_time, tasks.total, t.language),
            )
        )
        holds = t("holds") if tasks.exceeding_enough(rules) else t("does not hold")
        lines.append(
            t(
                "Exceeded the requirement: {count} ({share}) — the condition of at least "
                "{needed}% for «excellent»: {holds}",
                count=tasks.exceeded,
                share=formatting.percent(tasks.exceeded, tasks.total, t.language),
                needed=rules.exceeding_share,
                holds=holds,
            )
        )
        if tasks.overdue:
            lines.append(t("⚠️ Overdue: {count}", count=tasks.overdue))
    elif not tasks.not_due:
        lines.append(t("Breakthrough tasks: none recorded in the bot this year."))
    if tasks.not_due:
        lines.append(t("In progress, not yet due (not counted): {count}", count=tasks.not_due))
    lines.append(
        t(
            "Cell meetings attended: {attended}; absences: {excused} excused, {unexcused} "
            "unexcused",
            attended=evidence.meetings_attended,
            excused=evidence.absences_excused,
            unexcused=evidence.absences_unexcused,
        )
    )
    lines.append(t("Study sessions attended: {count}", count=evidence.study_attended))
    if evidence.dues is not None:
        lines.append(
            t(
                "Party dues: {ratio} months paid",
                ratio=formatting.ratio(evidence.dues.paid, evidence.dues.due, t.language),
            )
        )
    return "\n".join(lines)


def mismatch_text(
    mismatch: Mismatch, checked: Checked, rules: RatingRules, evidence: Evidence, t: Translator
) -> str:
    tasks = evidence.tasks
    level = short(mismatch.level, t)
    if mismatch.kind is MismatchKind.SCORE_BAND:
        return t(
            "{score} points fall in the band of «{band}», not «{level}».",
            score=checked.score,
            band=short(mismatch.allowed, t),
            level=level,
        )
    if mismatch.kind is MismatchKind.NOT_ON_TIME:
        return t(
            "«{level}» needs every task done on time: {ratio}.",
            level=level,
            ratio=formatting.ratio(tasks.on_time, tasks.total, t.language),
        )
    if mismatch.kind is MismatchKind.TOO_FEW_EXCEEDING:
        return t(
            "≥ {minimum} points but not yet {share}% of tasks exceeding the requirement "
            "({exceeded}/{total}).",
            minimum=rules.excellent_min,
            share=rules.exceeding_share,
            exceeded=tasks.exceeded,
            total=tasks.total,
        )
    return t("Sick leave of three months or more: «{cap}» at most.", cap=short(mismatch.allowed, t))


def checked_text(checked: Checked, rules: RatingRules, evidence: Evidence, t: Translator) -> str:
    level = level_name(checked.level, t)
    if checked.score is None:
        lines = [t("Self-assessed level: {level}", level=level)]
    else:
        lines = [
            t("Self-assessed level: {level} ({score} points)", level=level, score=checked.score)
        ]
    if checked.mismatches:
        lines.append(t("⚠️ This does not match the bands and conditions:"))
        lines += ["• " + mismatch_text(m, checked, rules, evidence, t) for m in checked.mismatches]
        lines.append(t("The level that fits: {level}.", level=level_name(checked.suggested, t)))
    else:
        lines.append(t("✅ It matches the bands and conditions."))
    return "\n".join(lines)


# --- the distribution -----------------------------------------------------------------------


def distribution_lines(dist: Distribution, rules: RatingRules, t: Translator) -> list[str]:
    """ "HTXSNV 7 (18,42%; bằng 25,93% số HTTNV — vượt mức trần 20%)", "HTTNV trở lên 34/38
    (89,47%) — chỉ tiêu trên 90%: chưa đạt", and the other levels."""
    lang = t.language
    cap_state = (
        t("over the cap of {cap}%", cap=rules.excellent_cap)
        if dist.over_cap(rules)
        else t("within the cap of {cap}%", cap=rules.excellent_cap)
    )
    lines = [
        t(
            "{level} {count} ({of_rated}; {of_good} of «{good}» — {cap})",
            level=short(Level.EXCELLENT, t),
            count=dist.excellent,
            of_rated=formatting.percent(dist.excellent, dist.rated, lang),
            of_good=formatting.percent(dist.excellent, dist.good, lang),
            good=short(Level.GOOD, t),
            cap=cap_state,
        ),
        t(
            "{level} or better {ratio} — target above {target}%: {state}",
            level=short(Level.GOOD, t),
            ratio=formatting.ratio(dist.good_or_better, dist.rated, lang),
            target=rules.target_good_or_better,
            state=t(NP_("rating target", "met"))
            if dist.meets_good_or_better(rules)
            else t(NP_("rating target", "not met")),
        ),
        t(
            "{level} {ratio} — target {target}% of those rated: {state}",
            level=short(Level.EXCELLENT, t),
            ratio=formatting.ratio(dist.excellent, dist.rated, lang),
            target=rules.target_excellent,
            state=t(NP_("rating target", "met"))
            if dist.meets_excellent(rules)
            else t(NP_("rating target", "not met")),
        ),
    ]
    for level in (Level.GOOD, Level.COMPLETE, Level.NOT_COMPLETE):
        lines.append(
            t(
                "{level}: {count} ({share})",
                level=short(level, t),
                count=dist.count(level),
                share=formatting.percent(dist.count(level), dist.rated, lang),
            )
        )
    return lines


def conflict_lines(conflicts: list[Conflict], rules: RatingRules, t: Translator) -> list[str]:
    if Conflict.EXCELLENT_TARGET_OVER_CAP not in conflicts:
        return []
    return [
        t(
            "⚠️ The target of {target}% «{level}» of those rated cannot be met under the cap "
            "of {cap}% of «{good}»: the most possible is {most} of those rated.",
            target=rules.target_excellent,
            level=short(Level.EXCELLENT, t),
            cap=rules.excellent_cap,
            good=short(Level.GOOD, t),
            most=pct(most_excellent_of_rated(rules.excellent_cap), t),
        )
    ]


def cell_line(line: CellLine, t: Translator) -> str:
    sent = t("✅ sent") if line.sent else t("⏳ not sent")
    return t(
        "<b>{cell}</b>: {members} members · submitted {submitted} · proposed {proposed} · "
        "decided {decided} · not rated {not_rated} · {sent}",
        cell=html.escape(line.cell.name),
        members=line.members,
        submitted=line.submitted,
        proposed=line.proposed,
        decided=line.decided,
        not_rated=line.not_rated,
        sent=sent,
    )


def overview_text(overview: Overview, t: Translator) -> str:
    cycle = overview.cycle
    lines = [
        t("<b>Review and rating: {period}</b>", period=period(cycle, t)),
        cycle_dates(cycle, t),
    ]
    if cycle.published:
        lines.append(t("✅ Published."))
    lines.append("")
    lines += [cell_line(line, t) for line in overview.cells]
    lines.append("")
    lines.append(
        t("<b>Distribution as it stands</b> (the committee's level, else the cell's proposal):")
    )
    lines += distribution_lines(overview.distribution, overview.rules, t)
    lines += conflict_lines(overview.conflicts, overview.rules, t)
    return "\n".join(lines)


# --- notices --------------------------------------------------------------------------------


def member_notice(default_language: str) -> MemberNotice:
    """Each member's own result, privately, in their language."""

    def render(member: Member, cycle: Cycle, entry: Entry) -> str:
        t = translator(member.language or default_language, default_language)
        if entry.not_rated is not None:
            return t(
                "The review of {period} is published. You are not rated ({reason}).",
                period=period(cycle, t),
                reason=t(NOT_RATED_NAMES[entry.not_rated]),
            )
        assert entry.level is not None
        return t(
            "The review of {period} is published. The party committee rated you: <b>{level}</b>.",
            period=period(cycle, t),
            level=level_name(entry.level, t),
        )

    return render


def cell_notice(default_language: str) -> CellNotice:
    """A secretary's list of their cell, in their language."""

    def render(member: Member, cycle: Cycle, cell: Unit, entries: list[Entry]) -> str:
        t = translator(member.language or default_language, default_language)
        lines = [
            t(
                "The review of {period} is published. Cell {cell}:",
                period=period(cycle, t),
                cell=html.escape(cell.name),
            )
        ]
        for entry in entries:
            what = (
                t(NOT_RATED_NAMES[entry.not_rated])
                if entry.not_rated is not None
                else short(entry.level, t)
                if entry.level is not None
                else "—"
            )
            lines.append(f"• {html.escape(entry.full_name)}: {what}")
        return "\n".join(lines)

    return render


def reminder_renderer(default_language: str) -> Render:
    def render(member: Member, cycle: Cycle, reminder: Reminder) -> str:
        t = translator(member.language or default_language, default_language)
        lang = t.language
        if reminder.occasion in (Occasion.SELF_REVIEW_WEEK, Occasion.SELF_REVIEW_SOON):
            return t(
                "🗓 Your self-review for {period} is due on {day}. Write it with /tukiemdiem.",
                period=period(cycle, t),
                day=formatting.day(cycle.self_review_due, lang),
            )
        if reminder.occasion is Occasion.CELL_MEETING:
            return t(
                "🗓 Cells meet on the ratings of {period} by {day}: propose each member's level "
                "with /xeploai.",
                period=period(cycle, t),
                day=formatting.day(cycle.cells_by, lang),
            )
        return t(
            "🗓 The committee decides the ratings of {period} by {day}: /xeploai.",
            period=period(cycle, t),
            day=formatting.day(cycle.decision_by, lang),
        )

    return render


def nudge_text(default_language: str) -> NudgeText:
    def render(member: Member, cycle: Cycle) -> str:
        t = translator(member.language or default_language, default_language)
        return t(
            "🔔 Your cell secretary reminds you: your self-review for {period} is due on {day}. "
            "Write it with /tukiemdiem.",
            period=period(cycle, t),
            day=formatting.day(cycle.self_review_due, t.language),
        )

    return render
