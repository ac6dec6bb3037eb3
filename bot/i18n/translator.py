"""Translations: gettext catalogs kept as ``.po`` files (Babel), compiled in memory at start.

Message ids are the English texts; ``locale/vi`` translates them all, ``locale/en`` is the
identity (an empty catalog falls back to the id). Code marks strings with :func:`N_` or calls
``translator.gettext`` so ``pybabel extract`` and the catalog test find them.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from io import BytesIO
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import formatting
from bot.settings import SUPPORTED_LANGUAGES

DOMAIN = "messages"


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


@dataclass(frozen=True)
class Contextual:
    """A message id that reads differently by context: "Title" of a task or of a meeting."""

    context: str
    message: str


def NP_(context: str, message: str) -> Contextual:
    """Mark a message with its context (``pgettext``) for extraction without translating it."""
    return Contextual(context, message)


class Translator:
    """Translates and formats for one language."""

    def __init__(self, language: str, catalog: gettext.NullTranslations) -> None:
        self.language = language
        self._catalog = catalog

    def gettext(self, message: str | Contextual, /, **params: Any) -> str:
        if isinstance(message, Contextual):
            return self.pgettext(message.context, message.message, **params)
        text = self._catalog.gettext(message)
        return text.format(**self._localised(params)) if params else text

    def pgettext(self, context: str, message: str, /, **params: Any) -> str:
        """A message whose translation depends on where it is shown (``msgctxt``)."""
        text = self._catalog.pgettext(context, message)
        return text.format(**self._localised(params)) if params else text

    def npgettext(self, context: str, singular: str, plural: str, n: int, /, **params: Any) -> str:
        text = self._catalog.npgettext(context, singular, plural, n)
        return text.format(**self._localised({"n": n, **params}))

    def ngettext(self, singular: str, plural: str, n: int, /, **params: Any) -> str:
        text = self._catalog.ngettext(singular, plural, n)
        return text.format(**self._localised({"n": n, **params}))

    def _localised(self, params: dict[str, Any]) -> dict[str, Any]:
        """Numbers and dates in the reader's format (1.668, 29/03/2024); the rest as given.
        Years are left alone: 2020, not 2.020."""
        out: dict[str, Any] = {}
        for key, value in params.items():
            if isinstance(value, datetime):
                out[key] = formatting.moment(value, self.language)
            elif isinstance(value, date):
                out[key] = formatting.short_day(value, self.language)
            elif (
                isinstance(value, int | float | Decimal)
                and not isinstance(value, bool)
                and (key != "year")
            ):
                out[key] = formatting.number(value, self.language)
            else:
                out[key] = value
        return out

    __call__ = gettext

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled as its language: a worker process gets the same catalog, read there."""
        return translator, (self.language,)


@cache
def _catalog(language: str) -> gettext.NullTranslations:
    source = resources.files("bot.i18n") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def translator(language: str | None, default: str = "vi") -> Translator:
    """The translator for ``language``, or for ``default`` when it is missing or unsupported."""
    chosen = language if language in SUPPORTED_LANGUAGES else default
    if chosen not in SUPPORTED_LANGUAGES:
        chosen = "vi"
    return Translator(chosen, _catalog(chosen))
