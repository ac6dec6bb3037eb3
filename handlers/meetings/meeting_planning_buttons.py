"""The callback data of /lichhop's buttons: the planner's menu, the questions of a new
meeting, the preview, and a planned meeting's card. Carrying ids only: the service checks that
the planner may change the meeting."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.domain.meetings import Attendees, MeetingKind
from handlers.kit.callbacks import CallbackData

Repeat = Literal["none", "month", "quarter"]
NO_REPEAT: Repeat = "none"
MONTHLY: Repeat = "month"
QUARTERLY: Repeat = "quarter"
PreviewField = Literal[
    "kind", "title", "scope", "attendees", "start", "repeat", "place", "agenda"
]  # fmt: skip
CardField = Literal["title", "place", "agenda"]


# The menu of meetings one may change.
@dataclass(frozen=True)
class NewMeeting(CallbackData, prefix="mp:new"):
    pass


@dataclass(frozen=True)
class PlanningMenu(CallbackData, prefix="mp:menu"):
    """Back to the menu."""


@dataclass(frozen=True)
class PlanningPage(CallbackData, prefix="mp:p:"):
    page: int


# The questions of a new meeting.
@dataclass(frozen=True)
class ChooseKind(CallbackData, prefix="mp:k:"):
    kind: MeetingKind


@dataclass(frozen=True)
class ChooseCell(CallbackData, prefix="mp:s:"):
    cell: int


@dataclass(frozen=True)
class ChooseEveryone(CallbackData, prefix="mp:s:all"):
    """The whole organisation (the committee)."""


@dataclass(frozen=True)
class CellChoicePage(CallbackData, prefix="mp:s:p"):
    page: int


@dataclass(frozen=True)
class ChooseAttendees(CallbackData, prefix="mp:a:"):
    attendees: Attendees


@dataclass(frozen=True)
class ChooseRepeat(CallbackData, prefix="mp:r:"):
    repeat: Repeat


@dataclass(frozen=True)
class SkipAnswer(CallbackData, prefix="mp:skip"):
    pass


# The preview: save, cancel, change one answer (which, then back), save despite a similar series.
@dataclass(frozen=True)
class SaveMeeting(CallbackData, prefix="mp:save"):
    pass


@dataclass(frozen=True)
class DropMeeting(CallbackData, prefix="mp:drop"):
    pass


@dataclass(frozen=True)
class EditPreview(CallbackData, prefix="mp:pe"):
    pass


@dataclass(frozen=True)
class EditAnswer(CallbackData, prefix="mp:pf:"):
    field: PreviewField


@dataclass(frozen=True)
class BackToPreview(CallbackData, prefix="mp:pb"):
    pass


@dataclass(frozen=True)
class SaveAnyway(CallbackData, prefix="mp:sa"):
    pass


# A planned meeting's card and what can be done from it.
@dataclass(frozen=True)
class OpenPlanned(CallbackData, prefix="mp:o:"):
    meeting: int


@dataclass(frozen=True)
class EditPlanned(CallbackData, prefix="mp:e:"):
    meeting: int


@dataclass(frozen=True)
class EditPlannedField(CallbackData, prefix="mp:f:"):
    field: CardField


@dataclass(frozen=True)
class MovePlanned(CallbackData, prefix="mp:mv:"):
    meeting: int


@dataclass(frozen=True)
class CancelPlanned(CallbackData, prefix="mp:x:"):
    meeting: int


@dataclass(frozen=True)
class CancelPlannedConfirmed(CallbackData, prefix="mp:xy:"):
    meeting: int


@dataclass(frozen=True)
class AddDocument(CallbackData, prefix="mp:d:"):
    meeting: int


SCOPE_BUTTONS = (ChooseCell, ChooseEveryone, CellChoicePage)
PREVIEW_BUTTONS = (SaveMeeting, DropMeeting, SaveAnyway, EditPreview, BackToPreview, EditAnswer)
PlannedButton = (
    OpenPlanned | EditPlanned | MovePlanned | CancelPlanned | CancelPlannedConfirmed | AddDocument
)
PLANNED_BUTTONS = (
    OpenPlanned,
    EditPlanned,
    MovePlanned,
    CancelPlanned,
    CancelPlannedConfirmed,
    AddDocument,
)
BUTTONS = (  # every /lichhop button
    NewMeeting,
    PlanningMenu,
    PlanningPage,
    ChooseKind,
    *SCOPE_BUTTONS,
    ChooseAttendees,
    ChooseRepeat,
    SkipAnswer,
    *PREVIEW_BUTTONS,
    *PLANNED_BUTTONS,
    EditPlannedField,
)
