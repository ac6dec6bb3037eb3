"""The answer to a cell name that matches no cell: the names there are, so the member can copy
the right one instead of guessing again (``/tiendo``, ``/chuyencan``, notices, invites,
meetings, the command line)."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

from bot.domain.errors import NotFound
from bot.domain.model import Unit, UnitKind
from bot.domain.text import cell_key, cell_sort_key
from bot.i18n import N_

ALL_LISTED_UP_TO = 30  # more cells than this: only those whose names look like the one typed
CLOSE_LISTED = 10


def unknown_cell(name: str, units: Iterable[Unit]) -> NotFound:
    """The refusal for ``name``, listing the cells among ``units`` (the other units are
    ignored), or those with a similar name when there are many."""
    names = sorted({u.name for u in units if u.kind is UnitKind.CELL}, key=cell_sort_key)
    if not names:
        return NotFound(N_("There is no cell named {name}."), name=name)
    if len(names) <= ALL_LISTED_UP_TO:
        return NotFound(
            N_("There is no cell named {name}. The cells: {cells}."),
            name=name,
            cells=", ".join(names),
        )
    by_key = {cell_key(n): n for n in names}
    close = get_close_matches(cell_key(name), list(by_key), n=CLOSE_LISTED, cutoff=0.5)
    if not close:
        return NotFound(N_("There is no cell named {name}."), name=name)
    return NotFound(
        N_("There is no cell named {name}. Cells with a similar name: {cells}."),
        name=name,
        cells=", ".join(sorted((by_key[k] for k in close), key=cell_sort_key)),
    )
