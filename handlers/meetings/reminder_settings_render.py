"""What /caidat shows: the member's quiet hours, each kind of reminder and whether it is on,
and the buttons to change them. Callback data carry a kind or a preset, never a member."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from telegram import InlineKeyboardMarkup

from bot.domain.model import Channel
from bot.domain.preferences import MUTABLE, Preferences, ReminderKind, can_mute
from bot.i18n import N_, Translator
from handlers.kit.buttons import button
from handlers.kit.callbacks import CallbackData, Text


@dataclass(frozen=True)
class ShowPresets(CallbackData, prefix="pref:q"):
    """The quiet hours to choose from."""


@dataclass(frozen=True)
class DefaultQuietHours(CallbackData, prefix="pref:r"):
    pass


@dataclass(frozen=True)
class BackToSettings(CallbackData, prefix="pref:b"):
    """From the presets back to the settings."""


@dataclass(frozen=True)
class QuietPreset(CallbackData, prefix="pref:p:"):
    """The hours as the member would type them (22:00-07:00), or "off"."""

    hours: Annotated[str, Text("[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}|off", example="22:00-07:00")]


@dataclass(frozen=True)
class TypeQuietHours(CallbackData, prefix="pref:t"):
    """Type other hours (a short conversation)."""


@dataclass(frozen=True)
class ToggleMute(CallbackData, prefix="pref:m:"):
    kind: ReminderKind


class DeliveryOption(StrEnum):
    """Where notices come: a channel, or the one last written from."""

    TELEGRAM = "telegram"
    ZALO = "zalo"
    LAST_USED = "last"

    @property
    def channel(self) -> Channel | None:
        return None if self is DeliveryOption.LAST_USED else Channel(self.value)


@dataclass(frozen=True)
class ChooseDelivery(CallbackData, prefix="pref:c:"):
    option: DeliveryOption


DELIVERY_NAMES = {
    DeliveryOption.ZALO: N_("Zalo"),
    DeliveryOption.TELEGRAM: N_("Telegram"),
    DeliveryOption.LAST_USED: N_("the one I used last"),
}


PRESETS = ("21:00-06:00", "21:30-06:30", "22:00-07:00")
OFF = "off"

KIND_NAMES = {
    ReminderKind.CELL_MEETING: N_("Cell meetings"),
    ReminderKind.THEMATIC_MEETING: N_("Thematic meetings"),
    ReminderKind.STUDY: N_("Study sessions"),
    ReminderKind.NEWS_BRIEFING: N_("Current-affairs briefings"),
    ReminderKind.SEMINAR: N_("Seminars"),
    ReminderKind.TASK_DEADLINE: N_("Task deadlines"),
    ReminderKind.TASK_CHECKIN: N_("Quarterly task check-in"),
}


def _hours(preferences: Preferences) -> tuple[str, str]:
    quiet = preferences.quiet
    return quiet.begins.strftime("%H:%M"), quiet.ends.strftime("%H:%M")


def quiet_line(preferences: Preferences, t: Translator) -> str:
    begins, ends = _hours(preferences)
    if begins == ends:
        return t("Quiet hours: none (reminders at any time)")
    if not preferences.custom_quiet:
        return t("Quiet hours: {begins} – {ends} (default)", begins=begins, ends=ends)
    return t("Quiet hours: {begins} – {ends}", begins=begins, ends=ends)


def _state(preferences: Preferences, kind: ReminderKind, t: Translator) -> str:
    if not can_mute(kind):
        return t("always (you must attend)")
    return t("🔔 on") if preferences.wants(kind) else t("🔕 off")


def settings_text(preferences: Preferences, t: Translator) -> str:
    kinds = "\n".join(
        f"• {t(name)}: {_state(preferences, kind, t)}" for kind, name in KIND_NAMES.items()
    )
    return "\n\n".join(
        [
            t("<b>⚙️ Your reminder settings</b>"),
            quiet_line(preferences, t)
            + "\n"
            + t(
                "A reminder due in your quiet hours comes after them, or just before them "
                "when the meeting starts earlier."
            ),
            t("Reminders:") + "\n" + kinds,
            *([delivery_line(preferences, t)] if _offers_delivery(preferences) else []),
            t("Choose below to change them."),
        ]
    )


def _offers_delivery(preferences: Preferences) -> bool:
    """The choice of channel is shown only to a member with accounts on both."""
    return len(preferences.linked) > 1


def _chosen(preferences: Preferences) -> DeliveryOption:
    if preferences.delivery is None:
        return DeliveryOption.LAST_USED
    return DeliveryOption(preferences.delivery.value)


def delivery_line(preferences: Preferences, t: Translator) -> str:
    return t("Notices come by: {channel}", channel=t(DELIVERY_NAMES[_chosen(preferences)]))


def settings_keyboard(preferences: Preferences, t: Translator) -> InlineKeyboardMarkup:
    first = [button(t("🌙 Change quiet hours"), ShowPresets())]
    if preferences.custom_quiet:
        first.append(button(t("↩️ Default"), DefaultQuietHours()))
    rows = [first]
    for kind in MUTABLE:
        name = t(KIND_NAMES[kind])
        if preferences.wants(kind):
            label = t("🔔 {kind}: on", kind=name)
        else:
            label = t("🔕 {kind}: off", kind=name)
        rows.append([button(label, ToggleMute(kind))])
    if _offers_delivery(preferences):
        chosen = _chosen(preferences)
        rows.append(
            [
                button(
                    ("✅ " if option is chosen else "") + t(name),
                    ChooseDelivery(option),
                )
                for option, name in DELIVERY_NAMES.items()
            ]
        )
    return InlineKeyboardMarkup(rows)


def presets_text(preferences: Preferences, t: Translator) -> str:
    return "\n\n".join(
        [
            quiet_line(preferences, t),
            t("Choose your quiet hours, or type other hours:"),
        ]
    )


def presets_keyboard(t: Translator) -> InlineKeyboardMarkup:
    # One per row: the whole label stays readable on a small phone.
    rows = [[button(preset.replace("-", " – "), QuietPreset(preset))] for preset in PRESETS]
    rows += [
        [button(t("No quiet hours"), QuietPreset(OFF))],
        [button(t("⌨️ Type other hours"), TypeQuietHours())],
        [button(t("« Back"), BackToSettings())],
    ]
    return InlineKeyboardMarkup(rows)
