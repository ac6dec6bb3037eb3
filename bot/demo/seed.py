"""The demo organisation of DOMAIN.md, with invented people: Đảng bộ Trường Chính trị, five
cells, about forty members and a committee of seven. Seeded through the real import.

Everything is placed relative to the moment the demo starts, so every feature has something to
show on any day: meetings in the next days and one going on now, an overdue task, a notice
waiting for its time. What lies in the past was written as it happened: the seed's clock goes
back to the start of the month's work and returns to now.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from pathlib import Path

from bot.clock import FixedClock
from bot.demo.dues_seed import seed_dues
from bot.demo.inspection_seed import seed_inspections
from bot.demo.rating_seed import seed_ratings
from bot.demo.targets_seed import seed_targets
from bot.domain.broadcasts import Audience
from bot.domain.meetings import Attendees, MeetingKind, MeetingRequest
from bot.domain.model import Identity
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.services.container import Services
from bot.settings import Settings
from storage.database import SqliteDatabase

ORGANISATION = "Đảng bộ Trường Chính trị"

# (code, full name, cell, kind, role) — every name is invented.
PEOPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ("DT01", "Nguyễn Thị Thu Hà", "Phòng Đào tạo", "Đảng viên chính thức", "Bí thư Đảng ủy"),
    (
        "DT02",
        "Trần Văn Minh",
        "Phòng Đào tạo",
        "Đảng viên chính thức",
        "Đảng ủy viên, Bí thư chi bộ",
    ),
    ("DT03", "Lê Thị Mai", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT04", "Phạm Quốc Bảo", "Phòng Đào tạo", "Đảng viên dự bị", ""),
    ("DT05", "Võ Thị Ngọc Lan", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT06", "Huỳnh Văn Tâm", "Phòng Đào tạo", "Quần chúng", ""),
    ("DT07", "Đặng Thị Kim Yến", "Phòng Đào tạo", "Đảng viên chính thức", ""),
    ("DT08", "Bùi Minh Khoa", "Phòng Đào tạo", "Quần chúng", ""),
    ("LK01", "Ngô Văn Phúc", "Liên khoa", "Đảng viên chính thức", "Phó Bí thư Đảng ủy"),
    ("LK02", "Dương Thị Hồng", "Liên khoa", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("LK03", "Trương Văn Hải", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK04", "Lý Thị Thanh Thủy", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK05", "Mai Văn Đức", "Liên khoa", "Đảng viên dự bị", ""),
    ("LK06", "Tô Thị Bích Ngân", "Liên khoa", "Đảng viên chính thức", ""),
    ("LK07", "Châu Văn Lộc", "Liên khoa", "Quần chúng", ""),
    ("LK08", "Hồ Thị Diễm", "Liên khoa", "Đảng viên chính thức", ""),
    ("HC01", "Phan Văn Thành", "Phòng TC – HC – QT", "Đảng viên chính thức", "Đảng ủy viên"),
    ("HC02", "Đoàn Thị Tuyết", "Phòng TC – HC – QT", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("HC03", "Lâm Văn Sang", "Phòng TC – HC – QT", "Đảng viên chính thức", ""),
    ("HC04", "Cao Thị Mỹ Linh", "Phòng TC – HC – QT", "Đảng viên chính thức", ""),
    ("HC05", "Kiều Văn Hùng", "Phòng TC – HC – QT", "Quần chúng", ""),
    ("HC06", "La Thị Phương", "Phòng TC – HC – QT", "Quần chúng", ""),
    ("HC07", "Tạ Văn Nghĩa", "Phòng TC – HC – QT", "Đảng viên dự bị", ""),
    (
        "XD01",
        "Vương Thị Thanh Xuân",
        "Khoa Xây dựng Đảng",
        "Đảng viên chính thức",
        "Đảng ủy viên, Bí thư chi bộ",
    ),
    ("XD02", "Hà Văn Trung", "Khoa Xây dựng Đảng", "Đảng viên chính thức", "Chủ nhiệm UBKT"),
    ("XD03", "Nguyễn Thị Hoa", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD04", "Trần Quang Vinh", "Khoa Xây dựng Đảng", "Đảng viên chính thức", "Ủy viên UBKT"),
    ("XD05", "Lê Hoàng Nam", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD06", "Phạm Thị Thu Trang", "Khoa Xây dựng Đảng", "Đảng viên dự bị", ""),
    ("XD07", "Đinh Văn Toàn", "Khoa Xây dựng Đảng", "Đảng viên chính thức", ""),
    ("XD08", "Nguyễn Văn Bình", "Khoa Xây dựng Đảng", "Quần chúng", ""),
    ("LL01", "Trịnh Thị Kim Oanh", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Đảng ủy viên"),
    ("LL02", "Lưu Văn Quang", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Bí thư chi bộ"),
    ("LL03", "Thái Thị Ngọc Ánh", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Ủy viên UBKT"),
    ("LL04", "Quách Văn Lực", "Khoa Lý luận cơ sở", "Đảng viên chính thức", ""),
    ("LL05", "Nguyễn Thị Cẩm Tú", "Khoa Lý luận cơ sở", "Đảng viên chính thức", ""),
    ("LL06", "Huỳnh Thanh Phong", "Khoa Lý luận cơ sở", "Đảng viên dự bị", ""),
    ("LL07", "Võ Thị Hạnh", "Khoa Lý luận cơ sở", "Quần chúng", ""),
    ("LL08", "Trần Minh Hiếu", "Khoa Lý luận cơ sở", "Đảng viên chính thức", "Đảng ủy viên"),
    ("LL09", "Phan Thị Yến Nhi", "Khoa Lý luận cơ sở", "Quần chúng", ""),
)

# Who you are when the demo starts: a plain member, so the first thing you see is joining.
DEFAULT_PERSONA = "DT03"


AREAS = [
    "Nâng cao chất lượng đào tạo, bồi dưỡng",
    "Nghiên cứu khoa học, tổng kết thực tiễn",
    "Xây dựng đội ngũ giảng viên",
]

# (member code, title, product, deadline in days from today, area number, state so far);
# deadlines stay within the year. The second of Lê Thị Mai's is overdue.
TASKS: tuple[tuple[str, str, str, int, int, str], ...] = (
    (
        "DT03",
        "Đổi mới bài giảng chuyên đề Lịch sử Đảng",
        "02 bài giảng có trình chiếu",
        20,
        1,
        "in_progress:50",
    ),
    (
        "DT03",
        "Hoàn thiện đề cương bài giảng Tư tưởng Hồ Chí Minh",
        "01 đề cương được Khoa thông qua",
        -6,
        1,
        "in_progress:60",
    ),
    ("DT04", "Hoàn thành chương trình Trung cấp LLCT – HC", "Bằng tốt nghiệp", 25, 3, "submitted"),
    ("DT05", "Biên soạn tài liệu hỏi đáp Nghị quyết", "01 tài liệu 40 trang", 15, 1, "submitted"),
    ("DT07", "Số hóa hồ sơ học viên khóa 2019", "1.668 hồ sơ được số hóa", 5, 1, "done"),
    ("LK03", "Đề tài khoa học cấp cơ sở", "01 đề tài được nghiệm thu", 30, 2, "in_progress:25"),
    ("LK04", "Viết bài cho bản tin Thông tin lý luận", "02 bài được đăng", 10, 2, "exceeded"),
    (
        "HC03",
        "Ứng dụng phần mềm quản lý văn bản",
        "100% văn bản xử lý trên phần mềm",
        3,
        3,
        "in_progress:75",
    ),
    ("XD03", "Giảng tập trước Hội đồng khoa học", "Đạt loại giỏi", 12, 3, "in_progress:0"),
    (
        "LL04",
        "Hướng dẫn học viên nghiên cứu thực tế",
        "10 lớp đi nghiên cứu thực tế",
        28,
        1,
        "submitted",
    ),
)

# The committee's own work items (đầu việc), with the member responsible.
WORK_ITEMS: tuple[tuple[str, str, int, str], ...] = (
    ("Hoàn thành kế hoạch đào tạo năm", "22 lớp với 1.627 học viên", 30, "DT01"),
    ("Hoàn thành kế hoạch bồi dưỡng", "27 lớp với 3.549 học viên", 30, "LK01"),
    ("Kiểm tra, giám sát theo chương trình năm", "20% chi bộ, 20% đảng viên", 20, "XD02"),
)


# The notice the committee has scheduled for tomorrow morning.
NOTICE = (
    "Đề nghị các chi bộ nhắc đảng viên chưa đăng ký công việc bứt phá hoàn thành đăng ký, và "
    "các đồng chí cập nhật tiến độ công việc trước ngày {date}."
)


def _deadline(today: date, days: int) -> date:
    return min(max(today + timedelta(days=days), date(today.year, 1, 1)), date(today.year, 12, 31))


@contextmanager
def _back_at(clock: FixedClock, moment: datetime) -> Iterator[None]:
    """The services' clock at ``moment`` (in the past) for a while, then at now again."""
    shift = (moment - clock.now()).total_seconds()
    clock.advance(seconds=shift)
    try:
        yield
    finally:
        clock.advance(seconds=-shift)


async def seed_database(settings: Settings, now: datetime, *, programme: bool = True) -> None:
    """The demo's database at ``settings.database``, its history written up to ``now``; without
    the year's inspection programme if not ``programme`` (for proposing one)."""
    db = await SqliteDatabase.open(settings.database)
    try:
        clock = FixedClock(now)
        services = Services.from_settings(db, clock, settings)
        await seed(services, clock, programme=programme)
    finally:
        await db.close()


async def seed(services: Services, clock: FixedClock, *, programme: bool = True) -> None:
    """The organisation, its members (imported through a real CSV file), the current year with
    its theme and areas, some tasks in every state, and the committee's work items, as written
    during the last month; the meetings and a scheduled notice. ``clock`` is the one
    ``services`` run on, standing at now; it stands there again at the end."""
    now = clock.now()
    today = services.tasks.today()
    # The month's work began 30 days ago, or on the year's first morning if that is later.
    began = max(
        now - timedelta(days=30),
        datetime.combine(date(today.year, 1, 1), time(8, 0), services.meetings.zone),
    )
    with _back_at(clock, min(began, now)):
        await _seed_history(services, today)
    with _back_at(clock, now - timedelta(hours=2)):  # before today's meetings began
        await _seed_meetings(services, now)
    if programme:
        await seed_inspections(services, clock)
    await seed_targets(services, clock)
    await seed_ratings(services)
    await seed_dues(services)
    committee = await _identity(services, "DT01")
    tomorrow = services.meetings.local(now).date() + timedelta(days=1)
    await services.broadcasts.send(
        committee,
        Audience.organisation(),
        NOTICE.format(date=(tomorrow + timedelta(days=6)).strftime("%d/%m/%Y")),
        at=datetime.combine(tomorrow, time(7, 30), services.meetings.zone),
    )


async def _identity(services: Services, member_code: str) -> Identity:
    [entry] = [
        e for e in await services.organisation.directory() if e.member.member_code == member_code
    ]
    identity = await services.membership.identity_of(entry.member.id)
    assert identity is not None
    return identity


async def _seed_history(services: Services, today: date) -> None:
    await services.organisation.init(ORGANISATION)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dang-vien.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["Mã", "Họ và tên", "Chi bộ", "Loại", "Chức vụ"])
            writer.writerows(PEOPLE)
        await services.member_import.import_file(path)
    year = await services.years.set_year(
        None,
        year=today.year,
        theme="Bứt phá về đích",
        opens=date(today.year, 1, 1),
        closes=date(today.year, 12, 31),
        areas=AREAS,
    )
    people = {e.member.member_code: e.member.id for e in await services.organisation.directory()}

    async def who(code: str) -> Identity:
        identity = await services.membership.identity_of(people[code])
        assert identity is not None
        return identity

    secretaries = {
        "DT": await who("DT02"),
        "LK": await who("LK02"),
        "HC": await who("HC02"),
        "XD": await who("XD01"),
        "LL": await who("LL02"),
    }
    for code, title, product, days, area, state in TASKS:
        owner = await who(code)
        draft = TaskDraft(title, product, _deadline(today, days), year.areas[area - 1].id)
        task = (await services.tasks.register(owner, draft)).task
        status, _, progress = state.partition(":")
        if status == "submitted":
            continue
        await services.approvals.approve(secretaries[code[:2]], task.id)
        if progress:
            await services.tasks.set_progress(owner, task.id, int(progress))
        if status in ("done", "exceeded"):
            await services.tasks.finish(owner, task.id, TaskStatus(status))
    committee = await who("DT01")
    for title, product, days, responsible in WORK_ITEMS:
        await services.tasks.add_collective(
            committee,
            committee.organisation.id,
            people[responsible],
            TaskDraft(title, product, _deadline(today, days), None),
        )
    # The seeded tasks are already known to their secretaries: no digest at start-up.
    pending = [p.task for p in await services.approvals.pending(committee)]
    await services.approvals.mark_digested(pending)


STUDY_TOPIC = (
    "Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị trong "
    "sạch, vững mạnh"
)


THEMATIC_TOPIC = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def _next_meeting_day(today: date) -> date:
    """In two to six days, on a day of the month a monthly rule can name (1–28)."""
    return next(day for day in (today + timedelta(days=n) for n in range(2, 7)) if day.day <= 28)


async def _seed_meetings(services: Services, now: datetime) -> None:
    """In every cell a meeting going on now (check-in and attendance are open) and the monthly
    meeting, first held in a few days; an organisation-wide study next week. ``now`` is the
    demo's present; the meetings are planned earlier."""
    local = services.meetings.local(now).replace(tzinfo=None)
    today = local.date()
    # Begun up to an hour ago (a quarter-hour start), never before today's midnight.
    started = local - timedelta(hours=1)
    started = max(
        started.replace(minute=started.minute // 15 * 15, second=0, microsecond=0),
        datetime.combine(today, time(0, 0)),
    )
    first = _next_meeting_day(today)
    cells = tuple(u.name for u in await services.reports.cells())
    for cell in cells:
        await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.THEMATIC_MEETING,
                title=THEMATIC_TOPIC,
                starts=started,
                ends=started + timedelta(hours=2),
                cells=(cell,),
                place="Phòng họp B",
            ),
        )
        await services.meetings.create(
            None,
            MeetingRequest(
                kind=MeetingKind.CELL_MEETING,
                title="Sinh hoạt chi bộ định kỳ",
                starts=datetime.combine(first, time(14, 0)),
                cells=(cell,),
                place="Phòng họp A",
                repeat=f"monthly:{first.day}@14:00",
                agenda="Thông tin thời sự; kiểm điểm công việc bứt phá; triển khai nhiệm vụ tháng.",
            ),
        )
    await services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.STUDY,
            title=STUDY_TOPIC,
            everyone=True,
            attendees=Attendees.ALL,
            starts=datetime.combine(today + timedelta(days=7), time(8, 0)),
            ends=datetime.combine(today + timedelta(days=7), time(11, 30)),
            place="Hội trường",
        ),
    )
