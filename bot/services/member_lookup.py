"""Finding a member from what someone types in a chat: their member code, or their name
(with or without diacritics) when only one active member matches."""

from __future__ import annotations

from bot.domain.errors import NotFound, UserError
from bot.domain.model import Member
from bot.domain.text import fold, name_sort_key, normalise_name
from bot.i18n import N_
from bot.services.ports import UnitOfWork

MAX_SHOWN = 5


async def find_member(uow: UnitOfWork, text: str) -> Member:
    """The one active member whose code is ``text`` or whose name matches it; else why not."""
    return match_member([m for m in await uow.members.all() if m.is_active], text)


def match_member(active: list[Member], text: str) -> Member:
    """:func:`find_member` among ``active`` (read once for many lookups: an import)."""
    wanted = normalise_name(text)
    if not wanted:
        raise UserError(N_("Please write the member's code or name."))
    by_code = [m for m in active if (m.member_code or "").casefold() == wanted.casefold()]
    if len(by_code) == 1:
        return by_code[0]
    key = fold(wanted)
    # A whole name wins over partial matches: "Bình" may be part of several names.
    matches = [m for m in active if fold(m.full_name) == key] or [
        m for m in active if key in fold(m.full_name)
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(N_("No member has the code or name {text}."), text=wanted)
    matches.sort(key=lambda m: name_sort_key(m.full_name))
    shown = ", ".join(
        f"{m.full_name} ({m.member_code})" if m.member_code else m.full_name
        for m in matches[:MAX_SHOWN]
    )
    raise UserError(
        N_("Several members match {text}: {names}. Please write the member's code instead."),
        text=wanted,
        names=shown,
    )
