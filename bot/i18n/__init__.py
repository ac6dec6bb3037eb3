"""Translation catalogs (vi default, en) and the translator."""

from bot.i18n.translator import N_, Translator, translator

__all__ = ["N_", "Translator", "translator"]
