"""What the Zalo Application says before the handlers: the disclosure the platform's terms ask
for (the first message from someone new: an automated assistant of the organisation, what it
keeps, how to stop), and a polite word for what it cannot read (images, stickers, voice, and
the contentless ``message.unsupported.received``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, CallbackContext

from bot.clock import Clock
from bot.domain.inbox import not_the_update_itself
from channels.zalo import texts
from channels.zalo.ports import ZaloDatabase

Context = CallbackContext[Any, Any, Any, Any]


class Disclosure:
    """Runs before every other handler on each private message; speaks once per chat."""

    def __init__(
        self,
        database: Callable[[], ZaloDatabase],
        clock: Clock,
        organisation: Callable[[], Awaitable[str | None]],
        default_language: str,
    ) -> None:
        self._database = database
        self._clock = clock
        self._organisation = organisation
        self._default_language = default_language
        self._told: set[int] = set()  # chats known to have been told (saves a write each time)

    async def __call__(self, update: Update, context: Context) -> None:
        chat = update.effective_chat
        if update.message is None or chat is None or chat.type != "private":
            return
        if chat.id in self._told:
            return
        with not_the_update_itself():  # the update's own answer comes after the disclosure
            async with self._database().write() as uow:
                first = await uow.zalo.mark_disclosed(chat.id, self._clock.now())
        self._told.add(chat.id)
        if not first:
            return
        t = await texts.chat_translator(self._database(), chat.id, self._default_language)
        organisation = await self._organisation() or t(texts.SOME_ORGANISATION)
        await context.bot.send_message(chat.id, t(texts.DISCLOSURE, organisation=organisation))


class NotText:
    """Anything but text in a private chat: a short polite answer, and nothing else acts."""

    def __init__(self, database: Callable[[], ZaloDatabase], default_language: str) -> None:
        self._database = database
        self._default_language = default_language

    async def __call__(self, update: Update, context: Context) -> None:
        message = update.message
        if message is None or message.text is not None:
            return
        t = await texts.chat_translator(self._database(), message.chat.id, self._default_language)
        media = message.photo or message.sticker or message.voice
        await context.bot.send_message(
            message.chat.id, t(texts.NOT_TEXT if media else texts.UNSUPPORTED)
        )
        raise ApplicationHandlerStop
