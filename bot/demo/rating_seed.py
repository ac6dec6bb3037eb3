"""The demo's review cycle: the year's, opened today by the committee (self-reviews due in ten
days, the cells meeting in twenty, the decision in thirty), with three members of Liên khoa
having written theirs — so /tukiemdiem, a secretary's /xeploai and the committee's table have
something to show on any day."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.model import Channel, Identity
from bot.domain.ratings.levels import Level
from bot.services.container import Services

# (member code, self-assessed level, score, strengths)
SELF_REVIEWS = (
    ("LK03", Level.GOOD, 82, "Hoàn thành đúng hạn các công việc đăng ký"),
    ("LK04", Level.EXCELLENT, 93, "Chủ trì biên soạn giáo trình được nghiệm thu sớm"),
    ("LK06", Level.COMPLETE, 65, "Tham gia đầy đủ sinh hoạt chi bộ"),
)


async def seed_ratings(services: Services) -> None:
    today = services.self_reviews.today()
    await services.rating_cycles.open(
        None,
        year=today.year,
        quarter=None,
        self_review_due=today + timedelta(days=10),
        cells_by=today + timedelta(days=20),
        decision_by=today + timedelta(days=30),
    )
    people = {e.member.member_code: e.member.id for e in await services.organisation.directory()}
    for code, level, score, strengths in SELF_REVIEWS:
        identity: Identity | None = await services.membership.identity_of(people[code])
        assert identity is not None
        await services.self_reviews.submit(
            identity,
            answers={"strengths": strengths, "shortcomings": "Báo cáo tiến độ còn chậm"},
            file_id=None,
            file_kind=None,
            level=level,
            score=score,
            channel=Channel.TELEGRAM,
        )
