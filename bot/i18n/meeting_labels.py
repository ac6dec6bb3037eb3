"""The names of meeting kinds, attendee rules and reasons for an absence, for menus, lists and
reminders."""

from __future__ import annotations

from bot.domain.meetings import Attendees, Meeting, MeetingKind
from bot.domain.rsvps import AbsenceReason
from bot.domain.text import fold
from bot.i18n import N_, Translator

MEETING_KIND_NAMES = {
    MeetingKind.CELL_MEETING: N_("cell meeting"),
    MeetingKind.THEMATIC_MEETING: N_("thematic meeting"),
    MeetingKind.STUDY: N_("study session"),
    MeetingKind.NEWS_BRIEFING: N_("current-affairs briefing"),
    MeetingKind.SEMINAR: N_("seminar"),
}
ATTENDEE_NAMES = {
    Attendees.PARTY: N_("party members"),
    Attendees.ALL: N_("everyone"),
}
ABSENCE_REASON_NAMES = {
    AbsenceReason.BUSINESS_TRIP: N_("Business trip"),
    AbsenceReason.ILL: N_("Ill"),
    AbsenceReason.PERSONAL: N_("Personal matter"),
    AbsenceReason.OTHER: N_("Other"),
}


def kind_beside_title(meeting: Meeting, t: Translator) -> str | None:
    """The kind's name to show beside the title, or None when the title already says it:
    "Sinh hoạt chi bộ định kỳ", not "Sinh hoạt chi bộ: Sinh hoạt chi bộ định kỳ"."""
    kind = t(MEETING_KIND_NAMES[meeting.kind])
    return None if fold(kind) in fold(meeting.title) else kind
