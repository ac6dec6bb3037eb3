"""Telling a member something they did not ask for (a decision on their task, a record made on
their behalf): through the outbox, like every unprompted message, never sent directly."""

from __future__ import annotations

from bot.domain.outbox import ChatKind, OutgoingMessage, Purpose
from bot.services.tasks.task_access import Recipient
from handlers.kit.context import BotContext


async def notify(context: BotContext, recipient: Recipient, text: str, key: str) -> bool:
    """Queue ``text`` (HTML) for the member; False when they have no chat with the bot.
    ``key`` names the event, so the same notice is never queued twice."""
    if recipient.chat_id is None:
        return False
    delivery = context.services.delivery
    await delivery.enqueue(
        [
            OutgoingMessage(
                key=f"notice:{key}:{recipient.member_id}",
                purpose=Purpose.NOTICE,
                chat_id=recipient.chat_id,
                channel=recipient.channel,
                chat_kind=ChatKind.PRIVATE,
                text=text,
                not_before=delivery.now(),
                member_id=recipient.member_id,
            )
        ]
    )
    return True
