"""Callback data of /dangphi's buttons and of the monthly reminder's «✅ Tôi đã đóng».
Reminders wait in the outbox and stay in chats: keep these formats stable."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.dues.model import DuesState
from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class Claim(CallbackData, prefix="dp:c:"):
    """The member's own "I paid" for a month."""

    year: int
    month: int


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
    year: int
    month: int
    page: int


@dataclass(frozen=True)
class Confirm(CallbackData, prefix="dp:ok:"):
    """One tap: a member's claim confirmed; ``back`` is the view shown after it: the grid
    (``g``) or the month (``m``)."""

    member: int
    year: int
    month: int
    back: Literal["g", "m"]


@dataclass(frozen=True)
class Entry(CallbackData, prefix="dp:e:"):
    """A member's month: what the secretary may record for it."""

    member: int
    year: int
    month: int


@dataclass(frozen=True)
class Mark(CallbackData, prefix="dp:k:"):
    """Paid in cash, or back to unpaid."""

    member: int
    year: int
    month: int
    mark: Literal["cash", "unpaid"]


@dataclass(frozen=True)
class AskReason(CallbackData, prefix="dp:r:"):
    """Exempt, reduced or deferred: the reason is asked next."""

    member: int
    year: int
    month: int
    state: DuesState


@dataclass(frozen=True)
class Cells(CallbackData, prefix="dp:o:"):
    """The committee's figures by cell, a page of cells."""

    year: int
    page: int
