"""The texts and buttons of /lichhop: the planner's menu, the questions of a new meeting and
the preview. A planned meeting's card, with what the secretary may do to it, is drawn in
``meeting_planning_card_render``."""

from __future__ import annotations

import html
from datetime import datetime, time
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.dates import FRIDAY, next_week_day
from bot.domain.errors import UserError
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Unit
from bot.formatting import moment, short_day
from bot.i18n import N_, NP_, Contextual, Translator
from bot.i18n.meeting_labels import ATTENDEE_NAMES, MEETING_KIND_NAMES
from bot.i18n.rule_labels import describe_rule
from bot.services.meetings.meeting_edits import Planned
from bot.services.meetings.similar_series import SimilarSeries
from handlers.kit.buttons import button
from handlers.kit.date_prompts import moment_examples
from handlers.kit.pages import clamp, navigation, page_line
from handlers.kit.refusals import refusal_text
from handlers.meetings.meeting_planning_buttons import (
    MONTHLY,
    NO_REPEAT,
    QUARTERLY,
    BackToPreview,
    CellChoicePage,
    ChooseAttendees,
    ChooseCell,
    ChooseEveryone,
    ChooseKind,
    ChooseRepeat,
    DropMeeting,
    EditAnswer,
    EditPreview,
    NewMeeting,
    OpenPlanned,
    PlanningPage,
    PreviewField,
    Repeat,
    SaveAnyway,
    SaveMeeting,
    SkipAnswer,
)
from handlers.meetings.meeting_planning_state import ATTENDEES, Draft, Step
from handlers.meetings.schedule_render import shorten

PER_PAGE = 8
# What the repeat buttons mean, as rules recurrence.parse_rule reads (day and time: the start);
# stored as written, so the series reads in Vietnamese in the export (parsing words, not text).
REPEAT_RULES = {MONTHLY: "hằng tháng", QUARTERLY: "hằng quý"}
REPEAT_NAMES: dict[Repeat, str] = {
    NO_REPEAT: N_("No repeat"),
    MONTHLY: N_("Monthly on this day"),
    QUARTERLY: N_("Every quarter"),
}
KIND_BUTTONS = {
    MeetingKind.CELL_MEETING: N_("Cell meeting"),
    MeetingKind.THEMATIC_MEETING: N_("Thematic meeting"),
    MeetingKind.STUDY: N_("Study: topic / resolution"),
    MeetingKind.NEWS_BRIEFING: N_("Current-affairs briefing"),
    MeetingKind.SEMINAR: N_("Seminar / workshop"),
}
# What can be changed from the preview, in the order asked; "scope" only for those who choose.
PREVIEW_FIELDS: dict[PreviewField, str | Contextual] = {
    "kind": N_("Kind of meeting"),
    "title": NP_("meeting", "Title"),
    "scope": N_("Whose meeting"),
    "attendees": N_("Who attends"),
    "start": N_("Start"),
    "repeat": NP_("meeting", "Repeat"),
    "place": N_("Place or link"),
    "agenda": N_("Agenda"),
}


def start_examples(now: datetime, t: Translator) -> str:
    """Next Friday at 14:00, written three ways, from ``now`` (local)."""
    at = datetime.combine(next_week_day(now.date(), FRIDAY), time(14, 0))
    return moment_examples(at, now.date(), t("next Friday {time}", time="14:00"), t)


def markup(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """A keyboard of the rows that have buttons."""
    return InlineKeyboardMarkup([row for row in rows if row])


def menu(
    meetings: list[Planned], page: int, zone: ZoneInfo, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    pages = max(1, -(-len(meetings) // PER_PAGE))
    page = clamp(page, pages)
    shown = meetings[page * PER_PAGE : (page + 1) * PER_PAGE]
    lines = [t("<b>Meeting planning</b>")]
    if shown:
        lines.append(t("Create a new meeting, or choose one to change it, move or cancel it."))
    else:
        lines.append(t("There is no upcoming meeting you can change. Create a new one."))
    footer = page_line(page, pages, t)
    if footer:
        lines.append(footer)
    rows = [[button(t("➕ New meeting"), NewMeeting())]]
    for planned in shown:
        meeting = planned.meeting
        local = meeting.starts_at.astimezone(zone)
        parts = [f"{short_day(local.date(), t.language)[:5]} {local:%H:%M}"]
        if planned.scope:
            parts.append(shorten(planned.scope, 20))
        parts.append(meeting.title)
        rows.append([button(shorten(" · ".join(parts), 56), OpenPlanned(meeting.id))])
    rows.append(navigation(PlanningPage, page, pages, t))
    return "\n".join(lines), markup(*rows)


def refused(t: Translator) -> str:
    return t(
        "Meetings are planned by cell secretaries and the Party committee. Send /lich to see "
        "your own meetings."
    )


def kind_question(step: Step, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(t(label), ChooseKind(kind))] for kind, label in KIND_BUTTONS.items()]
    text = t(
        "<b>New meeting</b> (step {step}/{steps})\nWhat kind of meeting is it?",
        step=step[0],
        steps=step[1],
    )
    return text, markup(*rows)


def title_question(step: Step, t: Translator) -> str:
    return t(
        "Step {step}/{steps}. Write the title or topic, for example: "
        "<i>Sinh hoạt chi bộ tháng 4</i>.",
        step=step[0],
        steps=step[1],
    )


def scope_question(
    cells: list[Unit], everyone: bool, page: int, step: Step, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    """The whole organisation (the committee) or one of ``cells``, eight to a page."""
    pages = max(1, -(-len(cells) // PER_PAGE))
    page = clamp(page, pages)
    rows = [[button(t("🏛 The whole organisation"), ChooseEveryone())]] if everyone else []
    rows += [
        [button(shorten(c.name), ChooseCell(c.id))]
        for c in cells[page * PER_PAGE : (page + 1) * PER_PAGE]
    ]
    rows.append(navigation(CellChoicePage, page, pages, t))
    text = t(
        "Step {step}/{steps}. For whom is the meeting? Choose below.", step=step[0], steps=step[1]
    )
    return text, markup(*rows)


def attendees_question(draft: Draft, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    def label(who: Attendees, name: str) -> str:
        return ("● " if draft.attendees is who else "") + t(name)

    rows = [
        [button(label(who, name), ChooseAttendees(who))]
        for who, name in (
            (Attendees.PARTY, N_("Party members only")),
            (Attendees.ALL, N_("Everyone (staff too)")),
        )
    ]
    step, steps = draft.step(ATTENDEES)
    text = t(
        "Step {step}/{steps}. Who attends? (● is the usual choice for this kind)",
        step=step,
        steps=steps,
    )
    return text, markup(*rows)


def start_question(examples: str, step: Step, t: Translator) -> str:
    return t(
        "Step {step}/{steps}. When does it start? Write the day and time, for example: {examples}.",
        examples=examples,
        step=step[0],
        steps=step[1],
    )


def bad_start(error: UserError, examples: str, t: Translator) -> str:
    """Why the start was refused (not a time, or passed), and what would do."""
    return "⚠️ " + refusal_text(error, t) + "\n" + t("For example: {examples}.", examples=examples)


def repeat_examples(starts: datetime, t: Translator) -> str:
    """Rules that keep the start's day and time: "ngày 11 hằng tháng lúc 14:00" (days 1–28
    only) and "thứ Sáu thứ hai của tháng lúc 14:00"."""
    time_fields = {"hour": str(starts.hour), "minute": str(starts.minute)}
    nth = min((starts.day - 1) // 7 + 1, 5)
    ordinal = "last" if nth == 5 else ("1st", "2nd", "3rd", "4th")[nth - 1]
    weekday = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[starts.weekday()]
    rules = [{"day": f"{ordinal} {weekday}", **time_fields}]
    if starts.day <= 28:
        rules.insert(0, {"day": str(starts.day), **time_fields})
    return ", ".join(f"<code>{html.escape(describe_rule(r, t))}</code>" for r in rules)


def repeat_question(
    starts: datetime, step: Step, t: Translator
) -> tuple[str, InlineKeyboardMarkup]:
    rows = [[button(t(name), ChooseRepeat(key))] for key, name in REPEAT_NAMES.items()]
    text = t(
        "Step {step}/{steps}. Does it repeat? Choose below, or write a rule, for example: "
        "{examples}.",
        examples=repeat_examples(starts, t),
        step=step[0],
        steps=step[1],
    )
    return text, markup(*rows)


def place_question(step: Step, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "Step {step}/{steps}. Where? Write the place or an online link, for example: "
        "<i>Phòng 201</i> or https://meet.google.com/abc-defg-hij.",
        step=step[0],
        steps=step[1],
    )
    return text, markup([button(t("Skip"), SkipAnswer())])


def agenda_question(step: Step, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "Step {step}/{steps}. The agenda, for example: "
        "<i>1. Kiểm điểm tháng; 2. Nhiệm vụ tháng tới</i>.",
        step=step[0],
        steps=step[1],
    )
    return text, markup([button(t("Skip"), SkipAnswer())])


def preview(draft: Draft, zone: ZoneInfo, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    assert draft.starts is not None
    scope = t("the whole organisation") if draft.everyone else html.escape(draft.cell or "")
    lines = [
        t("<b>Please check the meeting</b>"),
        t("Kind: {kind}", kind=t(KIND_BUTTONS[draft.kind])),
        t("Meeting title: {title}", title=html.escape(draft.title)),
        t("Whose: {scope}", scope=scope),
        t("For: {attendees}", attendees=t(ATTENDEE_NAMES[draft.attendees])),
        t("Starts: {when}", when=moment(draft.starts, t.language)),
    ]
    if draft.repeat is None:
        lines.append(t("Repeats: {rule}", rule=t(REPEAT_NAMES[NO_REPEAT])))
    else:
        # As people say it, whatever was typed or pressed: "ngày 5 hằng tháng lúc 14:00".
        rule = html.escape(describe_rule(draft.repeat_fields, t))
        lines.append(t("Repeats: {rule}", rule=rule))
        dates = ", ".join(short_day(d.date(), t.language) for d in draft.first)
        lines.append(t("First dates: {dates}", dates=dates))
    if draft.place:
        lines.append(t("Place: {place}", place=html.escape(draft.place)))
    if draft.online_link:
        lines.append(t("Online: {link}", link=html.escape(draft.online_link)))
    if draft.agenda:
        lines += [t("<b>Agenda</b>"), html.escape(draft.agenda)]
    keyboard = markup(
        [button(t("✅ Save"), SaveMeeting()), button(t("✏️ Edit"), EditPreview())],
        [button(t("✖️ Cancel"), DropMeeting())],
    )
    return "\n".join(lines), keyboard


def preview_fields(may_choose_scope: bool, t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """Which answer to change before saving; the preview comes back after it."""
    rows = [
        [button(t(label), EditAnswer(key))]
        for key, label in PREVIEW_FIELDS.items()
        if key != "scope" or may_choose_scope
    ]
    rows.append([button(t("◀ Back"), BackToPreview())])
    return t("What do you want to change?"), markup(*rows)


def similar_series(similar: list[SimilarSeries], t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    """The series that already exist like the new one, and whether to create it anyway."""
    lines = []
    for found in similar:
        params = {
            "unit": html.escape(found.unit_name),
            "kind": t(MEETING_KIND_NAMES[found.kind]),
            "rule": html.escape(describe_rule(found.trigger, t)),
        }
        lines.append(
            "⚠️ "
            + (
                t("The cell {unit} already has a recurring {kind}: {rule}.", **params)
                if found.is_cell
                else t("{unit} already has a recurring {kind}: {rule}.", **params)
            )
        )
    lines.append(t("Create another one anyway?"))
    keyboard = markup(
        [button(t("✅ Create it anyway"), SaveAnyway())], [button(t("◀ Back"), BackToPreview())]
    )
    return "\n".join(lines), keyboard


def saved(title: str, count: int, series: bool, t: Translator) -> str:
    text = t("✅ Saved: {title}.", title=html.escape(title))
    if series:
        return (
            text
            + " "
            + t(
                "{count} meetings of the series were created for the coming months; later ones "
                "are added by themselves.",
                count=count,
            )
        )
    return text + " " + t("Members in scope will be reminded before it starts.")
