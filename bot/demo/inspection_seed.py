"""The demo's programme of inspection and supervision for the year, 2020-style: the committee
adopted it at the year's start, and the items have gone as far as the weeks since allow —
one in every state (planned, decided, notified, self-report received, verifying, concluded,
conclusion notified, remediating, closed), a regular supervision of a cell with dated notes,
and remediation actions open, done and verified. Written through the services, each step on
its day, by whom the procedure names, so the data is what the bot itself would have kept.

Lê Thị Mai, whom the demo starts as, is inspected and has a remediation action of her own
(``/khacphuc``); Hà (the committee) and Trung (the inspection commission) see the programme
and its figures (``/kiemtra baocao``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.clock import FixedClock
from bot.domain.inspections.model import ItemKind, ItemState, Target, TargetKind
from bot.domain.inspections.records import ItemDraft
from bot.domain.model import Identity, Role, Unit
from bot.services.container import Services

# The states in the order an item passes them: each item below is taken up to its own.
PATH = (
    ItemState.DECIDED,
    ItemState.NOTIFIED,
    ItemState.SELF_REPORT_RECEIVED,
    ItemState.VERIFYING,
    ItemState.CONCLUDED,
    ItemState.CONCLUSION_NOTIFIED,
    ItemState.REMEDIATING,
    ItemState.CLOSED,
)
COMMITTEE = "DT01"
Action = Callable[[], Awaitable[object]]
Step = tuple[
    int, Action
]  # (the item's index, what is done)  # Nguyễn Thị Thu Hà, Bí thư Đảng ủy: owns the organisation's programme


@dataclass(frozen=True)
class DemoItem:
    kind: ItemKind
    content: str
    target: str  # a member's code, or a cell's name
    lead: str
    team: tuple[str, ...]
    upto: ItemState | None  # None: planned
    period: str = "Từ đầu nhiệm kỳ đến nay"
    method: str = "Nghe báo cáo, nghiên cứu tài liệu, thẩm tra"


ITEMS = (
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc chấp hành Điều lệ Đảng, nguyên tắc tập trung "
             "dân chủ", "Liên khoa", "XD02", ("LL03",), ItemState.CLOSED),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc thực hiện nhiệm vụ đảng viên và công việc bứt "
             "phá đã đăng ký", "DT03", "LL03", ("XD04",), ItemState.REMEDIATING),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc thực hiện nhiệm vụ đảng ủy viên được phân công",
             "HC01", "XD02", ("LL03",), ItemState.CONCLUSION_NOTIFIED),
    DemoItem(ItemKind.THEMATIC_SUPERVISION, "Giám sát chuyên đề việc nâng cao chất lượng sinh "
             "hoạt chi bộ", "Phòng TC – HC – QT", "XD04", ("LL01",), ItemState.CONCLUDED),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc giữ gìn phẩm chất, đạo đức, lối sống", "LK03",
             "LL03", ("XD02",), ItemState.VERIFYING),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc thực hiện những điều đảng viên không được làm",
             "HC03", "XD02", ("LL03",), ItemState.SELF_REPORT_RECEIVED),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc thực hiện nhiệm vụ đảng ủy viên được phân công",
             "LL08", "XD02", ("XD04",), ItemState.NOTIFIED),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc thực hiện nhiệm vụ đảng viên", "LK06", "XD04",
             ("LL03",), ItemState.DECIDED),
    DemoItem(ItemKind.INSPECTION, "Kiểm tra việc lãnh đạo thực hiện nghị quyết năm của chi bộ",
             "Khoa Lý luận cơ sở", "XD02", ("XD04",), None),
    DemoItem(ItemKind.REGULAR_SUPERVISION, "Giám sát thường xuyên việc sinh hoạt chi bộ, thực "
             "hiện nghị quyết", "Phòng Đào tạo", "XD02", ("LL03",), None, method="Dự sinh hoạt "
             "chi bộ, nghe báo cáo"),
)  # fmt: skip

CONCLUSION = (
    "Cơ bản thực hiện tốt; còn hạn chế cần khắc phục (hồ sơ lưu tại Văn phòng Đảng ủy, số {n}/KL)"
)
NOTES = (
    "Dự sinh hoạt chi bộ tháng: nội dung sinh hoạt có chuyên đề, đảng viên phát biểu sôi nổi.",
    "Chi bộ đã triển khai nghị quyết của Đảng ủy đúng hạn; cần theo dõi tiến độ công việc bứt phá.",
)


@contextmanager
def _at(clock: FixedClock, moment: datetime) -> Iterator[None]:
    """The services' clock at ``moment`` for a while, then back where it stood."""
    shift = (moment - clock.now()).total_seconds()
    clock.advance(seconds=shift)
    try:
        yield
    finally:
        clock.advance(seconds=-shift)


async def seed_inspections(services: Services, clock: FixedClock) -> None:
    """The year's programme, adopted on the year's first working morning, and its items taken
    as far as each goes, spread over the weeks since (squeezed into the last day early in
    January). ``clock`` stands at now and stands there again at the end."""
    now = clock.now()
    zone = services.zone
    local = now.astimezone(zone)
    year = local.year
    start = datetime.combine(date(year, 1, 2), time(8, 0), zone)
    end = now - timedelta(hours=3)
    if end - start < timedelta(days=1):
        start = end - timedelta(days=1)
    directory = {e.member.member_code: e.member for e in await services.organisation.directory()}
    cells = {u.name: u for u in await services.reports.cells()}

    async def who(code: str) -> Identity:
        identity = await services.membership.identity_of(directory[code].id)
        assert identity is not None
        return identity

    async def target(text: str) -> Target:
        if text in cells:
            return Target(TargetKind.CELL, cells[text].id, cells[text].id)
        person = await who(text)
        committee = person.has(Role.COMMITTEE)
        kind = TargetKind.COMMITTEE_MEMBER if committee else TargetKind.MEMBER
        return Target(kind, person.member.id, person.member.cell_id)

    # What happens, in the order it happened: each item's steps, one after another, the
    # furthest-gone item first; the remediation and the supervision notes among them.
    timeline: list[Step] = []  # (item index, what is done)
    committee = await who(COMMITTEE)
    ids: list[int] = []

    def step(index: int, actor: Identity, to: ItemState) -> Action:
        summary = CONCLUSION.format(n=index + 1) if to is ItemState.CONCLUDED else None
        ref = f"{index + 1:02d}-QĐ/ĐU" if to is ItemState.DECIDED else None
        return lambda: services.inspection_steps.take(
            actor, ids[index], to, summary=summary, decision_ref=ref
        )

    for index, item in enumerate(ITEMS):
        lead = await who(item.lead)
        if item.upto is None:
            continue
        for to in PATH[: PATH.index(item.upto) + 1]:
            actor = committee if to is ItemState.DECIDED else lead
            if to is ItemState.REMEDIATING:
                before, after = await _remediation(services, index, item, lead, who, ids, now)
                timeline += [*before, (index, step(index, actor, to)), *after]
            else:
                timeline.append((index, step(index, actor, to)))
    supervised = next(
        i for i, item in enumerate(ITEMS) if item.kind is ItemKind.REGULAR_SUPERVISION
    )
    supervisor = await who(ITEMS[supervised].lead)
    for note in NOTES:
        write = _note(services, supervisor, ITEMS[supervised].target, note, cells)
        timeline.append((supervised, write))

    # Each action's moment, evenly over the span; an item is planned for the month its work
    # began in, the planned ones for the months ahead.
    span = end - start
    moments = [start + span * (k + 1) / (len(timeline) + 1) for k in range(len(timeline))]
    began: dict[int, datetime] = {}
    for (index, _), moment in zip(timeline, moments, strict=True):
        began.setdefault(index, moment)
    later = min(12, local.month + 1)
    with _at(clock, start):
        for index, item in enumerate(ITEMS):
            month = began[index].astimezone(zone).month if index in began else later
            if item.kind is ItemKind.REGULAR_SUPERVISION:
                month = start.astimezone(zone).month
            added = await services.inspection_drafts.add(
                committee,
                year,
                committee.organisation.id,
                ItemDraft(
                    item.kind,
                    item.content,
                    await target(item.target),
                    month,
                    lead_id=directory[item.lead].id,
                    team_ids=tuple(directory[c].id for c in item.team),
                    period=item.period,
                    method=item.method,
                ),
            )
            ids.append(added.id)
        await services.inspection_drafts.adopt(committee, added.programme_id)
    for (_, action), moment in zip(timeline, moments, strict=True):
        with _at(clock, moment):
            await action()


async def _remediation(
    services: Services,
    index: int,
    item: DemoItem,
    lead: Identity,
    who: Callable[[str], Awaitable[Identity]],
    ids: list[int],
    now: datetime,
) -> tuple[list[Step], list[Step]]:
    """The actions a conclusion asks for: for a closed item one done and verified; for the
    item still remediating one done (not yet verified) and one open, due in two weeks."""
    due = (now + timedelta(days=14)).astimezone(services.zone).date()
    owner_code = "LK02" if item.upto is ItemState.CLOSED else item.target
    owner = await who(owner_code)
    added: list[int] = []

    async def add(text: str) -> None:
        view = await services.remediation.add(lead, ids[index], text, owner.member.id, due)
        added.append(view.action.id)

    async def done(position: int, note: str) -> None:
        await services.remediation.mark_done(owner, added[position], note=note)

    async def verify(position: int) -> None:
        await services.remediation.verify(lead, added[position])

    if item.upto is ItemState.CLOSED:
        return [
            (index, lambda: add("Bổ sung, hoàn thiện biên bản sinh hoạt chi bộ các tháng")),
        ], [
            (index, lambda: done(0, "Đã bổ sung đủ biên bản, lưu hồ sơ chi bộ")),
            (index, lambda: verify(0)),
        ]
    return [
        (index, lambda: add("Viết bản tự kiểm điểm bổ sung về việc chậm tiến độ")),
        (index, lambda: add("Hoàn thành công việc bứt phá đang quá hạn")),
    ], [(index, lambda: done(0, "Đã nộp bản tự kiểm điểm cho chi bộ"))]


def _note(
    services: Services, supervisor: Identity, cell: str, note: str, cells: dict[str, Unit]
) -> Action:
    async def write() -> object:
        subject = await services.supervision.cell(supervisor, cells[cell].id)
        return await services.supervision.write(supervisor, subject, note)

    return write
