"""The state of a /lichhop conversation: its steps, and the draft kept in ``user_data``
(in memory: a restart ends the conversation, nothing half-made is saved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from telegram.ext import ConversationHandler

from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest

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
DRAFT, MEETING, FIELD = "meeting_plan.draft", "meeting_plan.meeting", "meeting_plan.field"
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


def draft_of(user_data: dict[Any, Any] | None) -> Draft:
    if user_data is None:
        return Draft()
    found = user_data.get(DRAFT)
    if not isinstance(found, Draft):
        found = user_data[DRAFT] = Draft()
    return found


def meeting_of(user_data: dict[Any, Any] | None) -> int | None:
    found = (user_data or {}).get(MEETING)
    return found if isinstance(found, int) else None
