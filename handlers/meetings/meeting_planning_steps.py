"""/lichhop, a new meeting one question at a time: kind → title → whose → who attends →
start → repeat → place or link → agenda → preview → save. A bad answer is asked again with
the reason; what was answered before is kept."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import UserError
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import Translator
from bot.services.meetings.meeting_edits import MAX_TEXT, MAX_TITLE
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply
from handlers.meetings import meeting_planning_render as render
from handlers.meetings.meeting_planning_buttons import (
    NO_REPEAT,
    SCOPE_BUTTONS,
    CellChoicePage,
    ChooseAttendees,
    ChooseCell,
    ChooseEveryone,
    ChooseKind,
    ChooseRepeat,
)
from handlers.meetings.meeting_planning_preview import show_preview
from handlers.meetings.meeting_planning_state import (
    AGENDA,
    ATTENDEES,
    END,
    KIND,
    PLACE,
    REPEAT,
    SCOPE,
    START,
    TITLE,
    Draft,
    draft_of,
    forget_draft,
)


async def _answer(update: Update, alert: str | None = None) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(alert, show_alert=alert is not None)


def _text(update: Update) -> str:
    message = update.effective_message
    return "" if message is None or message.text is None else message.text.strip()


# Typed instead of pressing «Bỏ qua»: older members often write the button's words.
_SKIP_WORDS = {"bo qua", "skip", "khong", "khong co", "-", "."}


def _optional_text(update: Update) -> str:
    """An optional answer: empty when the member typed a skip word."""
    text = _text(update)
    return "" if fold(text) in _SKIP_WORDS else text


def start_examples(context: BotContext, t: Translator) -> str:
    """Examples of a start, from today: next Friday at 14:00."""
    return render.start_examples(context.services.meetings.local_now(), t)


@member_only
async def new_meeting(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    if not context.services.meetings.may_plan(identity):
        await _answer(update, render.refused(t))
        return END
    await _answer(update)
    forget_draft(context.slots)
    draft = draft_of(context.slots)
    # Whose meeting is asked only when there is a choice: a secretary of one cell has none.
    meetings = context.services.meetings
    cells = await meetings.planning_cells(identity)
    draft.asks_scope = meetings.may_plan_everyone(identity) or len(cells) != 1
    text, keyboard = render.kind_question(draft.step(KIND), t)
    await replace(update, text, keyboard)
    return KIND


@member_only
async def on_kind(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    chosen = pressed(update, ChooseKind)
    if chosen is None:
        await _answer(update)
        return KIND
    await _answer(update)
    draft = draft_of(context.slots)
    draft.kind = chosen.kind
    if draft.editing:  # changed from the preview: who attends stays as chosen
        return await show_preview(update, context, draft, t)
    # Study sessions are for everyone (non-party staff study too); the rest for party members.
    draft.attendees = Attendees.ALL if draft.kind is MeetingKind.STUDY else Attendees.PARTY
    await replace(update, render.title_question(draft.step(TITLE), t))
    return TITLE


@member_only
async def on_title(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    title = " ".join(_text(update).split())
    if not title or len(title) > MAX_TITLE:
        reason = t("Give the meeting a title of at most 200 characters.")
        question = render.title_question(draft_of(context.slots).step(TITLE), t)
        await reply(update, f"{reason}\n\n{question}")
        return TITLE
    draft = draft_of(context.slots)
    draft.title = title
    if draft.editing:
        return await show_preview(update, context, draft, t)
    meetings = context.services.meetings
    cells = await meetings.planning_cells(identity)
    everyone = meetings.may_plan_everyone(identity)
    if not everyone and len(cells) == 1:
        # A secretary of one cell plans for that cell: nothing to ask.
        draft.cell, draft.cell_id, draft.everyone = cells[0].name, cells[0].id, False
        return await _ask_attendees(update, draft, t, edit=False)
    text, keyboard = render.scope_question(cells, everyone, 0, draft.step(SCOPE), t)
    await reply(update, text, keyboard)
    return SCOPE


async def _ask_attendees(update: Update, draft: Draft, t: Translator, *, edit: bool) -> int:
    text, keyboard = render.attendees_question(draft, t)
    await (replace(update, text, keyboard) if edit else reply(update, text, keyboard))
    return ATTENDEES


@member_only(refused=SCOPE)
async def on_scope(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    scope = pressed(update, *SCOPE_BUTTONS)
    meetings = context.services.meetings
    cells = await meetings.planning_cells(identity)
    everyone = meetings.may_plan_everyone(identity)
    draft = draft_of(context.slots)
    if isinstance(scope, CellChoicePage):
        await _answer(update)
        text, keyboard = render.scope_question(cells, everyone, scope.page, draft.step(SCOPE), t)
        await replace(update, text, keyboard)
        return SCOPE
    if isinstance(scope, ChooseEveryone) and everyone:
        draft.cell, draft.cell_id, draft.everyone = None, None, True
    else:
        # Anyone else's "whole organisation" is refused (and audited) as no cell at all.
        cell_id = scope.cell if isinstance(scope, ChooseCell) else 0
        chosen = await meetings.planning_cell(identity, cell_id)
        draft.cell, draft.cell_id, draft.everyone = chosen.name, chosen.id, False
    await _answer(update)
    if draft.editing:
        return await show_preview(update, context, draft, t)
    return await _ask_attendees(update, draft, t, edit=True)


@member_only
async def on_attendees(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    chosen = pressed(update, ChooseAttendees)
    await _answer(update)
    if chosen is None:
        return ATTENDEES
    draft = draft_of(context.slots)
    draft.attendees = chosen.attendees
    if draft.editing:
        return await show_preview(update, context, draft, t)
    await replace(update, render.start_question(start_examples(context, t), draft.step(START), t))
    return START


@member_only
async def on_start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    try:
        starts = context.services.meetings.read_start(_text(update))
    except UserError as error:
        await reply(update, render.bad_start(error, start_examples(context, t), t))
        return START
    draft = draft_of(context.slots)
    draft.starts = starts
    if draft.editing:
        if draft.repeat is None:
            return await show_preview(update, context, draft, t)
        # The rule takes the day or time it leaves out from the start: read it again.
        try:
            repeat = context.services.meetings.read_repeat(draft.repeat, starts)
        except UserError as error:
            # Then the repeat is asked again, and the preview follows it.
            draft.repeat, draft.repeat_fields, draft.first = None, {}, ()
            question, keyboard = render.repeat_question(starts, draft.step(REPEAT), t)
            await reply(update, f"{refusal_text(error, t)}\n\n{question}", keyboard)
            return REPEAT
        draft.repeat_fields, draft.first = repeat.fields, tuple(repeat.first)
        return await show_preview(update, context, draft, t)
    question, keyboard = render.repeat_question(starts, draft.step(REPEAT), t)
    await reply(update, question, keyboard)
    return REPEAT


@member_only
async def on_repeat(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.slots)
    assert draft.starts is not None
    was_pressed = update.callback_query is not None
    chosen = pressed(update, ChooseRepeat)
    choice = None if chosen is None else chosen.repeat
    if choice == NO_REPEAT:
        draft.repeat, draft.repeat_fields, draft.first = None, {}, ()
    else:
        if was_pressed:
            rule = None if choice is None else render.REPEAT_RULES.get(choice)
        else:
            rule = _text(update)
        if not rule:
            await _answer(update)
            return REPEAT
        try:
            repeat = context.services.meetings.read_repeat(rule, draft.starts)
        except UserError as error:
            await _answer(update)
            # The reason, and the question with its buttons again at the bottom of the chat.
            question, keyboard = render.repeat_question(draft.starts, draft.step(REPEAT), t)
            await reply(update, f"{refusal_text(error, t)}\n\n{question}", keyboard)
            return REPEAT
        draft.repeat, draft.repeat_fields, draft.first = rule, repeat.fields, tuple(repeat.first)
    await _answer(update)
    if draft.editing:
        return await show_preview(update, context, draft, t)
    question, keyboard = render.place_question(draft.step(PLACE), t)
    await (replace if was_pressed else reply)(update, question, keyboard)
    return PLACE


@member_only
async def on_place(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.slots)
    was_pressed = update.callback_query is not None
    if was_pressed:
        draft.place, draft.online_link = None, None  # «Bỏ qua»: no place, when editing too
    else:
        text = _optional_text(update)
        if len(text) > MAX_TEXT:
            await reply(update, t("Please keep it under 3000 characters."))
            return PLACE
        is_link = text.lower().startswith(("http://", "https://")) and " " not in text
        draft.place, draft.online_link = (None, text) if is_link else (text or None, None)
    await _answer(update)
    if draft.editing:
        return await show_preview(update, context, draft, t)
    question, keyboard = render.agenda_question(draft.step(AGENDA), t)
    await (replace if was_pressed else reply)(update, question, keyboard)
    return AGENDA


@member_only
async def on_agenda(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.slots)
    was_pressed = update.callback_query is not None
    if was_pressed:
        draft.agenda = None
    else:
        text = _optional_text(update)
        if len(text) > MAX_TEXT:
            await reply(update, t("Please keep it under 3000 characters."))
            return AGENDA
        draft.agenda = text or None
    await _answer(update)
    return await show_preview(update, context, draft, t)
