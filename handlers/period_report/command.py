"""/baocao (/report) [period] [year] [đến dd/mm/yyyy]: the period report, for the committee and
the inspection commission (the organisation's) and a cell secretary (their cell's).

A progress message comes first ("⏳ Đang tổng hợp báo cáo…") and is edited into the summary's
first page when the figures are in; on Telegram the charts, the workbook and the document
draft follow, built off the event loop (the bot answers others meanwhile). On Zalo, which edits
nothing, the summary is a new message and it says how to get the files."""

from __future__ import annotations

import html
from typing import Any

from telegram import InputFile, Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.domain.errors import UserError
from bot.domain.model import Channel, Identity
from bot.domain.period_report.spans import ReportSpan
from bot.i18n import Translator
from bot.services.period_report.collect import EXAMPLES
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import replace, reply, reply_message, some_buttons
from handlers.period_report.report_pages import ReportPage, span_of, summary_page


async def _show(message: Message | None, update: Update, text: str, keyboard: Any) -> None:
    """The progress message edited into ``text``; a new message if it cannot be."""
    if message is not None:
        try:
            await message.edit_text(
                text, parse_mode=ParseMode.HTML, reply_markup=some_buttons(keyboard)
            )
            return
        except BadRequest:
            pass  # gone meanwhile: the summary comes as a new message
    await reply(update, text, keyboard)


@member_only
async def baocao(update: Update, context: BotContext, identity: Identity, t: Translator) -> None:
    service = context.services.period_report
    await service.check_reader(identity)
    words = list(context.args or [])
    try:
        span = service.span(words)
    except UserError as error:
        # Bad words get what was wrong and examples of what works; nothing was started.
        await reply(update, refusal_text(error, t) + "\n" + html.escape(t(EXAMPLES)))
        return
    progress = await reply_message(update, html.escape(t("⏳ Compiling the report…")))
    # Updates are handled one at a time: the figures and the files are made in a task of
    # their own, so that every other member is answered meanwhile.
    context.application.create_task(
        _compile(update, context, identity, t, span, progress), update=update
    )


async def _compile(
    update: Update,
    context: BotContext,
    identity: Identity,
    t: Translator,
    span: ReportSpan,
    progress: Message | None,
) -> None:
    service = context.services.period_report
    try:
        data = await service.collect(identity, span)
    except UserError as error:
        await _show(progress, update, refusal_text(error, t), None)
        return
    text, keyboard, _ = summary_page(data, 0, context.channel, t)
    await _show(progress, update, text, keyboard)
    if context.channel is not Channel.TELEGRAM:
        return
    # The charts, the workbook and the document are CPU work: off the event loop (in the
    # worker process), the workbook sent before the document is made.
    files = await context.services.period_report_files.build(data, t, document=False)
    chat = update.effective_chat
    assert chat is not None
    for caption, image in files.charts:
        await chat.send_photo(InputFile(image, filename=f"{files.stem}.png"), caption=caption)
    if files.workbook is not None:
        await chat.send_document(
            InputFile(files.workbook, filename=f"{files.stem}.xlsx"),
            caption=t("The report's figures, a sheet per section."),
        )
    files = await context.services.period_report_files.build(
        data, t, workbook=False, charts=files.charts
    )
    if files.document is not None:
        await chat.send_document(
            InputFile(files.document, filename=f"{files.stem}.docx"),
            caption=t("The draft of the report's figures section, to edit."),
        )


@member_only
async def report_page(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    query = update.callback_query
    assert query is not None
    match pressed(update, ReportPage):
        case ReportPage() as page:
            service = context.services.period_report
            await service.check_reader(identity, pressed=True)
            data = await service.collect(identity, span_of(page))
            text, keyboard, _ = summary_page(data, page.page, context.channel, t)
            await replace(update, text, keyboard)
    await query.answer()


def buttons() -> list[BaseHandler[Update, Any, Any]]:
    return [CallbackQueryHandler(report_page, pattern=ReportPage.pattern())]
