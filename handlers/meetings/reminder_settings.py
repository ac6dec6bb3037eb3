"""/caidat (/settings): a member's own quiet hours and which optional reminders they get.

The buttons carry a kind or a preset only; the preference service acts on the caller, so a
forged button can change nothing but the presser's own settings, and it refuses must-attend
kinds. "Type other hours" is a short conversation that asks again until the hours make sense.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.domain.model import Identity
from bot.domain.preferences import Preferences
from bot.i18n import Translator
from handlers.kit import conversations
from handlers.kit.auth import member_only
from handlers.kit.buttons import pressed
from handlers.kit.callbacks import any_of
from handlers.kit.context import BotContext
from handlers.kit.replies import replace, reply
from handlers.meetings.reminder_settings_render import (
    OFF,
    PRESETS,
    BackToSettings,
    ChooseDelivery,
    DefaultQuietHours,
    QuietPreset,
    ShowPresets,
    ToggleMute,
    TypeQuietHours,
    presets_keyboard,
    presets_text,
    settings_keyboard,
    settings_text,
)

WAITING_HOURS = 0
END = ConversationHandler.END
COMMAND = ["caidat", "settings"]


@member_only
async def show_settings(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    preferences = await context.services.preferences.show(identity)
    await reply(update, settings_text(preferences, t), settings_keyboard(preferences, t))
    return END


@member_only(refused=END)
async def button(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    """Every settings button but "type other hours"; inside the conversation it also ends it."""
    query = update.callback_query
    assert query is not None
    chosen = pressed(update, *_SETTINGS_BUTTONS)
    preferences = context.services.preferences
    match chosen:
        case ShowPresets() | BackToSettings():
            shown = await preferences.show(identity)
        case DefaultQuietHours():
            shown = await preferences.reset_quiet(identity)
        case QuietPreset(hours) if hours in (*PRESETS, OFF):
            shown = await preferences.set_quiet(identity, hours)
        case ToggleMute(kind):
            shown = await preferences.toggle_mute(identity, kind)
        case ChooseDelivery(option):
            shown = await preferences.choose_channel(identity, option.channel)
        case _:
            await query.answer()
            return END
    if isinstance(chosen, ShowPresets):
        await query.answer()
        await replace(update, presets_text(shown, t), presets_keyboard(t))
        return END
    await query.answer(None if isinstance(chosen, BackToSettings) else t("Saved."))
    await _show(update, shown, t)
    return END


async def _show(update: Update, preferences: Preferences, t: Translator) -> None:
    await replace(update, settings_text(preferences, t), settings_keyboard(preferences, t))


@member_only
async def ask_hours(update: Update, context: BotContext, identity: Identity, t: Translator) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await replace(update, _prompt(t))
    return WAITING_HOURS


def _prompt(t: Translator) -> str:
    return t(
        "Please type your quiet hours, for example 22:00-06:00, or «off» for none. "
        "Send /huy to cancel."
    )


@member_only(refused=WAITING_HOURS)  # the member may simply write it again
async def typed_hours(
    update: Update, context: BotContext, identity: Identity, t: Translator
) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    preferences = await context.services.preferences.set_quiet(identity, message.text)
    text = t("✅ Saved.") + "\n\n" + settings_text(preferences, t)
    await reply(update, text, settings_keyboard(preferences, t))
    return END


# Every settings button but "type other hours".
_SETTINGS_BUTTONS = (
    ShowPresets,
    BackToSettings,
    DefaultQuietHours,
    QuietPreset,
    ToggleMute,
    ChooseDelivery,
)


def conversation() -> ConversationHandler[Any]:
    """ "Type other hours": one question, asked again until the answer makes sense."""
    return conversations.conversation(
        "settings-hours",
        [CallbackQueryHandler(ask_hours, pattern=TypeQuietHours.pattern())],
        {WAITING_HOURS: [MessageHandler(filters.TEXT & ~filters.COMMAND, typed_hours)]},
        fallbacks=[
            # Another settings button or /caidat: the member moved on.
            CommandHandler(COMMAND, show_settings),
            CallbackQueryHandler(button, pattern=any_of(*_SETTINGS_BUTTONS)),
        ],
    )


def handlers() -> list[BaseHandler[Update, Any, Any]]:
    return [
        CommandHandler(COMMAND, show_settings),
        CallbackQueryHandler(button, pattern=any_of(*_SETTINGS_BUTTONS)),
    ]
