"""/lichhop, the planner's side of a meeting: the menu of meetings one may change, a meeting's
card, and what can be done from it — edit, move, cancel, add a document.

Callback data carries the meeting id only: every action asks the service, which refuses (and
audits) a meeting the secretary may not change, so a forged button changes nothing."""

from __future__ import annotations

import html

from telegram import Update

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import Translator
from bot.services.meetings.meeting_edits import BAD_DOCUMENT
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import Shown, refuse
from handlers.kit.replies import replace, reply
from handlers.meetings import meeting_planning_card_render as card_render
from handlers.meetings import meeting_planning_render as render
from handlers.meetings.meeting_notice_text import cancel_renderer
from handlers.meetings.meeting_planning_buttons import (
    PLANNED_BUTTONS,
    CancelPlanned,
    CancelPlannedConfirmed,
    EditPlanned,
    EditPlannedField,
    MovePlanned,
    OpenPlanned,
    PlannedButton,
    PlanningPage,
)
from handlers.meetings.meeting_planning_state import (
    CANCEL,
    CARD,
    DOCUMENT,
    EDIT_FIELD,
    EDIT_VALUE,
    END,
    MENU,
    MOVE,
    planning,
)
from handlers.meetings.meeting_planning_steps import start_examples


async def show_menu(
    update: Update, context: BotContext, identity: Identity, t: Translator, page: int = 0
) -> int:
    try:
        meetings = await context.services.meetings.plannable(identity)
    except UserError as error:
        # A role taken away meanwhile: the service's reason, as any refusal.
        await refuse(update, error, t, Shown.AS_MESSAGE)
        return END
    text, keyboard = render.menu(meetings, page, context.services.zone, t)
    await replace(update, text, keyboard)
    return MENU


@member_only
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    """/lichhop: the menu, or a polite refusal for those who do not plan meetings."""
    if not context.services.meetings.may_plan(identity):
        await reply(update, render.refused(t))
        return END
    return await show_menu(update, context, identity, t)


@member_only
async def on_menu(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    """◀ Back, or another page of the menu."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    turned = pressed(update, PlanningPage)
    return await show_menu(update, context, identity, t, 0 if turned is None else turned.page)


async def _show_card(
    update: Update, context: BotContext, identity: Identity, t: Translator, meeting_id: int
) -> int | None:
    """The card as a new message (after a typed answer) or in place of the pressed one."""
    meeting, documents = await context.services.meetings.changeable(identity, meeting_id)
    text, keyboard = card_render.card(meeting, documents, context.services.zone, t)
    if update.callback_query is None:
        await reply(update, text, keyboard)
    else:
        await replace(update, text, keyboard)
    return CARD


@member_only
async def on_action(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    """A meeting's card, and the buttons on it; each first asks the service whether this
    member may change that meeting."""
    query = update.callback_query
    assert query is not None
    action = pressed(update, *PLANNED_BUTTONS)
    if not isinstance(action, PlannedButton):
        await query.answer()
        return None
    meeting_id = action.meeting
    meetings, zone = context.services.meetings, context.services.zone
    if isinstance(action, CancelPlannedConfirmed):
        await meetings.cancel(
            identity, meeting_id, cancel_renderer(zone, context.services.default_language)
        )
        context.services.delivery.wake()
        await query.answer(t("The meeting is cancelled."))
        await reply(update, t("✅ Cancelled. Members who were reminded are being told."))
        return await show_menu(update, context, identity, t)
    meeting, _documents = await meetings.changeable(identity, meeting_id)
    await query.answer()
    planning(context.slots).meeting = meeting_id
    if isinstance(action, OpenPlanned):
        return await _show_card(update, context, identity, t, meeting_id)
    if isinstance(action, EditPlanned):
        text, keyboard = card_render.field_question(meeting_id, t)
        await replace(update, text, keyboard)
        return EDIT_FIELD
    if isinstance(action, MovePlanned):
        await reply(update, card_render.move_question(meeting, zone, start_examples(context, t), t))
        return MOVE
    if isinstance(action, CancelPlanned):
        text, keyboard = card_render.cancel_question(meeting, zone, t)
        await replace(update, text, keyboard)
        return CANCEL
    await reply(update, card_render.document_question(t))
    return DOCUMENT


@member_only
async def on_field(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    chosen = pressed(update, EditPlannedField)
    if chosen is None:
        return EDIT_FIELD
    planning(context.slots).field = chosen.field
    await reply(update, card_render.value_question(chosen.field, t))
    return EDIT_VALUE


def _edits(field: str, text: str) -> dict[str, str]:
    """The service's keyword arguments for one typed answer; "-" removes the value."""
    if field == "title":
        return {"title": text}
    value = "" if text == "-" else text
    if field == "agenda":
        return {"agenda": value}
    if not value:
        return {"place": "", "online_link": ""}
    if value.lower().startswith(("http://", "https://")) and " " not in value:
        return {"online_link": value}
    return {"place": value}


@member_only(refused=EDIT_VALUE)
async def on_value(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    message = update.effective_message
    meeting_id, field = planning(context.slots).meeting, planning(context.slots).field
    if message is None or meeting_id is None or field is None:
        return END
    text = (message.text or "").strip()
    await context.services.meetings.edit(identity, meeting_id, **_edits(field, text))
    await reply(update, t("✅ Changed."))
    return await _show_card(update, context, identity, t, meeting_id)


@member_only
async def on_move(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    message = update.effective_message
    meeting_id = planning(context.slots).meeting
    if message is None or meeting_id is None:
        return END
    try:
        starts = context.services.meetings.read_start(message.text or "")
        changed = await context.services.meetings.move(identity, meeting_id, starts)
    except UserError as error:
        await reply(update, render.bad_start(error, start_examples(context, t), t))
        return MOVE
    when = changed.meeting.starts_at.astimezone(context.services.zone)
    await reply(
        update, t("✅ Moved to {when}. Members will be reminded of the new time.", when=when)
    )
    return await _show_card(update, context, identity, t, meeting_id)


@member_only(refused=DOCUMENT)
async def on_document(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    """A document or a photo (its caption as title), or a link (with words as its title)."""
    message = update.effective_message
    meeting_id = planning(context.slots).meeting
    if message is None or meeting_id is None:
        return END
    file_id, url = None, None
    if message.document is not None:
        file_id = message.document.file_id
        title = message.caption or message.document.file_name or t("Document")
    elif message.photo:
        file_id = message.photo[-1].file_id
        title = message.caption or t("Photo")
    else:
        words = (message.text or "").split()
        links = [w for w in words if w.lower().startswith(("http://", "https://"))]
        if not links:
            await reply(update, t(BAD_DOCUMENT))
            return DOCUMENT
        url = links[0]
        title = " ".join(w for w in words if w != url) or url
    added = await context.services.meetings.add_document(
        identity, meeting_id, title, file_id=file_id, url=url
    )
    await reply(
        update,
        t(
            "✅ Added: {title}. Members open it from the meeting's card in /lich.",
            title=html.escape(added.title),
        ),
    )
    return await _show_card(update, context, identity, t, meeting_id)
