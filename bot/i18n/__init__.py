"""Translation catalogs (vi default, en) and the translator."""

from bot.i18n.translator import N_, NP_, Contextual, Translator, translator

__all__ = ["NP_", "N_", "Contextual", "Translator", "translator"]
