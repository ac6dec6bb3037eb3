"""/tukiemdiem (/selfreview): the member's evidence, then their self-review — answers to the
six questions, or the filled form as a file — with a self-assessed level and, where the
organisation scores, a score. The level is checked against the bands and conditions and a
mismatch explained; the member may submit anyway (the cell judges). Editable until the cell
meets (its date, or once the cell has proposed or sent its list)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.domain.dues.rules import YearCounts
from bot.domain.errors import UserError
from bot.domain.model import Channel, Identity
from bot.domain.ratings.levels import Level, Mismatch, RatingRules, check_level, highest_level
from bot.domain.ratings.records import ANSWERS, Cycle, Entry, SelfReview
from bot.i18n import N_
from bot.services.ports import Database
from bot.services.ratings.cycles import NO_CYCLE, open_cycle
from bot.services.ratings.evidence import DuesMonths, Evidence, evidence_of
from bot.services.ratings.ports import RatingsUnitOfWork

NOT_IN_CYCLE = N_(
    "You are not in this review cycle: party members of the organisation are. Ask your cell "
    "secretary if this is wrong."
)
CLOSED = N_(
    "Your cell has met on the ratings: the self-review can no longer be changed. Ask your cell "
    "secretary."
)
NOT_ASKED = N_("You are not rated in this cycle ({reason}) and are not asked for a self-review.")
EMPTY = N_("Write the self-review (answer the questions) or send the filled form first.")
BAD_SCORE = N_("A score is a whole number from 0 to 100, like 85.")
# Six answers and the card's heading fit in one message the secretary reads.
MAX_ANSWER = 600
TOO_LONG = N_(
    "An answer is at most {limit} characters; this one has {length}. Shorten it, or send the "
    "filled form as a file instead (/huy, then /tukiemdiem)."
)


def check_answer(text: str) -> str:
    """One answer as kept; refused (nothing lost: the question is still asked) when too long."""
    text = text.strip()
    if len(text) > MAX_ANSWER:
        raise UserError(TOO_LONG, limit=MAX_ANSWER, length=len(text))
    return text


@dataclass(frozen=True)
class MyReview:
    cycle: Cycle
    entry: Entry
    evidence: Evidence
    editable: bool
    rules: RatingRules


@dataclass(frozen=True)
class Checked:
    """A self-assessed level against the bands and conditions."""

    level: Level
    score: int | None
    mismatches: list[Mismatch]
    suggested: Level


def parse_score(text: str) -> int:
    value = text.strip().removesuffix("điểm").strip()
    if not (value.isascii() and value.isdecimal()) or not 0 <= int(value) <= 100:
        raise UserError(BAD_SCORE)
    return int(value)


class DuesOfYear(Protocol):
    """The dues feature's count of a member's months of a year (its ``member_year``), which
    the container hands over: the review shows it as evidence."""

    async def member_year(self, member_id: int, year: int) -> YearCounts: ...


class SelfReviewService:
    def __init__(
        self,
        db: Database[RatingsUnitOfWork],
        clock: Clock,
        zone: ZoneInfo,
        rules: RatingRules,
        dues: DuesOfYear | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._zone = zone
        self.rules = rules
        self._dues = dues

    def today(self) -> date:
        return self._clock.now().astimezone(self._zone).date()

    async def mine(self, actor: Identity) -> MyReview:
        """The member's entry in the cycle under way, with their evidence."""
        async with self._db.read() as uow:
            cycle = await uow.ratings.latest()
            if cycle is None:
                raise UserError(NO_CYCLE)
            entry = await uow.ratings.entry(cycle.id, actor.member.id)
            if entry is None:
                raise UserError(NOT_IN_CYCLE)
            # Read before the levels are hidden: a proposal closes the review even unseen.
            proposed = entry.proposed is not None
            if not cycle.published:
                # Levels before publication are visible to no member, not even their own.
                entry = replace(
                    entry, proposed=None, votes_for=None, votes_total=None, decided=None
                )
            evidence = await evidence_of(uow, entry.member_id, cycle, self.today(), self._zone)
            cell = await uow.ratings.cell_review(cycle.id, entry.cell_id)
        if self._dues is not None:
            counts = await self._dues.member_year(entry.member_id, cycle.year)
            if counts.owed:
                evidence = replace(evidence, dues=DuesMonths(paid=counts.paid, due=counts.owed))
        editable = (
            not cycle.published
            and self.today() <= cycle.cells_by
            and not proposed
            and cell.submitted_at is None
            and (entry.not_rated is None or entry.not_rated.writes_self_review)
        )
        return MyReview(cycle, entry, evidence, editable, self.rules)

    async def writable(self, actor: Identity) -> MyReview:
        """The member's review if they may write it now; refused with the reason otherwise."""
        mine = await self.mine(actor)
        if mine.entry.not_rated is not None and not mine.entry.not_rated.writes_self_review:
            raise UserError(NOT_ASKED, reason=mine.entry.not_rated_note or "—")
        if not mine.editable:
            raise UserError(CLOSED)
        return mine

    def check(self, mine: MyReview, level: Level, score: int | None) -> Checked:
        tasks = mine.evidence.tasks
        sick = mine.entry.sick_leave
        return Checked(
            level,
            score,
            check_level(level, score, tasks, self.rules, sick_leave=sick),
            highest_level(score, tasks, self.rules, sick_leave=sick),
        )

    async def submit(
        self,
        actor: Identity,
        *,
        answers: dict[str, str],
        file_id: str | None,
        file_kind: str | None,
        level: Level,
        score: int | None,
        channel: Channel,
    ) -> Checked:
        """Keeps the self-review (replacing an earlier one) and returns the level's check."""
        kept = {
            key: value.strip()[:MAX_ANSWER]
            for key, value in answers.items()
            if key in ANSWERS and value.strip()
        }
        if not kept and file_id is None:
            raise UserError(EMPTY)
        if score is not None and not 0 <= score <= 100:
            raise UserError(BAD_SCORE)
        if not self.rules.scores:
            score = None
        mine = await self.writable(actor)
        review = SelfReview(kept, file_id, file_kind, level, score, self._clock.now())
        async with self._db.write() as uow:
            # Checked again inside the write: the cell may have met in between.
            cycle = await open_cycle(uow)
            entry = await uow.ratings.entry(cycle.id, actor.member.id)
            cell = None if entry is None else await uow.ratings.cell_review(cycle.id, entry.cell_id)
            if entry is None or entry.proposed is not None or (cell and cell.submitted_at):
                raise UserError(CLOSED)
            await uow.ratings.save_review(cycle.id, actor.member.id, review, channel)
        return self.check(mine, level, score)
