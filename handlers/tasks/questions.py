"""Plain questions in a private chat — "tiến độ", "ai chưa đăng ký", "việc quá hạn", a cell's
name — answered like the commands, within what the asker may see. Anything else gets a short
hint of what can be asked."""

from __future__ import annotations

from telegram import Update

from bot.domain.errors import NotFound
from bot.domain.model import Identity
from bot.domain.questions import Asked, parse_question
from bot.i18n import Translator
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.refusals import refusal_text
from handlers.kit.replies import reply
from handlers.tasks.progress import Focus, answer

_FOCUS = {
    Asked.PROGRESS: Focus.ALL,
    Asked.CELL: Focus.ALL,
    Asked.UNREGISTERED: Focus.UNREGISTERED,
    Asked.OVERDUE: Focus.OVERDUE,
}


def hint(t: Translator) -> str:
    return t(
        "I can answer questions like these:\n"
        "• <i>progress</i> — how far you (or your cell) have come\n"
        "• <i>progress of cell Lien khoa</i> — a cell you may see\n"
        "• <i>who has not registered</i> — who has not registered\n"
        "• <i>overdue</i> — overdue tasks\n"
        "Or send /trogiup to see all commands."
    )


@member_only
async def answer_question(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    message = update.effective_message
    question = parse_question(message.text or "" if message else "")
    if question.asked is Asked.UNKNOWN:
        await reply(update, hint(t))
        return
    try:
        await answer(update, context, identity, t, _FOCUS[question.asked], question.cell)
    except NotFound as error:
        # Words that name no cell: for a bare phrase it was not a cell at all.
        if question.asked is Asked.CELL:
            await reply(update, hint(t))
        else:
            await reply(update, f"{refusal_text(error, t)}\n\n{hint(t)}")
