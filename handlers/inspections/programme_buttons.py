"""The buttons of /kiemtra: the programme's pages, an item's card, its steps, and the draft's
review. Each carries ids only; the services decide whether the one who pressed may."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.inspections.model import ItemKind, ItemState
from handlers.kit.callbacks import CallbackData


@dataclass(frozen=True)
class ProgrammePage(CallbackData, prefix="ikt:p:"):
    page: int


@dataclass(frozen=True)
class OpenItem(CallbackData, prefix="ikt:o:"):
    item: int


@dataclass(frozen=True)
class ProposeDraft(CallbackData, prefix="ikt:d"):
    pass


@dataclass(frozen=True)
class AdoptProgramme(CallbackData, prefix="ikt:a:"):
    programme: int


@dataclass(frozen=True)
class ReviewItem(CallbackData, prefix="ikt:r:"):
    """Accept a proposed item, or drop it."""

    item: int
    verdict: Literal["ok", "drop"]


@dataclass(frozen=True)
class PickMonth(CallbackData, prefix="ikt:m:"):
    item: int


@dataclass(frozen=True)
class MoveItem(CallbackData, prefix="ikt:mv:"):
    item: int
    month: int


@dataclass(frozen=True)
class ChangeLead(CallbackData, prefix="ikt:l:"):
    item: int


@dataclass(frozen=True)
class ChangeTarget(CallbackData, prefix="ikt:t:"):
    item: int


@dataclass(frozen=True)
class TakeStep(CallbackData, prefix="ikt:s:"):
    item: int
    to: ItemState


@dataclass(frozen=True)
class DefaultDue(CallbackData, prefix="ikt:dd:"):
    """Notify with the self-report due in the default number of days."""

    item: int


@dataclass(frozen=True)
class SkipDecision(CallbackData, prefix="ikt:ds:"):
    """Decide without writing the decision's reference."""

    item: int


@dataclass(frozen=True)
class AddItemForm(CallbackData, prefix="ikt:n"):
    pass


@dataclass(frozen=True)
class AddItemKind(CallbackData, prefix="ikt:k:"):
    kind: ItemKind
