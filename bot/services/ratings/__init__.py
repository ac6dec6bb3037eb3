"""The year-end review and rating: cycles opened by the committee, members' self-reviews with
their evidence, the cells' proposals, the committee's decisions against the cap and targets,
publication, reminders and the export."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.ports import Database
from bot.services.ratings.cells import CellRatingService
from bot.services.ratings.committee import CommitteeRatingService
from bot.services.ratings.cycles import CycleService
from bot.services.ratings.export import RatingExportService
from bot.services.ratings.ports import RatingsUnitOfWork
from bot.services.ratings.reminders import RatingReminderService
from bot.services.ratings.self_reviews import DuesOfYear, SelfReviewService
from bot.services.setup import Setup


@dataclass(frozen=True)
class RatingServices:
    rating_cycles: CycleService
    self_reviews: SelfReviewService
    cell_ratings: CellRatingService
    committee_ratings: CommitteeRatingService
    rating_reminders: RatingReminderService
    rating_export: RatingExportService


def build(
    db: Database[RatingsUnitOfWork], setup: Setup, dues: DuesOfYear | None = None
) -> RatingServices:
    rules = setup.rating_rules
    return RatingServices(
        rating_cycles=CycleService(db, setup.clock, rules),
        self_reviews=SelfReviewService(db, setup.clock, setup.zone, rules, dues),
        cell_ratings=CellRatingService(db, setup.clock, setup.zone, setup.delivery),
        committee_ratings=CommitteeRatingService(db, setup.clock, setup.delivery, rules),
        rating_reminders=RatingReminderService(
            db, setup.clock, setup.zone, setup.delivery, quiet=setup.quiet
        ),
        rating_export=RatingExportService(db),
    )
