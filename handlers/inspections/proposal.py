"""/kiemtra (/inspections): the committee's proposed programme of inspection and supervision,
by month, with the quota lines. Nothing is stored yet: it is a proposal to read and discuss."""

from __future__ import annotations

import html

from telegram import Update

from bot.domain.model import Identity
from bot.i18n import Translator
from handlers.inspections import report
from handlers.inspections.programme_text import programme_body, quota_lines
from handlers.kit.auth import member_only
from handlers.kit.context import BotContext
from handlers.kit.pages import paginate
from handlers.kit.replies import reply

# A large organisation's programme runs to thousands of lines: the chat shows its start and
# the quota lines, the command line the whole of it.
MAX_MESSAGES = 3


@member_only
async def show_proposal(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> None:
    if report.asks_for_report(list(context.args or [])):  # the lead moves this into ACTIONS
        await report.show_report(update, context, identity, t)
        return
    programme = await context.services.programme.propose_now(identity)
    body, quotas = programme_body(programme, t), quota_lines(programme, t)
    note = t(
        "This is a proposal: nothing is stored. The whole programme: butpha oversight propose "
        "{year} on the server.",
        year=programme.proposal.year,
    )
    pages = paginate([html.escape(line) for line in body])
    shown = pages[:MAX_MESSAGES]
    if len(pages) > MAX_MESSAGES:
        shown[-1] += "\n…"
    shown.append("\n".join(html.escape(line) for line in quotas) + "\n\n" + html.escape(note))
    for page in shown:
        await reply(update, page)
