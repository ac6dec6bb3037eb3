"""Every kind of button the bot makes, against data written by the code before the codec:
buttons already in members' chats and keyboards already queued in the outbox must keep
working, so each known data string is read as the right fields and written back byte for byte,
and the handler's pattern takes it."""

from __future__ import annotations

from datetime import date

import pytest

import handlers.meetings.meeting_reminder
import handlers.tasks.approval_list as approval_list
import handlers.tasks.task_reminder
import handlers.wiring
from bot.domain.dues.model import DuesState
from bot.domain.inspections.model import ItemKind, ItemState
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.preferences import ReminderKind
from bot.domain.ratings.levels import Level
from bot.domain.rsvps import AbsenceReason
from handlers.broadcasts.broadcast_render import (
    CancelScheduled,
    CellsChosen,
    CellsPage,
    ChooseCells,
    DropNotice,
    MissedPage,
    NonPartyOnly,
    NoticesSent,
    PartyOnly,
    ResendFailed,
    SendLater,
    SendNow,
    ToggleCell,
    ViewReport,
    WholeOrganisation,
    WhoMissed,
)
from handlers.dues import buttons as dues_buttons
from handlers.inspections import programme_buttons as programme
from handlers.inspections import remediation_render as remediation
from handlers.inspections.self_report import ChooseReportItem
from handlers.inspections.supervision import SuperviseCell, SuperviseCells, SuperviseMember
from handlers.kit.callbacks import MAX_BYTES, CallbackData, families
from handlers.meetings import meeting_planning_buttons as planning
from handlers.meetings.attendance_figures_render import CellFigures, CellsFigures
from handlers.meetings.attendance_render import (
    CheckIn,
    MeetingsToRecord,
    OpenSheet,
    SheetPage,
    ToggleAttendance,
)
from handlers.meetings.meeting_reminder import (
    Absent,
    Attend,
    GiveReason,
    MeetingDetails,
    SnoozeEvening,
    SnoozeHour,
)
from handlers.meetings.reminder_settings_render import (
    BackToSettings,
    ChooseDelivery,
    DefaultQuietHours,
    DeliveryOption,
    QuietPreset,
    ShowPresets,
    ToggleMute,
    TypeQuietHours,
)
from handlers.meetings.schedule_render import MeetingFile, MyMeetings, OpenMeeting
from handlers.members.invite import InviteMember, InvitePage
from handlers.members.language import ChooseLanguage
from handlers.period_report.report_pages import ReportPage
from handlers.ratings import rating_buttons as rating
from handlers.ratings.self_review import AnswerQuestions, ChooseSelfLevel
from handlers.targets import buttons as target_buttons
from handlers.tasks.approval_list import (
    ApprovalPage,
    ApproveAll,
    ApproveAllConfirmed,
    ApproveOnCard,
    ApproveTask,
    OpenApprovalList,
    ReturnOnCard,
    ReturnTask,
    ViewTask,
)
from handlers.tasks.progress import CellPage, Focus, Nudge, OrganisationPage, UnregisteredPage
from handlers.tasks.public_registry import RegistryCell, RegistryCells, RegistryExcel, RegistryPage
from handlers.tasks.registration_steps import (
    BackToPreview,
    CancelRegistration,
    ConfirmRegistration,
    EditRegistration,
    PickArea,
    RedoStep,
)
from handlers.tasks.task_card import (
    CellTasksPage,
    EditTask,
    MarkDone,
    MarkExceeded,
    MarkNotAchieved,
    MyTasksPage,
    OpenCard,
    SetProgress,
    TypeProgress,
    UndoVerdict,
    WithdrawTask,
    WriteNote,
)
from handlers.tasks.task_edit import EditField, TaskArea
from handlers.tasks.task_verdicts import CancelVerdict, ConfirmVerdict, SkipEvidence
from handlers.tasks.year_admin import DropYear, SaveYear
from handlers.tasks.year_areas import DropAreas, MoveAreaTasks, SaveAreas
from handlers.tasks.year_reopen import ReopenFor, ReopenPage, ReopenUntil

# What the code wrote before the codec (f"{PREFIX}{id}…"), and what it means.
KNOWN: list[tuple[str, CallbackData]] = [
    # Tasks: the card and its conversations.
    ("tk:c:12", OpenCard(12)),
    ("tk:v:12", ViewTask(12)),
    ("tk:p:12:75", SetProgress(12, 75)),
    ("tk:d:12", MarkDone(12)),
    ("tk:x:12", MarkExceeded(12)),
    ("tk:n:12", MarkNotAchieved(12)),
    ("tk:u:12", UndoVerdict(12)),
    ("tk:t:12", TypeProgress(12)),
    ("tk:o:12", WriteNote(12)),
    ("tk:e:12", EditTask(12)),
    ("tk:w:12", WithdrawTask(12)),
    ("tk:l:0", MyTasksPage(0)),
    ("tk:cell:3", CellTasksPage(3)),
    ("tk:ef:12:t", EditField(12, "t")),
    ("tk:ef:12:d", EditField(12, "d")),
    ("tk:ea:12", TaskArea(12)),
    ("tk:ea:12:4", TaskArea(12, 4)),
    ("tk:f:skip", SkipEvidence()),
    ("tk:f:ok", ConfirmVerdict()),
    ("tk:f:no", CancelVerdict()),
    # Approval: the /duyet list, the digest, the card.
    ("ap:y:12", ApproveTask(12)),
    ("ap:y:12:2", ApproveTask(12, 2)),
    ("ap:n:12", ReturnTask(12)),
    ("ap:n:12:0", ReturnTask(12, 0)),
    ("ap:cy:12", ApproveOnCard(12)),
    ("ap:cn:12", ReturnOnCard(12)),
    ("ap:all", ApproveAll()),
    ("ap:all:ok", ApproveAllConfirmed()),
    ("ap:p:1", ApprovalPage(1)),
    ("ap:list", OpenApprovalList()),
    # Meeting reminders (queued in the outbox) and /lich.
    ("rv:a:31", Attend(31)),
    ("rv:n:31", Absent(31)),
    ("rv:r:31:cong_tac", GiveReason(31, AbsenceReason.BUSINESS_TRIP)),
    ("rv:r:31:om", GiveReason(31, AbsenceReason.ILL)),
    ("rv:r:31:viec_rieng", GiveReason(31, AbsenceReason.PERSONAL)),
    ("rv:r:31:khac", GiveReason(31, AbsenceReason.OTHER)),
    ("rv:s1:31", SnoozeHour(31)),
    ("rv:se:31", SnoozeEvening(31)),
    ("lich:i:31", MeetingDetails(31)),
    ("lich:m:31", OpenMeeting(31)),
    ("lich:f:5", MeetingFile(5)),
    ("lich:l", MyMeetings()),
    # Attendance: check-in, the sheets, the year's figures.
    ("dd:c:31", CheckIn(31)),
    ("dd:t:31:8", ToggleAttendance(31, 8)),
    ("dd:s:31:0", SheetPage(31, 0)),
    ("dd:o:31", OpenSheet(31)),
    ("dd:l:0:0", MeetingsToRecord(0, 0)),
    ("dd:l:4:2", MeetingsToRecord(4, 2)),
    ("cc:c:4:0", CellFigures(4, 0)),
    ("cc:l:1", CellsFigures(1)),
    # Progress and the public registry.
    ("prg:o:1", OrganisationPage(1)),
    ("prg:u:0", UnregisteredPage(0)),
    ("prg:c:4:a:0", CellPage(4, Focus.ALL, 0)),
    ("prg:c:4:u:1", CellPage(4, Focus.UNREGISTERED, 1)),
    ("prg:c:4:o:0", CellPage(4, Focus.OVERDUE, 0)),
    ("prg:n:4", Nudge(4)),
    ("pub:p:0:2", RegistryPage(0, 2)),
    ("pub:p:4:0", RegistryPage(4, 0)),
    ("pub:l:0", RegistryCells(0)),
    ("pub:c:0", RegistryCell(0)),
    ("pub:c:4", RegistryCell(4)),
    ("pub:x:4", RegistryExcel(4)),
    # Invites, language, reminder settings.
    ("inv:p:1", InvitePage(1)),
    ("inv:m:17", InviteMember(17)),
    ("lang:vi", ChooseLanguage("vi")),
    ("lang:en", ChooseLanguage("en")),
    ("pref:q", ShowPresets()),
    ("pref:r", DefaultQuietHours()),
    ("pref:b", BackToSettings()),
    ("pref:p:21:30-06:30", QuietPreset("21:30-06:30")),
    ("pref:p:off", QuietPreset("off")),
    ("pref:t", TypeQuietHours()),
    ("pref:m:seminar", ToggleMute(ReminderKind.SEMINAR)),
    ("pref:m:task_checkin", ToggleMute(ReminderKind.TASK_CHECKIN)),
    ("pref:c:zalo", ChooseDelivery(DeliveryOption.ZALO)),
    ("pref:c:telegram", ChooseDelivery(DeliveryOption.TELEGRAM)),
    ("pref:c:last", ChooseDelivery(DeliveryOption.LAST_USED)),
    # The year: /nam, /khaudotpha, /molai; registering a task.
    ("yr:ok:9f86d081", SaveYear("9f86d081")),
    ("yr:no:9f86d081", DropYear("9f86d081")),
    ("ya:ok:0c1d2e3f", SaveAreas("0c1d2e3f")),
    ("ya:no:0c1d2e3f", DropAreas("0c1d2e3f")),
    ("ya:mv:0c1d2e3f:7:2", MoveAreaTasks("0c1d2e3f", 7, 2)),
    ("yo:p:0", ReopenPage(0)),
    ("yo:m:17", ReopenFor(17)),
    ("yo:u:17:20261231", ReopenUntil(17, date(2026, 12, 31))),
    ("yo:u:17:20270105", ReopenUntil(17, date(2027, 1, 5))),
    ("reg:ok", ConfirmRegistration()),
    ("reg:edit", EditRegistration()),
    ("reg:no", CancelRegistration()),
    ("reg:back", BackToPreview()),
    ("reg:fix:0", RedoStep(0)),
    ("reg:fix:3", RedoStep(3)),
    ("reg:area:5", PickArea(5)),
    # Notices: /thongbao, and the delivery report's buttons.
    ("bc:all", WholeOrganisation()),
    ("bc:party", PartyOnly()),
    ("bc:non", NonPartyOnly()),
    ("bc:pick", ChooseCells()),
    ("bc:c:4:1", ToggleCell(4, 1)),
    ("bc:p:1", CellsPage(1)),
    ("bc:ok", CellsChosen()),
    ("bc:send", SendNow()),
    ("bc:later", SendLater()),
    ("bc:no", DropNotice()),
    ("bc:list", NoticesSent()),
    ("bcr:m:9", WhoMissed(9)),
    ("bcr:r:9", ResendFailed(9)),
    ("bcr:x:9", CancelScheduled(9)),
    ("bcr:v:9", ViewReport(9)),
    ("bcr:p:9:3", MissedPage(9, 3)),
    # Meeting planning (/lichhop).
    ("mp:new", planning.NewMeeting()),
    ("mp:menu", planning.PlanningMenu()),
    ("mp:p:1", planning.PlanningPage(1)),
    ("mp:k:cell_meeting", planning.ChooseKind(MeetingKind.CELL_MEETING)),
    ("mp:k:news_briefing", planning.ChooseKind(MeetingKind.NEWS_BRIEFING)),
    ("mp:s:4", planning.ChooseCell(4)),
    ("mp:s:all", planning.ChooseEveryone()),
    ("mp:s:p1", planning.CellChoicePage(1)),
    ("mp:a:party", planning.ChooseAttendees(Attendees.PARTY)),
    ("mp:a:all", planning.ChooseAttendees(Attendees.ALL)),
    ("mp:r:none", planning.ChooseRepeat("none")),
    ("mp:r:month", planning.ChooseRepeat("month")),
    ("mp:r:quarter", planning.ChooseRepeat("quarter")),
    ("mp:skip", planning.SkipAnswer()),
    ("mp:save", planning.SaveMeeting()),
    ("mp:drop", planning.DropMeeting()),
    ("mp:pe", planning.EditPreview()),
    ("mp:pf:attendees", planning.EditAnswer("attendees")),
    ("mp:pf:start", planning.EditAnswer("start")),
    ("mp:pb", planning.BackToPreview()),
    ("mp:sa", planning.SaveAnyway()),
    ("mp:o:31", planning.OpenPlanned(31)),
    ("mp:e:31", planning.EditPlanned(31)),
    ("mp:f:place", planning.EditPlannedField("place")),
    ("mp:mv:31", planning.MovePlanned(31)),
    ("mp:x:31", planning.CancelPlanned(31)),
    ("mp:xy:31", planning.CancelPlannedConfirmed(31)),
    ("mp:d:31", planning.AddDocument(31)),
    ("isr:i:7", ChooseReportItem(7)),
    ("irm:i:7", remediation.OpenRemediation(7)),
    ("irm:a:7", remediation.AddAction(7)),
    ("irm:d:12", remediation.MarkDone(12)),
    ("irm:v:12", remediation.VerifyAction(12)),
    ("irm:r:12", remediation.ReturnAction(12)),
    ("isv:c:3", SuperviseCell(3)),
    ("isv:m", SuperviseMember()),
    ("isv:p:2", SuperviseCells(2)),
    ("ikt:p:1", programme.ProgrammePage(1)),
    ("ikt:o:7", programme.OpenItem(7)),
    ("ikt:d", programme.ProposeDraft()),
    ("ikt:a:3", programme.AdoptProgramme(3)),
    ("ikt:r:7:ok", programme.ReviewItem(7, "ok")),
    ("ikt:r:7:drop", programme.ReviewItem(7, "drop")),
    ("ikt:m:7", programme.PickMonth(7)),
    ("ikt:mv:7:9", programme.MoveItem(7, 9)),
    ("ikt:l:7", programme.ChangeLead(7)),
    ("ikt:t:7", programme.ChangeTarget(7)),
    ("ikt:s:7:notified", programme.TakeStep(7, ItemState.NOTIFIED)),
    ("ikt:dd:7", programme.DefaultDue(7)),
    ("ikt:ds:7", programme.SkipDecision(7)),
    ("ikt:n", programme.AddItemForm()),
    ("ikt:k:inspection", programme.AddItemKind(ItemKind.INSPECTION)),
    # Targets (issue 13): a card, recording its value, the form and its section.
    ("tgt:o:3", target_buttons.OpenTarget(3)),
    ("tgt:r:3", target_buttons.RecordValue(3)),
    ("tgt:n", target_buttons.AddTargetForm()),
    ("tgt:s:2", target_buttons.PickSection(2)),
    # The period report: a page of its summary for a span (period, first, last, cut-off).
    (
        "rp:p:6m:20200101:20200630:20200615:1",
        ReportPage("6m", date(2020, 1, 1), date(2020, 6, 30), date(2020, 6, 15), 1),
    ),
    ("tgt:e:12", target_buttons.ShowEvidence(12)),
    ("rsr:q", AnswerQuestions()),
    ("rsr:l:excellent", ChooseSelfLevel(Level.EXCELLENT)),
    ("rt:o:2", rating.RatingsOverview(2)),
    ("rt:c:3", rating.OpenCellRatings(3)),
    ("rt:n:3", rating.NudgeCell(3)),
    ("rt:e:7", rating.OpenRatingEntry(7)),
    ("rt:p:7:good", rating.ProposeLevel(7, Level.GOOD)),
    ("rt:cl:3:complete", rating.CellLevel(3, Level.COMPLETE)),
    ("rt:s:3", rating.SubmitCell(3)),
    ("rt:d:7:not_complete", rating.DecideLevel(7, Level.NOT_COMPLETE)),
    ("rt:skip", rating.SkipRatingAnswer()),
    ("rt:pub:1", rating.PublishRatings(1)),
    ("rt:open", rating.OpenCycleForm()),
    ("rt:nr:7:new_member", rating.MarkNotRated(7, "new_member")),
    ("rt:nr:7:none", rating.MarkNotRated(7, "none")),
    ("rt:sl:7:1", rating.MarkSickLeave(7, 1)),
    ("rt:f:7", rating.ShowReviewFile(7)),
    # Party dues: the reminder's «✅ Tôi đã đóng» (queued in the outbox) and /dangphi's grid.
    ("dp:c:20261101", dues_buttons.Claim(date(2026, 11, 1))),
    ("dp:g:3:2026:1", dues_buttons.Grid(3, 2026, 1)),
    ("dp:m:3:20260301:0", dues_buttons.MonthMembers(3, date(2026, 3, 1), 0)),
    ("dp:ok:12:20260301:g", dues_buttons.Confirm(12, date(2026, 3, 1), "g")),
    ("dp:e:12:20260301", dues_buttons.Entry(12, date(2026, 3, 1))),
    ("dp:k:12:20260301:cash", dues_buttons.Mark(12, date(2026, 3, 1), "cash")),
    ("dp:r:12:20260301:exempt", dues_buttons.AskReason(12, date(2026, 3, 1), DuesState.EXEMPT)),
    ("dp:o:2026:0", dues_buttons.Cells(2026, 0)),
]


def _ours() -> list[type[CallbackData]]:
    """Every kind of button in the bot's own modules (not the codec's tests)."""
    assert (
        handlers.wiring
        and handlers.meetings.meeting_reminder
        and handlers.tasks.task_reminder
        and approval_list
    )
    return [f for f in families() if f.__module__.startswith(("handlers.", "bot."))]


@pytest.mark.parametrize(("data", "meant"), KNOWN, ids=[data for data, _ in KNOWN])
def test_known_data_reads_as_before_and_is_written_the_same(data: str, meant: CallbackData) -> None:
    assert type(meant).unpack(data) == meant
    assert meant.pack() == data
    assert type(meant).pattern().match(data)


def test_every_kind_of_button_has_known_data() -> None:
    assert {type(meant) for _, meant in KNOWN} == set(_ours())


def test_no_data_is_read_by_two_kinds_and_none_is_too_long() -> None:
    ours = _ours()
    for family in ours:
        for made in family.examples():
            data = made.pack()
            assert len(data.encode()) <= MAX_BYTES
            readers = [other.__name__ for other in ours if other.unpack(data) is not None]
            assert readers == [family.__name__], data
