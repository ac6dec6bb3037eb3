"""What each section of the period report says, in a form every output reads: the chat's
summary (its findings), the workbook (its table, one sheet each) and the document draft (its
heading, sentences, table and chart). Plain data, already translated."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class State(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    AT_RISK = "at_risk"


@dataclass(frozen=True)
class Finding:
    state: State
    text: str


class ColumnKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"  # a share (0.85 is 85%)


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = ColumnKind.NUMBER
    width: int = 12


@dataclass(frozen=True)
class Table:
    columns: list[Column]
    rows: list[list[object]]
    total: list[object] | None = None


class ChartKind(StrEnum):
    REGISTRATION = "registration"  # registration and progress by cell
    ATTENDANCE = "attendance"  # attendance by month against the 85% bar
    TARGETS = "targets"  # the targets against their plan (once the targets plug in)


@dataclass(frozen=True)
class Section:
    sheet: str  # the workbook's sheet name: at most 31 characters
    heading: str
    sentences: list[str]
    findings: list[Finding] = field(default_factory=list)
    table: Table | None = None
    chart: ChartKind | None = None


def share(part: int, whole: int) -> float:
    """A percent column's value."""
    return part / whole if whole else 0.0
