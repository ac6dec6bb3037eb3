"""How a rating level reads, in full (the chat's rating screens and the period report's
section both write it) and as the report abbreviates it (HTXSNV, HTTNV, HTNV, KHTNV)."""

from __future__ import annotations

from bot.domain.ratings.levels import Level
from bot.i18n import N_, NP_

LEVEL_NAMES = {
    Level.EXCELLENT: N_("Completed duties excellently"),
    Level.GOOD: N_("Completed duties well"),
    Level.COMPLETE: N_("Completed duties"),
    Level.NOT_COMPLETE: N_("Did not complete duties"),
}
LEVEL_SHORT = {
    Level.EXCELLENT: NP_("rating level", "Excellent"),
    Level.GOOD: NP_("rating level", "Good"),
    Level.COMPLETE: NP_("rating level", "Complete"),
    Level.NOT_COMPLETE: NP_("rating level", "Not complete"),
}
