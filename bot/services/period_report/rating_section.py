"""The report's year-end rating (issue 14), once published by the cut-off: the distribution of
levels, "good or better" and "excellent" against the organisation's targets, and the cap on
"excellent" (a share of those rated good) — the same figures the committee's /xeploai reads
(``CommitteeRatingService.figures``)."""

from __future__ import annotations

from bot import formatting
from bot.domain.ratings.levels import LEVELS
from bot.i18n import Translator
from bot.i18n.rating_labels import LEVEL_NAMES
from bot.services.period_report import labels
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.content import Column, ColumnKind, Finding, Section, State, Table
from bot.services.period_report.content import share as share_of


def ratings_section(data: PeriodReportData, t: Translator) -> Section | None:
    rated, rules = data.ratings, data.rating_rules
    if rated is None or rules is None or rated.rated == 0:
        return None
    lang = t.language
    sentences = [
        t(
            "Year-end rating {year}: {rated} rated; {levels}.",
            year=data.span.year,
            rated=formatting.number(rated.rated, lang),
            levels="; ".join(
                f"{t(LEVEL_NAMES[level])} {formatting.ratio(rated.count(level), rated.rated, lang)}"
                for level in LEVELS
            ),
        )
    ]
    good = t(
        "Rated good or better: {ratio} — target over {target}%",
        ratio=formatting.ratio(rated.good_or_better, rated.rated, lang),
        target=formatting.number(rules.target_good_or_better, lang),
    )
    excellent = t(
        "Rated excellent: {ratio} — target {target}%",
        ratio=formatting.ratio(rated.excellent, rated.rated, lang),
        target=formatting.number(rules.target_excellent, lang),
    )
    findings = [
        Finding(State.MET if rated.meets_good_or_better(rules) else State.NOT_MET, good),
        Finding(State.MET if rated.meets_excellent(rules) else State.NOT_MET, excellent),
    ]
    cap = t(
        "Excellent of those rated good: {percent} (the cap is {cap}%)",
        percent=formatting.percent(rated.excellent, rated.good, lang),
        cap=formatting.number(rules.excellent_cap, lang),
    )
    if rated.over_cap(rules):
        findings.append(Finding(State.AT_RISK, cap))
    sentences += [good, excellent, cap]
    table = Table(
        [
            Column(t(labels.LEVEL), ColumnKind.TEXT, 36),
            Column(t(labels.MEMBERS)),
            Column(t(labels.SHARE), ColumnKind.PERCENT),
        ],
        [
            [t(LEVEL_NAMES[level]), rated.count(level), share_of(rated.count(level), rated.rated)]
            for level in LEVELS
        ],
        [t(labels.TOTAL), rated.rated, 1.0],
    )
    heading = t(labels.RATINGS)
    return Section(heading, heading, sentences, findings, table)
