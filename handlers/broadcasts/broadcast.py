"""/thongbao (/broadcast): a secretary's notice to their cell, the committee's to anyone.

Whom (a secretary goes straight to their cell; the committee picks the whole organisation,
cells, or a kind of member) → the message (text, or a document or photo with a caption, sent
or forwarded) → a preview exactly as members will see it, with the figures → Send / Schedule /
Cancel. The confirmation message then becomes the delivery report, which updates itself.
``/thongbao danhsach`` lists recent notices.

The draft lives in ``context.slots`` (in memory: a restart ends the conversation, nothing is
sent). Callback data carries cell ids and page numbers only; the service re-checks the
audience, so a forged button cannot reach a cell the author may not write to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.broadcasts import Audience, KindFilter
from bot.domain.errors import UserError
from bot.domain.model import Identity, Unit
from bot.domain.outbox import FileKind
from bot.domain.text import fold
from bot.i18n import Translator
from bot.services.broadcasts.broadcasts import Prepared
from handlers.broadcasts import broadcast_render as render
from handlers.broadcasts.broadcast_report import follow, show_recent
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import button, pressed
from handlers.kit.callbacks import any_of, namespace
from handlers.kit.command_text import command_arguments
from handlers.kit.context import BotContext
from handlers.kit.conversations import TIMEOUT_SECONDS
from handlers.kit.date_prompts import moment_examples
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply

END = ConversationHandler.END
AUDIENCE, MESSAGE, CONFIRM, WHEN = range(4)
LIST_WORDS = {"danhsach", "danh sach", "list"}


@dataclass
class Draft:
    cells: list[Unit]  # the cells the author may choose from
    chosen: set[int] = field(default_factory=set)
    audience: Audience | None = None
    text: str = ""
    file_id: str | None = None
    file_kind: FileKind | None = None

    def names(self) -> list[str]:
        wanted = self.audience.cell_ids if self.audience else None
        return [c.name for c in self.cells if wanted is not None and c.id in wanted]


def _draft(context: BotContext) -> Draft | None:
    return context.slots.notice


def _forget(context: BotContext) -> None:
    context.slots.notice = None


async def _ask_message(update: Update, draft: Draft, t: Translator) -> int:
    assert draft.audience is not None
    audience = render.audience_label(draft.audience, draft.names(), t)
    await replace(
        update,
        t(
            "📢 To: {audience}\n\nWrite the notice now, or send (or forward) a document or a "
            "photo with its caption. Send /huy to stop.",
            audience=audience,
        ),
        InlineKeyboardMarkup([[button(t("📋 Notices sent"), render.NoticesSent())]]),
    )
    return MESSAGE


@member_only(refused=END)
async def start(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    _forget(context)
    if fold(command_arguments(update)) in LIST_WORDS:
        await show_recent(update, context, identity, t)
        return END
    choices = await context.services.broadcasts.choices(identity)
    draft = Draft(choices.cells)
    context.slots.notice = draft
    if choices.committee:
        await reply(update, t("📢 <b>New notice.</b> Who is it for?"), render.audience_keyboard(t))
        return AUDIENCE
    if len(choices.cells) == 1:
        draft.audience = Audience.cells({choices.cells[0].id})
        return await _ask_message(update, draft, t)
    await reply(
        update,
        t("📢 <b>New notice.</b> Choose the cells, then choose Done."),
        render.cells_keyboard(draft.cells, draft.chosen, 0, t),
    )
    return AUDIENCE


def _picked(chosen: render.WholeOrganisation | render.PartyOnly | render.NonPartyOnly) -> Audience:
    if isinstance(chosen, render.WholeOrganisation):
        return Audience.organisation()
    if isinstance(chosen, render.PartyOnly):
        return Audience.of_kind(KindFilter.PARTY)
    return Audience.of_kind(KindFilter.NON_PARTY)


def stray_buttons() -> list[BaseHandler[Update, BotContext, Any]]:
    """This conversation's buttons pressed when no notice is being written (after the
    conversation, so a notice being written takes them first)."""
    return [CallbackQueryHandler(on_stray, pattern=namespace(*render.AUDIENCE_BUTTONS))]


@member_only
async def on_audience(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    query = update.callback_query
    assert query is not None
    draft, chosen = _draft(context), pressed(update, *render.AUDIENCE_BUTTONS)
    if draft is None:
        await query.answer(t("This button is no longer active."))
        return END
    if isinstance(chosen, render.NoticesSent):
        await query.answer()
        _forget(context)
        await show_recent(update, context, identity, t)
        return END
    if isinstance(chosen, render.WholeOrganisation | render.PartyOnly | render.NonPartyOnly):
        draft.audience = await context.services.broadcasts.choose(identity, _picked(chosen))
        await query.answer()
        return await _ask_message(update, draft, t)
    page = 0
    if isinstance(chosen, render.ToggleCell):
        page = chosen.page
        if any(c.id == chosen.cell for c in draft.cells):
            draft.chosen ^= {chosen.cell}
    elif isinstance(chosen, render.CellsPage):
        page = chosen.page
    elif isinstance(chosen, render.CellsChosen):
        if not draft.chosen:
            await query.answer(t("Choose at least one cell."), show_alert=True)
            return None
        await query.answer()
        draft.audience = Audience.cells(draft.chosen)
        return await _ask_message(update, draft, t)
    elif not isinstance(chosen, render.ChooseCells):
        await query.answer(t("This button is no longer active."))
        return None
    await query.answer()
    await replace(
        update,
        t("Choose the cells, then choose Done."),
        render.cells_keyboard(draft.cells, draft.chosen, page, t),
    )
    return AUDIENCE


async def _show_preview(update: Update, draft: Draft, prepared: Prepared, t: Translator) -> None:
    """The notice exactly as it will be sent, then the figures and the buttons."""
    chat = update.effective_chat
    assert chat is not None
    parts = list(prepared.parts)
    if draft.file_id and draft.file_kind is FileKind.PHOTO:
        await chat.send_photo(draft.file_id, caption=parts.pop(0), parse_mode=ParseMode.HTML)
    elif draft.file_id and draft.file_kind is FileKind.DOCUMENT:
        await chat.send_document(draft.file_id, caption=parts.pop(0), parse_mode=ParseMode.HTML)
    for part in parts:
        await chat.send_message(part, parse_mode=ParseMode.HTML)
    assert draft.audience is not None
    audience = render.audience_label(draft.audience, draft.names(), t)
    summary = render.preview_summary(prepared.preview, audience, len(prepared.parts), t)
    await reply(update, summary, render.confirm_keyboard(t))


@member_only(refused=MESSAGE)
async def on_message(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    draft, message = _draft(context), update.effective_message
    if draft is None or draft.audience is None or message is None:
        return END
    if message.text is not None:
        draft.text, draft.file_id, draft.file_kind = message.text, None, None
    elif message.document is not None:
        draft.text, draft.file_id = message.caption or "", message.document.file_id
        draft.file_kind = FileKind.DOCUMENT
    elif message.photo:
        draft.text, draft.file_id = message.caption or "", message.photo[-1].file_id
        draft.file_kind = FileKind.PHOTO
    else:
        await reply(update, t("Please send the notice as text, a document or a photo."))
        return MESSAGE
    prepared = await context.services.broadcasts.prepare(
        identity, draft.audience, draft.text, draft.file_kind
    )
    await _show_preview(update, draft, prepared, t)
    return CONFIRM


def _examples(context: BotContext, t: Translator) -> str:
    broadcasts = context.services.broadcasts
    at = broadcasts.suggested_time()  # tomorrow morning
    today = context.services.tasks.today()
    return moment_examples(at, today, t("tomorrow {time}", time=f"{at:%H:%M}"), t)


@member_only
async def on_confirm(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int | None:
    query = update.callback_query
    assert query is not None
    draft, chosen = _draft(context), pressed(update, *render.PREVIEW_BUTTONS)
    if draft is None or draft.audience is None:
        await query.answer(t("This button is no longer active."))
        return END
    if isinstance(chosen, render.DropNotice):
        await query.answer()
        _forget(context)
        await replace(update, t("Cancelled; the notice was not sent."))
        return END
    if isinstance(chosen, render.SendLater):
        await query.answer()
        await replace(
            update,
            t(
                "🕒 When should it go out? Write the day and time, for example {examples}. "
                "Send /huy to stop.",
                examples=_examples(context, t),
            ),
        )
        return WHEN
    if not isinstance(chosen, render.SendNow):
        await query.answer(t("This button is no longer active."))
        return None
    await query.answer()
    return await _send(update, context, identity, t, draft, edit=True)


async def _send(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    draft: Draft,
    *,
    edit: bool,
    at_text: str | None = None,
) -> int:
    broadcasts = context.services.broadcasts
    at = None
    if at_text is not None:
        try:
            at = broadcasts.read_time(at_text)
        except UserError as error:
            examples = t("For example: {examples}.", examples=_examples(context, t))
            await reply(update, f"{refusal_text(error, t)}\n{examples}")
            return WHEN
    assert draft.audience is not None
    try:
        broadcast = await broadcasts.send(
            identity, draft.audience, draft.text, draft.file_id, draft.file_kind, at=at
        )
    except UserError as error:
        if at is None:
            await reply(update, refusal_text(error, t))
            return END
        examples = t("For example: {examples}.", examples=_examples(context, t))
        await reply(update, f"{refusal_text(error, t)}\n{examples}")
        return WHEN
    _forget(context)
    await follow(update, context, identity, t, broadcast.id, edit=edit)
    return END


@member_only
async def on_when(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    draft, message = _draft(context), update.effective_message
    if draft is None or draft.audience is None or message is None:
        return END
    return await _send(update, context, identity, t, draft, edit=False, at_text=message.text or "")


@member_only
async def on_stray(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    """Typing where a button is expected, or a stale button of this conversation. An audience
    the presser may not write to (a forged button: no notice asked for it) is refused and
    audited, as it is when a notice asks."""
    if update.callback_query is not None:
        chosen = pressed(update, render.WholeOrganisation, render.PartyOnly, render.NonPartyOnly)
        if isinstance(chosen, render.WholeOrganisation | render.PartyOnly | render.NonPartyOnly):
            await context.services.broadcasts.choose(identity, _picked(chosen))
        await update.callback_query.answer(t("This button is no longer active."))
        return
    await reply(update, t("Please choose one of the options above, or send /huy to stop."))


@member_only
async def cancel(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    _forget(context)
    await reply(update, t("Cancelled; the notice was not sent."))
    return END


@member_only
async def timed_out(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    _forget(context)
    await reply(
        update,
        t(
            "We stopped here as there was no answer for a while; the notice was not sent. "
            "Send /thongbao to start again."
        ),
    )


def conversation(timeout: float = TIMEOUT_SECONDS) -> ConversationHandler[BotContext]:
    """One notice at a time per author, whichever message its buttons are on."""
    content = (filters.TEXT | filters.Document.ALL | filters.PHOTO) & ~filters.COMMAND
    other = ~filters.COMMAND & ~content
    stray: list[BaseHandler[Update, BotContext, Any]] = [
        MessageHandler(~filters.COMMAND, on_stray),
        CallbackQueryHandler(on_stray, pattern=namespace(*render.AUDIENCE_BUTTONS)),
    ]
    return conversations.conversation(
        "broadcast",
        [CommandHandler(["thongbao", "broadcast"], start)],
        {
            AUDIENCE: [
                CallbackQueryHandler(on_audience, pattern=any_of(*render.AUDIENCE_BUTTONS)),
                *stray,
            ],
            MESSAGE: [
                MessageHandler(content, on_message),
                MessageHandler(other, on_message),
                CallbackQueryHandler(on_audience, pattern=render.NoticesSent.pattern()),
                *stray,
            ],
            CONFIRM: [
                CallbackQueryHandler(on_confirm, pattern=any_of(*render.PREVIEW_BUTTONS)),
                *stray,
            ],
            WHEN: [MessageHandler(~filters.COMMAND, on_when), *stray],
        },
        on_cancel=cancel,
        on_timeout=timed_out,
        timeout=timeout,
    )
