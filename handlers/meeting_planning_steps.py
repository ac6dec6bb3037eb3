"""/lichhop, a new meeting one question at a time: kind → title → whose → who attends →
start → repeat → place or link → agenda → preview → save. A bad answer is asked again with
the reason; what was answered before is kept."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.domain.errors import UserError
from bot.domain.meetings import Attendees, MeetingKind
from bot.domain.model import Identity
from bot.domain.text import fold
from bot.i18n import Translator
from bot.services.meeting_edits import MAX_TEXT, MAX_TITLE
from handlers import meeting_planning_render as render
from handlers.auth import member_only
from handlers.command_text import number
from handlers.context import BotContext
from handlers.meeting_planning_state import (
    AGENDA,
    ATTENDEES,
    DRAFT,
    END,
    KIND,
    PLACE,
    PREVIEW,
    REPEAT,
    SCOPE,
    START,
    TITLE,
    Draft,
    draft_of,
)
from handlers.replies import replace, reply


def _data(update: Update) -> str:
    query = update.callback_query
    return "" if query is None or query.data is None else query.data


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


def local_now(context: BotContext) -> datetime:
    services = context.services
    return services.reminders.now().astimezone(services.zone).replace(tzinfo=None)


def example_start(context: BotContext) -> datetime:
    """A week from now at 14:00: a believable example."""
    return (local_now(context) + timedelta(days=7)).replace(hour=14, minute=0)


@member_only
async def new_meeting(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    if not context.services.meetings.may_plan(identity):
        await _answer(update, render.refused(t))
        return END
    await _answer(update)
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    draft_of(context.user_data)
    text, keyboard = render.kind_question(t)
    await replace(update, text, keyboard)
    return KIND


@member_only
async def on_kind(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    value = _data(update).removeprefix(render.KIND)
    if value not in {k.value for k in MeetingKind}:
        await _answer(update)
        return KIND
    await _answer(update)
    draft = draft_of(context.user_data)
    draft.kind = MeetingKind(value)
    # Study sessions are for everyone (non-party staff study too); the rest for party members.
    draft.attendees = Attendees.ALL if draft.kind is MeetingKind.STUDY else Attendees.PARTY
    await replace(update, render.title_question(t))
    return TITLE


@member_only
async def on_title(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    title = " ".join(_text(update).split())
    if not title or len(title) > MAX_TITLE:
        reason = t("Give the meeting a title of at most 200 characters.")
        await reply(update, f"{reason}\n\n{render.title_question(t)}")
        return TITLE
    draft = draft_of(context.user_data)
    draft.title = title
    meetings = context.services.meetings
    cells = await meetings.planning_cells(identity)
    everyone = meetings.may_plan_everyone(identity)
    if not everyone and len(cells) == 1:
        # A secretary of one cell plans for that cell: nothing to ask.
        draft.cell, draft.cell_id, draft.everyone = cells[0].name, cells[0].id, False
        return await _ask_attendees(update, draft, t, edit=False)
    text, keyboard = render.scope_question(cells, everyone, 0, t)
    await reply(update, text, keyboard)
    return SCOPE


async def _ask_attendees(update: Update, draft: Draft, t: Translator, *, edit: bool) -> int:
    text, keyboard = render.attendees_question(draft, t)
    await (replace(update, text, keyboard) if edit else reply(update, text, keyboard))
    return ATTENDEES


@member_only
async def on_scope(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    value = _data(update).removeprefix(render.SCOPE)
    meetings = context.services.meetings
    cells = await meetings.planning_cells(identity)
    everyone = meetings.may_plan_everyone(identity)
    draft = draft_of(context.user_data)
    page = number(value[1:]) if value.startswith("p") else None
    if page is not None:
        await _answer(update)
        text, keyboard = render.scope_question(cells, everyone, page, t)
        await replace(update, text, keyboard)
        return SCOPE
    if value == render.EVERYONE and everyone:
        draft.cell, draft.cell_id, draft.everyone = None, None, True
    else:
        chosen = [c for c in cells if c.id == number(value)]
        if not chosen:
            await _answer(update, t("A cell secretary arranges meetings of their own cell only."))
            return SCOPE
        draft.cell, draft.cell_id, draft.everyone = chosen[0].name, chosen[0].id, False
    await _answer(update)
    return await _ask_attendees(update, draft, t, edit=True)


@member_only
async def on_attendees(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    value = _data(update).removeprefix(render.WHO)
    await _answer(update)
    if value not in {a.value for a in Attendees}:
        return ATTENDEES
    draft_of(context.user_data).attendees = Attendees(value)
    await replace(update, render.start_question(example_start(context), t))
    return START


@member_only
async def on_start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    text = _text(update)
    example = example_start(context)
    starts = render.parse_start(text, local_now(context))
    if starts is None:
        await reply(update, render.bad_start(text, example, t))
        return START
    try:
        context.services.meetings.check_start(starts)
    except UserError as error:
        reason = t(error.message, **error.params)
        await reply(update, f"{reason}\n\n{render.start_question(example, t)}")
        return START
    draft = draft_of(context.user_data)
    draft.starts = starts
    question, keyboard = render.repeat_question(t)
    await reply(update, question, keyboard)
    return REPEAT


@member_only
async def on_repeat(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.user_data)
    assert draft.starts is not None
    pressed = update.callback_query is not None
    choice = _data(update).removeprefix(render.REPEAT) if pressed else None
    if choice == render.NO_REPEAT:
        draft.repeat, draft.repeat_label, draft.first = None, None, ()
    else:
        rule = render.REPEAT_RULES.get(choice or "") if pressed else _text(update)
        if not rule:
            await _answer(update)
            return REPEAT
        try:
            first = context.services.meetings.check_repeat(rule, draft.starts)
        except UserError as error:
            await _answer(update)
            await reply(update, t(error.message, **error.params))
            return REPEAT
        draft.repeat, draft.first = rule, tuple(first)
        draft.repeat_label = render.REPEAT_NAMES[choice] if pressed and choice else None
    await _answer(update)
    question, keyboard = render.place_question(t)
    await (replace(update, question, keyboard) if pressed else reply(update, question, keyboard))
    return PLACE


@member_only
async def on_place(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.user_data)
    pressed = update.callback_query is not None
    if not pressed:
        text = _optional_text(update)
        if len(text) > MAX_TEXT:
            await reply(update, t("Please keep it under 3000 characters."))
            return PLACE
        is_link = text.lower().startswith(("http://", "https://")) and " " not in text
        draft.place, draft.online_link = (None, text) if is_link else (text or None, None)
    await _answer(update)
    question, keyboard = render.agenda_question(t)
    await (replace(update, question, keyboard) if pressed else reply(update, question, keyboard))
    return AGENDA


@member_only
async def on_agenda(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft = draft_of(context.user_data)
    pressed = update.callback_query is not None
    if not pressed:
        text = _optional_text(update)
        if len(text) > MAX_TEXT:
            await reply(update, t("Please keep it under 3000 characters."))
            return AGENDA
        draft.agenda = text or None
    await _answer(update)
    text, keyboard = render.preview(draft, context.services.zone, t)
    await (replace(update, text, keyboard) if pressed else reply(update, text, keyboard))
    return PREVIEW


@member_only
async def on_preview(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    await _answer(update)
    if _data(update) != render.SAVE:
        await replace(update, t("Cancelled; nothing was saved."))
        return END
    draft = draft_of(context.user_data)
    try:
        created = await context.services.meetings.create(identity, draft.request())
    except UserError as error:
        # Most likely the start passed meanwhile: ask for it again, keeping the rest.
        reason = t(error.message, **error.params)
        await reply(update, f"{reason}\n\n{render.start_question(example_start(context), t)}")
        return START
    series = created.series_id is not None
    await replace(update, render.saved(draft.title, len(created.meeting_ids), series, t))
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    return END
