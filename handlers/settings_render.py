"""What /caidat shows: the member's quiet hours, each kind of reminder and whether it is on,
and the buttons to change them. Callback data carry a kind or a preset, never a member."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.preferences import MUTABLE, Preferences, ReminderKind, can_mute
from bot.i18n import N_, Translator

PREFIX = "pref:"
CHANGE = PREFIX + "q"  # show the presets
RESET = PREFIX + "r"  # back to the default quiet hours
BACK = PREFIX + "b"  # from the presets back to the settings
PRESET = PREFIX + "p:"  # + the hours as the member would type them, e.g. 22:00-07:00
TYPE = PREFIX + "t"  # type other hours (a short conversation)
MUTE = PREFIX + "m:"  # + a reminder kind

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
            t("Press a button below to change them."),
        ]
    )


def settings_keyboard(preferences: Preferences, t: Translator) -> InlineKeyboardMarkup:
    first = [InlineKeyboardButton(t("🌙 Change quiet hours"), callback_data=CHANGE)]
    if preferences.custom_quiet:
        first.append(InlineKeyboardButton(t("↩️ Default"), callback_data=RESET))
    rows = [first]
    for kind in MUTABLE:
        name = t(KIND_NAMES[kind])
        if preferences.wants(kind):
            label = t("🔔 {kind}: on", kind=name)
        else:
            label = t("🔕 {kind}: off", kind=name)
        rows.append([InlineKeyboardButton(label, callback_data=MUTE + kind.value)])
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
    rows = [
        [InlineKeyboardButton(preset.replace("-", " – "), callback_data=PRESET + preset)]
        for preset in PRESETS
    ]
    rows += [
        [InlineKeyboardButton(t("No quiet hours"), callback_data=PRESET + OFF)],
        [InlineKeyboardButton(t("⌨️ Type other hours"), callback_data=TYPE)],
        [InlineKeyboardButton(t("« Back"), callback_data=BACK)],
    ]
    return InlineKeyboardMarkup(rows)
