"""The state of a /lichhop conversation: its steps, and what it keeps in ``context.slots``
(in memory: a restart ends the conversation, nothing half-made is saved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from telegram.ext import ConversationHandler

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from handlers.kit.user_data import UserData

END = ConversationHandler.END
(
    MENU,
    KIND,
    TITLE,
    SCOPE,
    ATTENDEES,
    START,
    REPEAT,
    PLACE,
    AGENDA,
    PREVIEW,
    CARD,
    EDIT_FIELD,
    EDIT_VALUE,
    MOVE,
    CANCEL,
    DOCUMENT,
) = range(16)
# The questions of a new meeting, in the order they are asked.
QUESTIONS = (KIND, TITLE, SCOPE, ATTENDEES, START, REPEAT, PLACE, AGENDA)
Step = tuple[int, int]  # this question's number, and how many questions there are


@dataclass
class Draft:
    """What the secretary has answered so far; times are the organisation's local time."""

    kind: MeetingKind = MeetingKind.CELL_MEETING
    title: str = ""
    cell: str | None = None  # a cell's name; None with everyone
    cell_id: int | None = None
    everyone: bool = False
    attendees: Attendees = Attendees.PARTY
    starts: datetime | None = None
    repeat: str | None = None
    repeat_fields: dict[str, str] = field(default_factory=dict)  # the rule read, to say it
    first: tuple[datetime, ...] = ()  # the series' first dates, for the preview
    place: str | None = None
    online_link: str | None = None
    agenda: str | None = None
    editing: bool = False  # one answer changed from the preview: back to it after
    asks_scope: bool = True  # False for the secretary of one cell: whose meeting is not asked

    def step(self, question: int) -> Step:
        """The question's number among those this planner is actually asked."""
        asked = [q for q in QUESTIONS if q != SCOPE or self.asks_scope]
        return asked.index(question) + 1, len(asked)

    def request(self) -> MeetingRequest:
        assert self.starts is not None
        return MeetingRequest(
            kind=self.kind,
            title=self.title,
            starts=self.starts,
            cells=() if self.cell is None else (self.cell,),
            everyone=self.everyone,
            place=self.place,
            online_link=self.online_link,
            agenda=self.agenda,
            attendees=self.attendees,
            repeat=self.repeat,
        )


@dataclass
class Planning:
    """One member's /lichhop: a new meeting's answers so far, or the planned meeting being
    changed and which of its fields is asked."""

    draft: Draft | None = None
    meeting: int | None = None
    field: str | None = None


def planning(slots: UserData) -> Planning:
    if slots.meeting_planning is None:
        slots.meeting_planning = Planning()
    return slots.meeting_planning


def draft_of(slots: UserData) -> Draft:
    """The new meeting's answers so far; a blank draft when there are none."""
    found = planning(slots)
    if found.draft is None:
        found.draft = Draft()
    return found.draft


def forget_draft(slots: UserData) -> None:
    if slots.meeting_planning is not None:
        slots.meeting_planning.draft = None
