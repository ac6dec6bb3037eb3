"""The rating services on a real SQLite file: a cycle opened with its party members, a
self-review checked, the cell's proposals and list, the committee's decision (a reason when it
differs), the distribution, publication once, and refusals audited."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.domain.attendance import Status
from bot.domain.errors import NotAllowed, UserError
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.model import Channel, Identity, Member, Unit
from bot.domain.ratings.levels import Level, MismatchKind, TaskEvidence
from bot.domain.ratings.records import Cycle, Entry, EntryState, NotRated
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.i18n import translator
from bot.services.container import Services
from bot.services.ratings.access import RatingRefused
from bot.services.ratings.self_reviews import CLOSED, NOT_ASKED
from handlers.ratings.rating_text import evidence_text

DATABASE: list[Path] = []


@pytest.fixture(autouse=True)
def _database(tmp_path: Path) -> None:
    DATABASE[:] = [tmp_path / "butpha.sqlite3"]


ANSWERS = {"strengths": "Nhiệt tình", "shortcomings": "Chậm báo cáo"}


async def who(services: Services, code: str) -> Identity:
    with sqlite3.connect(DATABASE[0]) as conn:
        [(member_id,)] = conn.execute("SELECT id FROM members WHERE member_code = ?", (code,))
    identity = await services.membership.identity_of(member_id)
    assert identity is not None
    return identity


async def open_cycle(services: Services) -> None:
    giang = await who(services, "B3")
    await services.rating_cycles.open(
        giang,
        year=2026,
        quarter=None,
        self_review_due=date(2026, 12, 10),
        cells_by=date(2026, 12, 20),
        decision_by=date(2026, 12, 28),
    )


def audited(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / "butpha.sqlite3") as conn:
        [(count,)] = conn.execute(
            "SELECT count(*) FROM audit_log WHERE event = 'rating_access_refused'"
        ).fetchall()
    return int(count)


def member_notice(member: Member, cycle: Cycle, entry: Entry) -> str:
    return f"{member.full_name}: {entry.level}"


def cell_notice(member: Member, cycle: Cycle, cell: Unit, entries: list[Entry]) -> str:
    return f"{cell.name}: {len(entries)}"


async def test_only_the_committee_opens_and_party_members_are_entered(
    organisation: Services,
) -> None:
    services = organisation
    em = await who(services, "B2")
    with pytest.raises(NotAllowed):
        await services.rating_cycles.open(
            em,
            year=2026,
            quarter=None,
            self_review_due=date(2026, 12, 10),
            cells_by=date(2026, 12, 20),
            decision_by=date(2026, 12, 28),
        )
    with pytest.raises(UserError):
        await services.rating_cycles.open(
            None,
            year=2026,
            quarter=None,
            self_review_due=date(2026, 12, 21),
            cells_by=date(2026, 12, 20),
            decision_by=date(2026, 12, 28),
        )
    await open_cycle(services)
    overview = await services.committee_ratings.overview(None)
    # Five party members in two cells; Cường (non-party) is not rated as a party member.
    assert sum(line.members for line in overview.cells) == 5


async def test_a_self_review_checked_against_the_conditions(organisation: Services) -> None:
    services = organisation
    await open_cycle(services)
    em = await who(services, "B2")
    mine = await services.self_reviews.mine(em)
    assert mine.editable and mine.entry.state is EntryState.NOT_SUBMITTED
    checked = await services.self_reviews.submit(
        em,
        answers=ANSWERS,
        file_id=None,
        file_kind=None,
        level=Level.EXCELLENT,
        score=85,
        channel=Channel.TELEGRAM,
    )
    assert [m.kind for m in checked.mismatches] == [MismatchKind.SCORE_BAND]
    assert checked.suggested is Level.GOOD
    mine = await services.self_reviews.mine(em)
    assert mine.entry.review is not None and mine.entry.review.answers == ANSWERS
    with pytest.raises(UserError):
        await services.self_reviews.submit(
            em, answers={}, file_id=None, file_kind=None, level=Level.GOOD, score=80,
            channel=Channel.TELEGRAM,
        )  # fmt: skip


async def test_cell_proposes_committee_decides_and_publishes_once(
    organisation: Services, tmp_path: Path
) -> None:
    services = organisation
    await open_cycle(services)
    dung = await who(services, "B1")  # secretary of Liên khoa
    giang = await who(services, "B3")
    em = await who(services, "B2")
    an = await who(services, "A1")  # secretary of Phòng Đào tạo
    cell = em.cell.id

    # A plain member and another cell's secretary may not reach the cell or its members.
    for intruder in (em, an):
        with pytest.raises(RatingRefused):
            await services.cell_ratings.propose(intruder, dung.member.id, Level.GOOD)
    assert audited(tmp_path) == 2

    for code, level in (("B1", Level.GOOD), ("B2", Level.EXCELLENT), ("B3", Level.GOOD)):
        member = await who(services, code)
        await services.cell_ratings.propose(dung, member.member.id, level, (8, 9))
    await services.cell_ratings.review_cell(dung, cell, Level.GOOD, "Đoàn kết")
    roster = await services.cell_ratings.submit(dung, cell)
    assert roster.review.submitted_at is not None
    with pytest.raises(UserError):
        await services.cell_ratings.propose(dung, em.member.id, Level.GOOD)

    # The member sees no level before publication.
    assert (await services.self_reviews.mine(em)).entry.level is None

    with pytest.raises(UserError):  # differs from the proposal without a reason
        await services.committee_ratings.decide(giang, em.member.id, Level.GOOD)
    decided = await services.committee_ratings.decide(
        giang, em.member.id, Level.GOOD, "Chưa đủ 30% vượt yêu cầu"
    )
    assert decided.decided is Level.GOOD
    with pytest.raises(UserError):  # Phòng Đào tạo has proposed nothing
        await services.committee_ratings.publish(giang, member_notice, cell_notice)
    for code in ("A1", "A2"):
        member = await who(services, code)
        await services.committee_ratings.decide(giang, member.member.id, Level.COMPLETE, "Ít việc")
    overview = await services.committee_ratings.overview(giang)
    assert overview.distribution.good == 3
    figures = await services.committee_ratings.figures(2026)
    assert figures is not None and (figures.good, figures.rated) == (3, 5)
    in_cell = await services.committee_ratings.figures(2026, cell)
    assert in_cell is not None and in_cell.rated == 3
    assert await services.committee_ratings.figures(2025) is None
    assert overview.distribution.count(Level.COMPLETE) == 2
    await services.committee_ratings.publish(giang, member_notice, cell_notice)
    assert (await services.self_reviews.mine(em)).entry.decided is Level.GOOD
    with pytest.raises(UserError):
        await services.committee_ratings.publish(giang, member_notice, cell_notice)


async def test_marking_not_rated(organisation: Services) -> None:
    services = organisation
    await open_cycle(services)
    dung = await who(services, "B1")
    em = await who(services, "B2")
    entry = await services.rating_cycles.mark(
        dung, em.member.id, reason=NotRated.NEW_MEMBER, note="vào Đảng 01/09/2026"
    )
    assert entry.not_rated is NotRated.NEW_MEMBER and not entry.rated
    # Still asked for a self-review.
    assert (await services.self_reviews.writable(em)).editable
    binh = await who(services, "A2")
    with pytest.raises(RatingRefused):
        await services.rating_cycles.mark(dung, binh.member.id, reason=NotRated.EXEMPTED)


async def submit(services: Services, who_: Identity, answers: dict[str, str], level: Level) -> None:
    await services.self_reviews.submit(
        who_, answers=answers, file_id=None, file_kind=None, level=level, score=80,
        channel=Channel.TELEGRAM,
    )  # fmt: skip


async def test_editable_until_the_cell_meets(organisation: Services, clock: FixedClock) -> None:
    services = organisation
    await open_cycle(services)
    dung = await who(services, "B1")
    em = await who(services, "B2")
    giang = await who(services, "B3")

    # A second submission before the cell meets replaces the first.
    await submit(services, em, ANSWERS, Level.EXCELLENT)
    await submit(services, em, {"strengths": "Gương mẫu"}, Level.GOOD)
    review = (await services.self_reviews.mine(em)).entry.review
    assert review is not None
    assert (review.answers, review.level) == ({"strengths": "Gương mẫu"}, Level.GOOD)

    # Once the cell has proposed Em's level: refused, the review kept as it was.
    await services.cell_ratings.propose(dung, em.member.id, Level.GOOD, (8, 9))
    assert not (await services.self_reviews.mine(em)).editable
    with pytest.raises(UserError) as refused:
        await submit(services, em, ANSWERS, Level.EXCELLENT)
    assert refused.value.message == CLOSED
    review = (await services.self_reviews.mine(em)).entry.review
    assert review is not None and review.level is Level.GOOD

    # Giang is not yet proposed: still editable, until the cell's list is sent.
    await submit(services, giang, ANSWERS, Level.GOOD)
    await services.rating_cycles.mark(dung, giang.member.id, reason=NotRated.NEW_MEMBER)
    await services.cell_ratings.propose(dung, dung.member.id, Level.GOOD)
    await submit(services, giang, ANSWERS, Level.EXCELLENT)  # a new member still writes
    await services.cell_ratings.submit(dung, dung.cell.id)
    with pytest.raises(UserError) as refused:
        await submit(services, giang, ANSWERS, Level.GOOD)
    assert refused.value.message == CLOSED

    # In the other cell, nothing proposed: open until its meeting date, closed after it.
    an = await who(services, "A1")
    clock.advance(days=(date(2026, 12, 20) - clock.now().date()).days)  # the cells_by day
    await submit(services, an, ANSWERS, Level.GOOD)
    clock.advance(days=1)
    with pytest.raises(UserError) as refused:
        await submit(services, an, ANSWERS, Level.GOOD)
    assert refused.value.message == CLOSED


async def test_an_exempted_member_is_not_asked(organisation: Services) -> None:
    services = organisation
    await open_cycle(services)
    an = await who(services, "A1")
    binh = await who(services, "A2")
    await services.rating_cycles.mark(
        an, binh.member.id, reason=NotRated.EXEMPTED, note="miễn sinh hoạt"
    )
    assert not (await services.self_reviews.mine(binh)).editable
    with pytest.raises(UserError) as refused:
        await services.self_reviews.writable(binh)
    assert refused.value.message == NOT_ASKED
    assert refused.value.params == {"reason": "miễn sinh hoạt"}
    with pytest.raises(UserError) as refused:
        await submit(services, binh, ANSWERS, Level.GOOD)
    assert refused.value.message == NOT_ASKED


async def meeting(services: Services, kind: MeetingKind, starts: datetime) -> int:
    created = await services.meetings.create(
        None,
        MeetingRequest(
            kind=kind,
            title="Sinh hoạt",
            starts=starts,
            cells=("Phòng Đào tạo",),
            everyone=False,
            attendees=Attendees.PARTY,
            remind="1d",
        ),
    )
    return created.meeting_ids[0]


async def test_the_evidence_from_tasks_meetings_and_study(
    organisation: Services, clock: FixedClock
) -> None:
    """Bình: one task exceeded on time, one left open past its deadline, one open and due
    31/12; a cell meeting attended, one missed with leave, a study session attended."""
    services = organisation
    await services.years.set_year(
        None, year=2026, theme="Bứt phá", opens=date(2026, 1, 1), closes=date(2026, 12, 31),
        approval_required=False,
    )  # fmt: skip
    an = await who(services, "A1")  # the secretary of Phòng Đào tạo
    binh = await who(services, "A2")
    ids = []
    for title, deadline in (("Giáo trình", 5), ("Báo cáo", 6), ("Đề án", 0)):
        due = date(2026, 3, deadline) if deadline else date(2026, 12, 31)
        registered = await services.tasks.register(binh, TaskDraft(title, "01 bản", due))
        ids.append(registered.task.id)
    await services.tasks.finish(binh, ids[0], TaskStatus.EXCEEDED)
    held = [
        await meeting(services, kind, datetime(2026, 3, day, 14, 0))
        for kind, day in (
            (MeetingKind.CELL_MEETING, 10),
            (MeetingKind.THEMATIC_MEETING, 11),
            (MeetingKind.STUDY, 12),
        )
    ]
    clock.advance(days=18)  # 20 March
    for meeting_id, status in zip(
        held, (Status.ATTENDED, Status.EXCUSED, Status.ATTENDED), strict=True
    ):
        await services.attendance.mark(an, meeting_id, binh.member.id, status)
    await open_cycle(services)

    mine = await services.self_reviews.mine(binh)
    evidence = mine.evidence
    # The task due 31/12 is neither on time nor late yet: not in the total.
    assert evidence.tasks == TaskEvidence(total=2, on_time=1, exceeded=1, overdue=1, not_due=1)
    assert (evidence.meetings_attended, evidence.absences_excused) == (1, 1)
    assert (evidence.absences_unexcused, evidence.study_attended) == (0, 1)
    text = evidence_text(evidence, mine.rules, translator("vi")).splitlines()
    assert text[1:] == [
        "Công việc hoàn thành đúng hạn: 1/2 (50%)",
        "Vượt yêu cầu: 1 (50%) — điều kiện ít nhất 30% để xếp «xuất sắc»: đạt",
        "⚠️ Quá hạn: 1",
        "Đang thực hiện, chưa đến hạn (chưa tính): 1",
        "Sinh hoạt chi bộ: có mặt 1; vắng 1 có lý do, 0 không lý do",
        "Học tập nghị quyết, chuyên đề: có mặt 1 buổi",
    ]


async def test_a_task_not_yet_due_does_not_make_a_member_late(organisation: Services) -> None:
    """One task exceeded, one open and due 31/12: on time 1/1, "good" fits."""
    services = organisation
    await services.years.set_year(
        None, year=2026, theme="Bứt phá", opens=date(2026, 1, 1), closes=date(2026, 12, 31),
        approval_required=False,
    )  # fmt: skip
    binh = await who(services, "A2")
    done = await services.tasks.register(binh, TaskDraft("Giáo trình", "01 bản", date(2026, 6, 30)))
    await services.tasks.finish(binh, done.task.id, TaskStatus.EXCEEDED)
    await services.tasks.register(binh, TaskDraft("Đề án", "01 bản", date(2026, 12, 31)))
    await open_cycle(services)
    mine = await services.self_reviews.mine(binh)
    assert (mine.evidence.tasks.on_time, mine.evidence.tasks.total) == (1, 1)
    checked = services.self_reviews.check(mine, Level.GOOD, 85)
    assert checked.mismatches == [] and checked.suggested is Level.GOOD
