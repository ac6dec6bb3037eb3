"""argparse's own words ("usage:", "options", its error messages) in the command line's language.

argparse translates with the standard library's ``gettext.gettext`` and ``ngettext``: the
process-wide default domain, not a domain of its own, read when a parser is built and when it
reports an error. :func:`speaking` has it translate with our catalogs instead while the command
line is parsed, and puts the standard library back afterwards. The message ids below are exactly
argparse's English (Python 3.11 to 3.13), listed so ``make messages`` keeps them in the catalogs;
argparse's other messages only report mistakes in our own parser definitions.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from bot.i18n import N_, Translator

MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
)


@contextmanager
def speaking(t: Translator) -> Iterator[None]:
    """While inside, argparse's words come from ``t``'s catalog (untranslated ones stay English)."""
    module = vars(argparse)
    saved = {name: module[name] for name in ("_", "ngettext")}

    def gettext(message: str) -> str:
        return t(message)  # no parameters: the catalog's text as it is, %-placeholders kept

    def ngettext(singular: str, plural: str, n: int) -> str:
        return t.ngettext(singular, plural, n)

    module.update(_=gettext, ngettext=ngettext)
    try:
        yield
    finally:
        module.update(saved)
