"""A review cycle's reminders end to end, through the outbox and the sandbox: the self-review
due in 7 and 2 days to those who have not submitted (none once submitted), the cells' meeting
date to the secretaries, the decision date to the committee; each once, whatever restarts."""

from __future__ import annotations

from datetime import date

from bot.domain.model import Channel
from bot.domain.ratings.levels import Level
from bot.sandbox.models import SandboxUser
from handlers.ratings.jobs import plan_rating_reminders
from tests.e2e.conftest import World, outbox_drained
from tests.e2e.task_steps import identity, set_day


def _reminders(world: World, user: SandboxUser) -> list[str]:
    return [m.text or "" for m in world.sandbox.messages(user.id) if (m.text or "").startswith("🗓")]


async def _day(world: World, day: date) -> None:
    """08:00 in Hà Nội: the job runs twice (as after a restart), the outbox is delivered."""
    set_day(world, day.month, day.day)
    await plan_rating_reminders(world.services)
    await plan_rating_reminders(world.services)
    await outbox_drained(world)


async def test_reminders_before_each_date_once(world: World) -> None:
    year = world.clock.now().year
    em, binh = await world.join("B2", "Em"), await world.join("A2", "Bình")
    dung, giang = await world.join("B1", "Dung"), await world.join("B3", "Giang")
    await world.services.rating_cycles.open(
        None,
        year=year,
        quarter=None,
        self_review_due=date(year, 3, 12),
        cells_by=date(year, 3, 20),
        decision_by=date(year, 3, 28),
    )
    await _day(world, date(year, 3, 4))  # eight days before: nothing
    assert _reminders(world, em) == []
    await _day(world, date(year, 3, 5))
    assert len(_reminders(world, em)) == 1 and len(_reminders(world, binh)) == 1
    assert "Hạn nộp bản tự kiểm điểm năm" in _reminders(world, em)[0]
    assert f"12/03/{year}" in _reminders(world, em)[0]
    await world.services.self_reviews.submit(
        await identity(world, em),
        answers={"strengths": "Nhiệt tình"},
        file_id=None,
        file_kind=None,
        level=Level.GOOD,
        score=80,
        channel=Channel.TELEGRAM,
    )
    await _day(world, date(year, 3, 10))  # two days before: only who has not submitted
    assert len(_reminders(world, em)) == 1 and len(_reminders(world, binh)) == 2
    await _day(world, date(year, 3, 11))
    assert len(_reminders(world, binh)) == 2
    await _day(world, date(year, 3, 17))
    cells = [r for r in _reminders(world, dung) if "Chi bộ họp xét" in r]
    assert len(cells) == 1 and f"20/03/{year}" in cells[0]
    await _day(world, date(year, 3, 25))
    decision = [r for r in _reminders(world, giang) if "Đảng ủy quyết định" in r]
    assert len(decision) == 1 and f"28/03/{year}" in decision[0]
    await _day(world, date(year, 3, 26))
    assert len([r for r in _reminders(world, giang) if "Đảng ủy quyết định" in r]) == 1
