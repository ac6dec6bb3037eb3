"""How a dues month reads: its symbol (the grid) and its words (a member's own months); the
chat and the command line both write them."""

from __future__ import annotations

from bot.domain.dues.rules import Shown
from bot.i18n import N_, Translator

SYMBOLS = {
    Shown.PAID: "✅",
    Shown.CLAIMED: "⏳",
    Shown.UNPAID: "❌",
    Shown.OPEN: "▫️",
    Shown.EXEMPT: "🆓",
    Shown.REDUCED: "🔻",
    Shown.DEFERRED: "⏸",
    Shown.UNTRACKED: "➖",
}

WORDS = {
    Shown.PAID: N_("paid"),
    Shown.CLAIMED: N_("you said you paid; waiting for the cell's confirmation"),
    Shown.UNPAID: N_("not paid"),
    Shown.OPEN: N_("not paid yet"),
    Shown.EXEMPT: N_("exempt"),
    Shown.REDUCED: N_("reduced"),
    Shown.DEFERRED: N_("deferred"),
    Shown.UNTRACKED: N_("not tracked (before you were on the list)"),
}


def legend(t: Translator) -> str:
    return t(
        "✅ paid · ⏳ said paid, to confirm · ❌ not paid · 🆓 exempt · 🔻 reduced · "
        "⏸ deferred · ▫️ not due yet · ➖ not tracked"
    )


def symbol(state: Shown) -> str:
    return SYMBOLS[state]


def words(state: Shown, t: Translator) -> str:
    return t(WORDS[state])


# Shared by the chat's grid and figures and the command line's.
MONTHS_HEADING = N_("Months: 1–3 · 4–6 · 7–9 · 10–12")
PAID_BY_MONTH = N_("Paid: {months}")
UNPAID_BY_MONTH = N_("Not paid: {months}")
