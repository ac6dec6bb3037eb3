"""The inspection reminders' rules, pure: each reminder on its day and none the day before,
nothing once it was sent or its step is taken (the self-report arrived, the action done), the
owner's weekly notices three times at most and the lead told once after them, the digest and
the quarterly warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import Item, RemediationAction, Review
from bot.domain.inspections.reminders import (
    Occasion,
    Reminder,
    action_reminders,
    behind_reminders,
    digest_reminders,
    is_committee_secretary,
    item_reminders,
    required_closed,
    unsent,
)

LEAD, TEAM, TARGET, OWNER, SECRETARY = 10, 11, 20, 21, 30
DUE = date(2026, 4, 17)  # the self-report's due date (a Friday)


def _item(state: ItemState = ItemState.PLANNED, **changes: object) -> Item:
    item = Item(
        id=7,
        programme_id=1,
        kind=ItemKind.INSPECTION,
        content="Kiểm tra việc thực hiện nhiệm vụ đảng viên",
        target=Target(TargetKind.MEMBER, TARGET, 3),
        month=4,
        lead_id=LEAD,
        team_ids=(TEAM,),
        period="Năm 2025",
        method="",
        decision_ref="",
        reason="",
        state=state,
        review=Review.ACCEPTED,
        self_report_due=DUE if state is not ItemState.PLANNED else None,
        self_report_at=None,
        conclusion=None,
    )
    return replace(item, **changes)  # type: ignore[arg-type]


def _on(day: date, item: Item, received: date | None = None) -> list[tuple[Occasion, int]]:
    found = item_reminders(item, 2026, day, targets=(TARGET,), received=received)
    return [(r.occasion, r.member_id) for r in found]


def test_the_lead_a_month_before_and_on_the_first_day() -> None:
    planned = _item()
    assert _on(date(2026, 2, 28), planned) == []
    assert _on(date(2026, 3, 1), planned) == [(Occasion.PREPARE, LEAD)]
    assert _on(date(2026, 4, 1), planned) == [(Occasion.START, LEAD)]
    # Decided already: no "prepare the decision", but still the first day.
    decided = _item(ItemState.DECIDED, self_report_due=None)
    assert _on(date(2026, 3, 1), decided) == []
    assert _on(date(2026, 4, 1), decided) == [(Occasion.START, LEAD)]
    # Notified before the month begins: nothing left to start.
    assert _on(date(2026, 4, 1), _item(ItemState.NOTIFIED)) != [(Occasion.START, LEAD)]
    # No lead, nobody to remind; a January item is prepared in December of the year before.
    assert _on(date(2026, 3, 1), _item(lead_id=None)) == []
    january = item_reminders(_item(month=1), 2026, date(2025, 12, 1), targets=(TARGET,))
    assert [(r.occasion, r.key) for r in january] == [
        (Occasion.PREPARE, f"insp-prepare:7:2026-01:m{LEAD}")
    ]


def test_the_target_is_told_then_reminded_3_days_before_and_on_the_due_date() -> None:
    notified = _item(ItemState.NOTIFIED)
    assert _on(DUE - timedelta(days=10), notified) == [(Occasion.NOTIFIED, TARGET)]
    assert _on(DUE - timedelta(days=4), notified) == [(Occasion.NOTIFIED, TARGET)]
    assert _on(DUE - timedelta(days=3), notified) == [(Occasion.REPORT_SOON, TARGET)]
    assert _on(DUE, notified) == [(Occasion.REPORT_DUE, TARGET)]
    assert _on(DUE + timedelta(days=1), notified) == []


def test_nothing_for_the_target_once_the_self_report_arrived() -> None:
    arrived = datetime(2026, 4, 15, 3, tzinfo=UTC)
    received = _item(ItemState.SELF_REPORT_RECEIVED, self_report_at=arrived)
    for day in (DUE - timedelta(days=3), DUE):
        assert [o for o, _ in _on(day, received, arrived.date())] == []


def test_the_team_3_days_before_the_verification_window_closes() -> None:
    arrived = date(2026, 4, 15)
    item = _item(ItemState.VERIFYING, self_report_at=datetime(2026, 4, 15, 3, tzinfo=UTC))
    closes = arrived + timedelta(days=20)
    assert _on(closes - timedelta(days=4), item, arrived) == []
    assert _on(closes - timedelta(days=3), item, arrived) == [
        (Occasion.VERIFY, LEAD),
        (Occasion.VERIFY, TEAM),
    ]
    assert _on(closes, item, arrived) == []
    shorter = item_reminders(
        item, 2026, arrived + timedelta(days=7), targets=(), received=arrived, verification_days=10
    )
    assert [r.occasion for r in shorter] == [Occasion.VERIFY, Occasion.VERIFY]
    # Concluded: the team is not reminded.
    assert _on(closes - timedelta(days=3), replace(item, state=ItemState.CONCLUDED), arrived) == []


def test_regular_supervision_and_dropped_items_remind_nobody() -> None:
    supervision = _item(ItemState.NOTIFIED, kind=ItemKind.REGULAR_SUPERVISION)
    dropped = _item(review=Review.DROPPED)
    assert _on(DUE, supervision) == []
    assert _on(date(2026, 3, 1), dropped) == []
    # The commission's ad hoc inspection of a suspected violation: no month to prepare for.
    violation = _item(kind=ItemKind.VIOLATION_INSPECTION)
    assert _on(date(2026, 3, 1), violation) == []
    assert _on(date(2026, 4, 1), violation) == []


ACTION_DUE = date(2026, 6, 30)


def _action(**changes: object) -> RemediationAction:
    action = RemediationAction(
        id=5,
        item_id=7,
        action="Bổ sung hồ sơ đảng viên",
        owner_id=OWNER,
        due=ACTION_DUE,
        done_at=None,
        done_note=None,
        evidence_file_id=None,
        evidence_kind=None,
        verified_at=None,
        verified_by=None,
    )
    return replace(action, **changes)  # type: ignore[arg-type]


def _owner_on(day: date, action: RemediationAction | None = None) -> list[Reminder]:
    item = _item(ItemState.REMEDIATING)
    return action_reminders(action or _action(), item, day, escalate_to=(LEAD,))


def test_the_owner_7_days_before_on_the_day_then_weekly_three_times_then_the_lead() -> None:
    plan = {}
    for offset in range(-10, 60):
        day = ACTION_DUE + timedelta(days=offset)
        plan[offset] = [(r.occasion, r.member_id, r.number) for r in _owner_on(day)]
    assert plan[-8] == []
    assert plan[-7] == [(Occasion.ACTION_SOON, OWNER, 0)]
    assert plan[0] == [(Occasion.ACTION_DUE, OWNER, 0)]
    assert plan[7] == [(Occasion.ACTION_OVERDUE, OWNER, 1)]
    assert plan[14] == [(Occasion.ACTION_OVERDUE, OWNER, 2)]
    assert plan[21] == [(Occasion.ACTION_OVERDUE, OWNER, 3)]
    assert plan[28] == [(Occasion.ESCALATION, LEAD, 0)]
    # Sent day by day, as the job does: four notices to the owner, then the lead once.
    sent: set[str] = set()
    delivered = []
    for offset in range(-10, 60):
        for reminder in unsent(_owner_on(ACTION_DUE + timedelta(days=offset)), sent):
            sent.add(reminder.key)
            delivered.append((offset, reminder.occasion, reminder.member_id))
    assert delivered == [
        (-7, Occasion.ACTION_SOON, OWNER),
        (0, Occasion.ACTION_DUE, OWNER),
        (7, Occasion.ACTION_OVERDUE, OWNER),
        (14, Occasion.ACTION_OVERDUE, OWNER),
        (21, Occasion.ACTION_OVERDUE, OWNER),
        (28, Occasion.ESCALATION, LEAD),
    ]


def test_a_done_action_reminds_nobody_and_the_secretary_hears_when_no_lead() -> None:
    done = _action(done_at=datetime(2026, 7, 1, tzinfo=UTC))
    assert _owner_on(ACTION_DUE + timedelta(days=7), done) == []
    item = _item(ItemState.REMEDIATING, lead_id=None)
    late = ACTION_DUE + timedelta(days=30)
    told = action_reminders(_action(), item, late, escalate_to=(SECRETARY,))
    assert [(r.occasion, r.member_id) for r in told] == [(Occasion.ESCALATION, SECRETARY)]
    assert is_committee_secretary("Bí thư Đảng ủy")
    assert not is_committee_secretary("Phó Bí thư Đảng ủy")
    assert not is_committee_secretary(None)


def test_once_sent_a_reminder_is_not_due_again() -> None:
    day = DUE - timedelta(days=3)
    [soon] = item_reminders(_item(ItemState.NOTIFIED), 2026, day, targets=(TARGET,))
    assert unsent([soon], {soon.key}) == []
    # The next day the same reminder (same key) is still the useful one, and still sent.
    [again] = item_reminders(
        _item(ItemState.NOTIFIED), 2026, day + timedelta(days=1), targets=(TARGET,)
    )
    assert again.key == soon.key and unsent([again], {soon.key}) == []


def test_the_digest_on_the_first_of_the_month_and_the_warning_at_checkpoints() -> None:
    assert digest_reminders(date(2026, 4, 30), (1, 2)) == []
    assert [r.member_id for r in digest_reminders(date(2026, 5, 1), (1, 2))] == [1, 2]
    assert required_closed(12, 3) == 3
    assert required_closed(10, 3) == 3  # 2,5 rounds up
    # April 1st: a quarter of the year gone; 12 items, 2 closed is behind, 3 is not.
    assert [r.occasion for r in behind_reminders(date(2026, 4, 1), (1,), items=12, closed=2)] == [
        Occasion.BEHIND
    ]
    assert behind_reminders(date(2026, 4, 1), (1,), items=12, closed=3) == []
    assert behind_reminders(date(2026, 5, 1), (1,), items=12, closed=0) == []  # no checkpoint
    assert behind_reminders(date(2026, 3, 31), (1,), items=12, closed=0) == []
    assert behind_reminders(date(2026, 12, 1), (1,), items=12, closed=10) != []  # 11 needed
