"""Typed user_data (handlers.kit.user_data): each member's conversations keep their own slots,
and /lichhop's plan forgets a new meeting's answers without forgetting the meeting it changes."""

from __future__ import annotations

from telegram.ext import ApplicationBuilder

from bot.domain.meetings import MeetingKind
from handlers.kit.context import CONTEXT_TYPES
from handlers.kit.user_data import UserData
from handlers.meetings.meeting_planning_state import draft_of, forget_draft, planning


def test_each_member_starts_with_empty_slots_of_their_own() -> None:
    application = ApplicationBuilder().token("1:sandbox").context_types(CONTEXT_TYPES).build()
    first, second = application.user_data[1], application.user_data[2]
    assert isinstance(first, UserData) and first == UserData()
    first.approve_all = [7, 8]
    first.open_forms.add("registration")
    assert second.approve_all is None and second.open_forms == set()
    assert application.user_data[1].approve_all == [7, 8]


def test_a_meeting_plan_keeps_its_draft_until_it_is_forgotten() -> None:
    slots = UserData()
    draft = draft_of(slots)
    draft.kind = MeetingKind.STUDY
    assert draft_of(slots) is draft
    planning(slots).meeting, planning(slots).field = 31, "place"
    forget_draft(slots)
    assert draft_of(slots).kind is MeetingKind.CELL_MEETING  # a blank draft again
    assert (planning(slots).meeting, planning(slots).field) == (31, "place")
