"""The demo's targets (chỉ tiêu) for the year, the 2020 resolution's: 22 training classes with
1,627 students, 27 refresher classes with 3,549 students, every party member and over 97% of
non-party staff at the study of resolutions (computed from the study sessions' attendance),
2 new members admitted, over 90% of members rated good or better and 20% excellent, no member
disciplined, and the inspection quotas (computed from the programme). Set by the committee on
the year's second morning, and the entered values recorded part-way through the year by their
owners — Phòng Đào tạo's secretary the training, Khoa Lý luận cơ sở's the refresher courses,
the Bí thư Đảng ủy the organisation's — through the services, each on its day."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal

from bot.clock import FixedClock
from bot.domain.model import Identity
from bot.services.container import Services

COMMITTEE = "DT01"  # Nguyễn Thị Thu Hà, Bí thư Đảng ủy
TRAINING, REFRESHER = "DT02", "LL02"  # the secretaries of Phòng Đào tạo, Khoa Lý luận cơ sở

# (line as the committee types it, who records it, the value reached by the year's end or
# None: nothing recorded yet, or computed)
TARGETS: tuple[tuple[str, str | None, Decimal | None], ...] = (
    ("Lớp đào tạo; ≥ 22; lớp; đào tạo; Phòng Đào tạo", TRAINING, Decimal(23)),
    (
        "Học viên các lớp đào tạo; ≥ 1.627; học viên; đào tạo; Phòng Đào tạo",
        TRAINING,
        Decimal(1668),
    ),
    ("Lớp bồi dưỡng; ≥ 27; lớp; đào tạo; Khoa Lý luận cơ sở", REFRESHER, Decimal(29)),
    (
        "Học viên các lớp bồi dưỡng; ≥ 3.549; học viên; đào tạo; Khoa Lý luận cơ sở",
        REFRESHER,
        Decimal(3602),
    ),
    (
        "Đảng viên học tập nghị quyết, chuyên đề năm; 100%; %; chính trị; nguồn: học tập đảng viên",
        None,
        None,
    ),
    (
        "Quần chúng học tập nghị quyết, chuyên đề năm; trên 97%; %; chính trị; "
        "nguồn: học tập quần chúng",
        None,
        None,
    ),
    ("Kết nạp đảng viên mới; ≥ 2; đảng viên; xây dựng Đảng", COMMITTEE, Decimal(2)),
    # Computed from the year's rating once published (the demo's cycle is still open).
    (
        "Đảng viên hoàn thành tốt nhiệm vụ trở lên; trên 90%; %; xây dựng Đảng; "
        "nguồn: xếp loại tốt trở lên",
        None,
        None,
    ),
    (
        "Đảng viên hoàn thành xuất sắc nhiệm vụ; ≥ 20%; %; xây dựng Đảng; nguồn: xếp loại xuất sắc",
        None,
        None,
    ),
    ("Đảng viên bị kỷ luật; không; đảng viên; xây dựng Đảng", COMMITTEE, Decimal(0)),
    ("Chi bộ được kiểm tra; ≥ 20%; %; kiểm tra giám sát; nguồn: kiểm tra chi bộ", None, None),
    (
        "Đảng viên được kiểm tra; ≥ 20%; %; kiểm tra giám sát; nguồn: kiểm tra đảng viên",
        None,
        None,
    ),
    ("Chi bộ được giám sát; ≥ 20%; %; kiểm tra giám sát; nguồn: giám sát chi bộ", None, None),
)
NOTES = ("Số liệu đến hết tháng", "Cập nhật theo báo cáo của đơn vị")


@contextmanager
def _at(clock: FixedClock, moment: datetime) -> Iterator[None]:
    shift = (moment - clock.now()).total_seconds()
    clock.advance(seconds=shift)
    try:
        yield
    finally:
        clock.advance(seconds=-shift)


def _part(value: Decimal, share: Decimal) -> Decimal:
    return (value * share).quantize(Decimal(1), rounding=ROUND_FLOOR)


async def seed_targets(services: Services, clock: FixedClock) -> None:
    """The year's targets and their values so far. ``clock`` stands at now, and again at the
    end."""
    now = clock.now()
    zone = services.zone
    year = now.astimezone(zone).year
    set_at = datetime.combine(date(year, 1, 2), time(8, 30), zone)
    if now - set_at < timedelta(hours=2):
        set_at = now - timedelta(hours=2)
    directory = {e.member.member_code: e.member for e in await services.organisation.directory()}

    async def who(code: str) -> Identity:
        identity = await services.membership.identity_of(directory[code].id)
        assert identity is not None
        return identity

    committee = await who(COMMITTEE)
    ids: list[int] = []
    with _at(clock, set_at):
        for line, _, _ in TARGETS:
            ids.append((await services.targets.add_line(committee, line, year)).id)
    # Two updates each: a month before now (or half way since the targets were set) and a
    # week before, the values the share of the year gone by then gives.
    span = now - set_at
    moments = (
        set_at + span / 2 if span < timedelta(days=60) else now - timedelta(days=30),
        now - min(timedelta(days=7), span / 4),
    )
    for target_id, (_, owner, final) in zip(ids, TARGETS, strict=True):
        if owner is None or final is None:
            continue
        actor = await who(owner)
        for moment, note in zip(moments, NOTES, strict=True):
            day = moment.astimezone(zone).date()
            share = Decimal((day - date(year, 1, 1)).days + 1) / Decimal(
                366 if year % 4 == 0 else 365
            )
            value = final if final == 0 else _part(final, min(Decimal(1), share * Decimal("1.1")))
            with _at(clock, moment):
                await services.targets.record(actor, target_id, value, note=note)
