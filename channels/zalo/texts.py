"""What the Zalo transport itself says (translated), and in which language: the language the
member linked to the chat chose, else the organisation's default."""

from __future__ import annotations

from bot.i18n import N_, Translator, translator
from channels.zalo.ports import ZaloDatabase

CHOICE_HINT = N_("Reply with the number of your choice.")
NO_SUCH_CHOICE = N_("There is no choice {number}. Reply with one of these numbers:")
EARLIER_CHOICES = N_(
    "Those numbers were for an earlier message (below). To answer it, reply again with one of "
    "its numbers:"
)
NOTHING_TO_CHOOSE = N_("There is nothing to choose right now. Send /trogiup to see what I can do.")
DISCLOSURE = N_(
    "Hello! This is the automated assistant (a bot) of {organisation}: a program answers "
    "here, not a person.\n\n"
    "What it keeps: your name and unit as the organisation lists them, your Zalo name, and "
    "what you record here (tasks, progress, answers about meetings), for the organisation's "
    "work only.\n\n"
    "To stop: block this chat in Zalo, or ask your cell secretary to remove your account."
)
SOME_ORGANISATION = N_("the party organisation")
NOT_TEXT = N_(
    "On Zalo I can read only text. Please write your answer in words, or send /trogiup to see "
    "what I can do."
)
UNSUPPORTED = N_(
    "Zalo did not pass this message on to me, so I could not read it. Please write it again "
    "as text; if that does not work, ask your cell secretary for help."
)
NO_FILES = N_(
    "📎 {name}\nFiles cannot be sent on Zalo. Ask your cell secretary for this file (they can "
    "export it), or open the bot on Telegram."
)
NO_CALENDAR_FILE = N_(
    "📅 {name}\nCalendar files cannot be sent on Zalo. /lich shows your meetings of the next 30 "
    "days, and the bot reminds you before each one."
)
A_FILE = N_("A file")
A_PICTURE = N_("A picture")


async def chat_translator(db: ZaloDatabase, chat_id: int, default: str) -> Translator:
    async with db.read() as uow:
        language = await uow.zalo.language_of(chat_id)
    return translator(language or default, default)
