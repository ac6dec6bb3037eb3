"""Callback data of /dangphi's buttons and of the monthly reminder's «✅ Tôi đã đóng».
A month is written as its first day (``YYYYMMDD``). Reminders wait in the outbox and stay in
chats: keep these formats stable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from bot.domain.dues.model import DuesState
from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class Claim(CallbackData, prefix="dp:c:"):
    """The member's own "I paid" for a month."""

    month: date


@dataclass(frozen=True)
class Grid(CallbackData, prefix="dp:g:"):
    """A cell's grid of the year, a page of its members."""

    cell: int
    year: int
    page: int


@dataclass(frozen=True)
class MonthMembers(CallbackData, prefix="dp:m:"):
    """One month of a cell: a button per member."""

    cell: int
    month: date
    page: int


@dataclass(frozen=True)
class Confirm(CallbackData, prefix="dp:ok:"):
    """One tap: a member's claim confirmed; ``back`` is the view shown after it: the grid
    (``g``) or the month (``m``)."""

    member: int
    month: date
    back: Literal["g", "m"]


@dataclass(frozen=True)
class Entry(CallbackData, prefix="dp:e:"):
    """A member's month: what the secretary may record for it."""

    member: int
    month: date


@dataclass(frozen=True)
class Mark(CallbackData, prefix="dp:k:"):
    """Paid in cash, or back to unpaid."""

    member: int
    month: date
    mark: Literal["cash", "unpaid"]


@dataclass(frozen=True)
class AskReason(CallbackData, prefix="dp:r:"):
    """Exempt, reduced or deferred: the reason is asked next."""

    member: int
    month: date
    state: DuesState


@dataclass(frozen=True)
class Cells(CallbackData, prefix="dp:o:"):
    """The committee's figures by cell, a page of cells."""

    year: int
    page: int


def first_day(year: int, month: int) -> date:
    return date(year, month, 1)
