"""/lichhop, the preview of a new meeting: save it, change one answer first (its question
again, then the preview again), or cancel. A series of a kind its unit already has is saved
only once the planner confirms: two monthly cell meetings for one cell is usually a slip."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import UserError
from bot.domain.model import Identity
from bot.i18n import Translator
from bot.services.meetings.similar_series import SeriesExists
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply
from handlers.meetings import meeting_planning_render as render
from handlers.meetings.meeting_planning_buttons import (
    PREVIEW_BUTTONS,
    DropMeeting,
    EditAnswer,
    EditPreview,
    SaveAnyway,
    SaveMeeting,
)
from handlers.meetings.meeting_planning_state import (
    AGENDA,
    ATTENDEES,
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
    forget_draft,
)


async def show_preview(update: Update, context: BotContext, draft: Draft, t: Translator) -> int:
    """The preview, in place of the pressed message, or as a new one after a typed answer."""
    draft.editing = False
    text, keyboard = render.preview(draft, context.services.zone, t)
    await (
        replace(update, text, keyboard) if update.callback_query else reply(update, text, keyboard)
    )
    return PREVIEW


def _start_question(context: BotContext, draft: Draft, t: Translator) -> str:
    examples = render.start_examples(context.services.meetings.local_now(), t)
    return render.start_question(examples, draft.step(START), t)


async def _may_choose_scope(context: BotContext, identity: Identity) -> bool:
    meetings = context.services.meetings
    return meetings.may_plan_everyone(identity) or len(await meetings.planning_cells(identity)) > 1


@member_only
async def on_preview(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, *PREVIEW_BUTTONS)
    draft = draft_of(context.slots)
    if isinstance(chosen, SaveMeeting | SaveAnyway):
        ask = isinstance(chosen, SaveMeeting)
        return await _save(update, context, identity, t, draft, ask=ask)
    await query.answer()
    if isinstance(chosen, DropMeeting):
        forget_draft(context.slots)
        await replace(update, t("Cancelled; nothing was saved."))
        return END
    if isinstance(chosen, EditPreview):
        text, keyboard = render.preview_fields(await _may_choose_scope(context, identity), t)
        await replace(update, text, keyboard)
        return PREVIEW
    if isinstance(chosen, EditAnswer):
        return await _ask_again(update, context, identity, t, draft, chosen.field)
    return await show_preview(update, context, draft, t)


async def _ask_again(
    update: Update, context: BotContext, identity: Identity, t: Translator, draft: Draft, field: str
) -> int:
    """The question of ``field``, in place of the field list; its answer leads back to the
    preview (``Draft.editing``)."""
    draft.editing = True
    if field == "kind":
        text, keyboard = render.kind_question(draft.step(KIND), t)
        await replace(update, text, keyboard)
        return KIND
    if field == "title":
        await replace(update, render.title_question(draft.step(TITLE), t))
        return TITLE
    if field == "scope" and await _may_choose_scope(context, identity):
        meetings = context.services.meetings
        cells = await meetings.planning_cells(identity)
        text, keyboard = render.scope_question(
            cells, meetings.may_plan_everyone(identity), 0, draft.step(SCOPE), t
        )
        await replace(update, text, keyboard)
        return SCOPE
    if field == "attendees":
        text, keyboard = render.attendees_question(draft, t)
        await replace(update, text, keyboard)
        return ATTENDEES
    if field == "start":
        await replace(update, _start_question(context, draft, t))
        return START
    if field == "repeat" and draft.starts is not None:
        text, keyboard = render.repeat_question(draft.starts, draft.step(REPEAT), t)
        await replace(update, text, keyboard)
        return REPEAT
    if field == "place":
        text, keyboard = render.place_question(draft.step(PLACE), t)
        await replace(update, text, keyboard)
        return PLACE
    if field == "agenda":
        text, keyboard = render.agenda_question(draft.step(AGENDA), t)
        await replace(update, text, keyboard)
        return AGENDA
    return await show_preview(update, context, draft, t)


async def _save(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    draft: Draft,
    *,
    ask: bool,
) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    try:
        created = await context.services.meetings.create(
            identity, draft.request(), ask_if_similar=ask
        )
    except SeriesExists as exists:
        text, keyboard = render.similar_series(exists.similar, t)
        await replace(update, text, keyboard)
        return PREVIEW
    except UserError as error:
        # Most likely the start passed meanwhile: ask for it again, then back to the preview.
        draft.editing = True
        await reply(update, f"{refusal_text(error, t)}\n\n{_start_question(context, draft, t)}")
        return START
    series = created.series_id is not None
    await replace(update, render.saved(draft.title, len(created.meeting_ids), series, t))
    forget_draft(context.slots)
    return END
