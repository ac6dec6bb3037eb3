"""The names of meeting kinds and attendee rules, for menus, lists and reminders."""

from __future__ import annotations

from bot.domain.meetings import Attendees, MeetingKind
from bot.i18n import N_

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
