"""What a member's conversations keep between their steps: one typed slot per conversation,
as python-telegram-bot's ``user_data`` (``ContextTypes(user_data=UserData)``; handlers reach it
as ``context.slots``). It lives in memory: a restart ends every conversation, and nothing
half-made is ever saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # each slot's type belongs to its conversation
    from handlers.broadcasts.broadcast import Draft as NoticeDraft
    from handlers.dues.reason import ReasonAsked
    from handlers.inspections.add_item import NewItem
    from handlers.inspections.item_steps import ItemAsked
    from handlers.inspections.remediation import RemediationDraft
    from handlers.inspections.supervision import Supervising
    from handlers.meetings.meeting_planning_state import Planning
    from handlers.meetings.rsvp import AbsenceAsked
    from handlers.ratings.answers import RatingAsked
    from handlers.ratings.open_cycle import NewCycle
    from handlers.ratings.self_review import ReviewDraft
    from handlers.targets.add_target import NewTarget
    from handlers.tasks.approval import Returning
    from handlers.tasks.registration_steps import Answers
    from handlers.tasks.task_edit import FieldEdit
    from handlers.tasks.task_verdicts import Verdict
    from handlers.tasks.year_admin import PendingYear
    from handlers.tasks.year_areas import PendingAreas


@dataclass
class UserData:
    # Which conversations wait for something typed, and the last update a step took
    # (handlers.kit.conversations: one form at a time, and a reminder after other commands).
    open_forms: set[str] = field(default_factory=set)
    # Conversations under way (a form, or a menu of buttons), by name.
    conversations: set[str] = field(default_factory=set)
    answered: int | None = None

    registration: Answers | None = None  # /dangky
    notice: NoticeDraft | None = None  # /thongbao
    meeting_planning: Planning | None = None  # /lichhop
    task_action: int | None = None  # the task whose progress, note or withdrawal is asked
    task_verdict: Verdict | None = None  # done, exceeded, not achieved
    task_edit: FieldEdit | None = None
    task_return: Returning | None = None  # /duyet: the reason a task is returned
    approve_all: list[int] | None = None  # the tasks «Approve all» asked about
    absence: AbsenceAsked | None = None  # the reason for an absence, in words
    year_change: PendingYear | None = None  # /nam, waiting for «Lưu»
    area_change: PendingAreas | None = None  # /khaudotpha, waiting for «Lưu»
    self_report: int | None = None  # /tubaocao: the item the self-report is for
    remediation: RemediationDraft | None = None  # /khacphuc: an action added, done, sent back
    supervision: Supervising | None = None  # /giamsat: whom the note is about
    inspection_item: ItemAsked | None = None  # /kiemtra: a step's due date or summary, a change
    inspection_new: NewItem | None = None  # /kiemtra: an item being added, as a form
    target_new: NewTarget | None = None  # /chitieu: a target being added, as a form
    target_value: int | None = None  # /chitieu: the target whose value is asked
    rating_review: ReviewDraft | None = None  # /tukiemdiem: the self-review being written
    rating_cycle: NewCycle | None = None  # /xeploai: a review cycle being opened
    rating_asked: RatingAsked | None = None  # /xeploai: votes, a note or a reason asked
    dues_reason: ReasonAsked | None = None  # /dangphi: why a month is exempt, reduced, deferred
