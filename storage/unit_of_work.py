"""The repositories bound to one connection (and so to its current transaction)."""

from __future__ import annotations

import aiosqlite

from storage.repositories.accounts import SqliteAccounts
from storage.repositories.attendance import SqliteAttendance
from storage.repositories.audit import SqliteAuditLog
from storage.repositories.broadcasts import SqliteBroadcasts
from storage.repositories.concerns import SqliteConcerns
from storage.repositories.dues import SqliteDues
from storage.repositories.group_links import SqliteGroupLinks
from storage.repositories.inbox import SqliteInbox
from storage.repositories.inspection_figures import SqliteInspectionFigures
from storage.repositories.inspections import SqliteInspections
from storage.repositories.invites import SqliteInvites
from storage.repositories.meetings import SqliteMeetings
from storage.repositories.members import SqliteMembers
from storage.repositories.nudges import SqliteNudges
from storage.repositories.outbox import SqliteOutbox
from storage.repositories.period_figures import SqlitePeriodFigures
from storage.repositories.preferences import SqlitePreferences
from storage.repositories.progress import SqliteProgress
from storage.repositories.ratings import SqliteRatings
from storage.repositories.roles import SqliteRoles
from storage.repositories.rsvps import SqliteRsvps
from storage.repositories.targets import SqliteTargets
from storage.repositories.tasks import SqliteTasks
from storage.repositories.units import SqliteUnits
from storage.repositories.years import SqliteYears
from storage.repositories.zalo import SqliteZalo


class SqliteUnitOfWork:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.units = SqliteUnits(conn)
        self.members = SqliteMembers(conn)
        self.roles = SqliteRoles(conn)
        self.accounts = SqliteAccounts(conn)
        self.invites = SqliteInvites(conn)
        self.audit = SqliteAuditLog(conn)
        self.years = SqliteYears(conn)
        self.tasks = SqliteTasks(conn)
        self.progress = SqliteProgress(conn)
        self.nudges = SqliteNudges(conn)
        self.outbox = SqliteOutbox(conn)
        self.broadcasts = SqliteBroadcasts(conn)
        self.group_links = SqliteGroupLinks(conn)
        self.meetings = SqliteMeetings(conn)
        self.rsvps = SqliteRsvps(conn)
        self.attendance = SqliteAttendance(conn)
        self.preferences = SqlitePreferences(conn)
        self.zalo = SqliteZalo(conn)
        self.inbox = SqliteInbox(conn)
        self.concerns = SqliteConcerns(conn)
        self.inspections = SqliteInspections(conn)
        self.inspection_figures = SqliteInspectionFigures(conn)
        self.targets = SqliteTargets(conn)
        self.period_figures = SqlitePeriodFigures(conn)
        self.ratings = SqliteRatings(conn)
        self.dues = SqliteDues(conn)
