"""A nudge: a reminder a member is sent at most once a day of each kind (stored in ``nudges``
with its kind's value, which also goes into the outbox key)."""

from __future__ import annotations

from enum import StrEnum


class NudgeKind(StrEnum):
    REGISTER = "register"  # register this year's tasks (the committee's or secretary's /nhacdk)
    RATING_SELF_REVIEW = "rating-self-review"  # send the self-review of the review cycle
