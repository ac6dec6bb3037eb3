"""A recurrence rule as people write it ("ngày 5 hằng tháng lúc 14:00", "first Friday of the
month at 8:00"), from the ``CronTrigger`` fields it was read into — never the compact
``monthly:5@14:00`` of scripts. Each phrase reads back as the same rule."""

from __future__ import annotations

from collections.abc import Mapping

from bot.i18n.translator import N_, NP_, Contextual, Translator

QUARTERLY = "1,4,7,10"
WEEKDAYS: dict[str, Contextual] = {
    "mon": NP_("weekday", "Monday"),
    "tue": NP_("weekday", "Tuesday"),
    "wed": NP_("weekday", "Wednesday"),
    "thu": NP_("weekday", "Thursday"),
    "fri": NP_("weekday", "Friday"),
    "sat": NP_("weekday", "Saturday"),
    "sun": NP_("weekday", "Sunday"),
}
ORDINALS: dict[str, Contextual] = {
    "1st": NP_("nth weekday of the month", "first"),
    "2nd": NP_("nth weekday of the month", "second"),
    "3rd": NP_("nth weekday of the month", "third"),
    "4th": NP_("nth weekday of the month", "fourth"),
    "last": NP_("nth weekday of the month", "last"),
}
MONTHLY_DAY = N_("monthly on day {day} at {time}")
MONTHLY_NTH = N_("{nth} {weekday} of the month at {time}")
QUARTERLY_DAY = N_("quarterly on day {day} at {time}")
QUARTERLY_NTH = N_("quarterly, {nth} {weekday} at {time}")
WEEKLY = N_("weekly on {weekday} at {time}")


def describe_rule(fields: Mapping[str, str], t: Translator) -> str:
    """The rule in ``t``'s language: "ngày 5 hằng tháng lúc 14:00", "weekly on Friday at
    16:00"; ``fields`` as :func:`bot.services.meetings.recurrence.parse_rule` makes them."""
    time = f"{int(fields.get('hour', 0))}:{int(fields.get('minute', 0)):02d}"
    if "day_of_week" in fields:
        return t(WEEKLY, weekday=t(WEEKDAYS[fields["day_of_week"]]), time=time)
    quarterly = fields.get("month") == QUARTERLY
    day = fields.get("day", "1")
    if day.isdecimal():
        return t(QUARTERLY_DAY if quarterly else MONTHLY_DAY, day=int(day), time=time)
    nth, _, weekday = day.partition(" ")
    return t(
        QUARTERLY_NTH if quarterly else MONTHLY_NTH,
        nth=t(ORDINALS[nth]),
        weekday=t(WEEKDAYS[weekday]),
        time=time,
    )
