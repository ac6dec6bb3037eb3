"""The report's charts as PNG images for a phone and the document: registration and progress
by cell, attendance by month against the 85% bar (and, once the targets plug in, the targets
against their plan). Matplotlib with the Agg backend (no display; safe in a worker thread with
one figure per call); DejaVu Sans, which matplotlib ships, has the Vietnamese glyphs. Large
labels, and numbers in the reader's format on the axes and the bars."""

from __future__ import annotations

import threading
from io import BytesIO

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from bot import formatting
from bot.domain.attendance import QUALITY_BAR
from bot.i18n import Translator
from bot.services.period_report import labels
from bot.services.period_report.collect import PeriodReportData
from bot.services.period_report.content import ChartKind
from bot.services.period_report.target_section import chartable

FONT = "DejaVu Sans"
CELLS_SHOWN = 15  # a phone shows this many bars legibly: the cells furthest behind
DPI = 110
# Matplotlib's font cache and text layout are shared: one chart at a time.
_LOCK = threading.Lock()


def _percent_axis(t: Translator) -> FuncFormatter:
    return FuncFormatter(lambda value, _: formatting.number(round(value, 1), t.language) + "%")


def _png(figure: Figure) -> bytes:
    out = BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


def registration_chart(data: PeriodReportData, t: Translator) -> bytes | None:
    """Horizontal bars per cell: members registered and tasks finished, in percent."""
    cells = [c for c in data.tasks if c.members]
    if not cells:
        return None
    behind = sorted(cells, key=lambda c: (c.registered / c.members, c.cell_name))[:CELLS_SHOWN]
    behind.reverse()  # the furthest behind on top
    names = [c.cell_name[:28] for c in behind]
    registered = [100 * c.registered / c.members for c in behind]
    finished = [100 * c.finished / c.tasks if c.tasks else 0.0 for c in behind]
    figure = Figure(figsize=(9, 1.4 + 0.7 * len(behind)))
    axes = figure.subplots()
    positions = list(range(len(behind)))
    axes.barh(
        [p + 0.2 for p in positions],
        registered,
        height=0.4,
        label=t(labels.REGISTERED),
        color="#c62828",
    )
    axes.barh(
        [p - 0.2 for p in positions],
        finished,
        height=0.4,
        label=t(labels.TASKS_FINISHED),
        color="#f9a825",
    )
    for position, value in zip(positions, registered, strict=True):
        axes.text(
            value + 1,
            position + 0.2,
            formatting.number(round(value, 1), t.language) + "%",
            va="center",
            fontsize=12,
        )
    axes.set_yticks(positions, names, fontsize=13)
    axes.set_xlim(0, 115)
    axes.xaxis.set_major_formatter(_percent_axis(t))
    axes.tick_params(axis="x", labelsize=12)
    title = t(labels.REGISTRATION_AND_PROGRESS_BY_CELL)
    if len(cells) > CELLS_SHOWN:
        title += "\n" + t("the {count} cells furthest behind", count=CELLS_SHOWN)
    axes.set_title(title, fontsize=16)
    axes.legend(fontsize=12, loc="lower right")
    return _png(figure)


def attendance_chart(data: PeriodReportData, t: Translator) -> bytes | None:
    """Bars per month: attendance at cell meetings, the 85% bar as a line."""
    meetings = data.meetings
    if meetings is None:
        return None
    months = [m for m in meetings.by_month if m.expected]
    if not months:
        return None
    months_shown = [f"{m.month.month:02d}/{m.month.year % 100:02d}" for m in months]
    rates = [100 * m.rate for m in months]
    figure = Figure(figsize=(9, 5.5))
    axes = figure.subplots()
    colours = ["#2e7d32" if r > 100 * QUALITY_BAR else "#c62828" for r in rates]
    axes.bar(months_shown, rates, color=colours)
    for index, rate in enumerate(rates):
        axes.text(
            index,
            rate + 1,
            formatting.number(round(rate, 1), t.language) + "%",
            ha="center",
            fontsize=12,
        )
    axes.axhline(
        100 * QUALITY_BAR, color="#424242", linestyle="--", linewidth=2, label=t(labels.THE_85_BAR)
    )
    axes.legend(fontsize=12, loc="lower right", framealpha=1)
    axes.set_ylim(0, 110)
    axes.yaxis.set_major_formatter(_percent_axis(t))
    axes.tick_params(labelsize=12)
    axes.set_title(t(labels.ATTENDANCE_AT_CELL_MEETINGS_BY_MONTH), fontsize=16)
    return _png(figure)


def targets_chart(data: PeriodReportData, t: Translator) -> bytes | None:
    """A bar per target (counts with a value): achieved as a share of its plan, 100% a line."""
    lines = chartable(list(data.targets))[:12]
    if not lines:
        return None
    names = [line.title if len(line.title) <= 22 else line.title[:21] + "…" for line in lines]
    shares = [float(line.percent or 0) for line in lines]
    figure = Figure(figsize=(9, 1.8 + 0.7 * len(lines)))
    axes = figure.subplots()
    colours = ["#2e7d32" if s >= 100 else "#f9a825" for s in shares]
    axes.barh(names, shares, color=colours)
    for index, value in enumerate(shares):
        axes.text(
            value + 1,
            index,
            formatting.number(round(value, 1), t.language) + "%",
            va="center",
            fontsize=12,
        )
    axes.axvline(100, color="#424242", linestyle="--", linewidth=2, label=t(labels.THE_PLAN))
    axes.legend(fontsize=12, loc="lower right", framealpha=1)
    axes.set_xlim(0, max(120, max(shares) + 15))
    axes.xaxis.set_major_formatter(_percent_axis(t))
    axes.invert_yaxis()
    axes.tick_params(labelsize=12)
    axes.set_title(t(labels.TARGETS_AGAINST_PLAN), fontsize=16)
    figure.tight_layout()
    return _png(figure)


def chart(kind: ChartKind, data: PeriodReportData, t: Translator) -> bytes | None:
    """The chart ``kind`` for ``data``; None where there is nothing to draw."""
    with _LOCK, matplotlib.rc_context({"font.family": FONT}):
        if kind is ChartKind.REGISTRATION:
            return registration_chart(data, t)
        if kind is ChartKind.ATTENDANCE:
            return attendance_chart(data, t)
        if kind is ChartKind.TARGETS:
            return targets_chart(data, t)
        return None
