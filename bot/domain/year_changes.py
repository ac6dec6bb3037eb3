"""What a change to the year would do to others, worked out before it is made: the areas kept,
renamed, added or removed (and how many tasks each carries), and whether new rules shut
registration now, switch the current year or leave members above the limit.

A committee secretary retyping the list of areas mid-year means: the same names stay the same
areas (case and diacritics do not matter), a new name in the place of an old one renames it,
and an area left out is removed. Tasks never lose their area: those of an area that goes move
to an area the secretary chooses, or the change is not made."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.domain.errors import UserError
from bot.domain.tasks import MAX_AREA, MAX_AREAS, Area, Year
from bot.domain.text import fold, normalise_name


def N_(message: str) -> str:
    """Marks a message id for extraction; the domain may not import bot.i18n."""
    return message


@dataclass(frozen=True)
class AreaSlot:
    """One area of the new list, in its place."""

    name: str
    area_id: int | None  # the area it keeps (renamed or not); None: a new area
    old_name: str | None  # the name it had, when it is renamed
    tasks: int  # tasks that carry it now (and keep it)

    @property
    def renamed(self) -> bool:
        return self.old_name is not None and self.old_name != self.name


@dataclass(frozen=True)
class AreaTask:
    """A task that carries an area, as the question about removing the area names it."""

    owner_name: str  # a member's or a unit's
    title: str


@dataclass(frozen=True)
class AreaRemoval:
    """An area left out of the new list."""

    area: Area
    tasks: int  # tasks that carry it: they must move first
    examples: tuple[AreaTask, ...] = ()  # some of them, to say which (at most a few)


@dataclass(frozen=True)
class AreaPlan:
    year: int
    slots: tuple[AreaSlot, ...]
    removed: tuple[AreaRemoval, ...]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.slots]

    @property
    def needs_confirmation(self) -> bool:
        """An area renamed or removed changes what members see on their tasks; adding areas
        or putting them in another order does not."""
        return bool(self.removed) or any(s.renamed for s in self.slots)

    @property
    def in_use_removed(self) -> tuple[AreaRemoval, ...]:
        """Removed areas whose tasks must first be moved to another area."""
        return tuple(r for r in self.removed if r.tasks)

    def check_moves(self, moves: Mapping[int, int], *, complete: bool = True) -> None:
        """``moves``: removed area id → the position (0-based) in the new list its tasks go to.
        Only removed areas may move; when ``complete``, every removed area in use needs one."""
        removed = {r.area.id for r in self.removed}
        for area_id, position in moves.items():
            if area_id not in removed or not 0 <= position < len(self.slots):
                raise UserError(
                    N_(
                        "The breakthrough areas changed in the meantime. Please send "
                        "/khaudotpha again."
                    )
                )
        for removal in self.in_use_removed if complete else ():
            if removal.area.id not in moves:
                raise UserError(
                    N_(
                        "Tasks still carry the area «{area}» ({count}). Choose the area they "
                        "move to before removing it."
                    ),
                    area=removal.area.name,
                    count=removal.tasks,
                )


def clean_area_names(names: Sequence[str]) -> list[str]:
    """The names as they will be stored; the same name twice, too many areas or too long a
    name (the year is shown whole in one message, its areas as buttons) are refused."""
    cleaned = [n for n in (normalise_name(a) for a in names) if n]
    if len(cleaned) > MAX_AREAS:
        raise UserError(N_("A year has at most {max} breakthrough areas."), max=MAX_AREAS)
    seen: set[str] = set()
    for name in cleaned:
        if len(name) > MAX_AREA:
            raise UserError(
                N_("The name of an area is too long ({length} characters; at most {max})."),
                length=len(name),
                max=MAX_AREA,
            )
        if fold(name) in seen:
            raise UserError(N_("The area «{area}» is written twice."), area=name)
        seen.add(fold(name))
    return cleaned


@dataclass(frozen=True)
class StoredArea:
    """An area as stored, listed or not (an area hidden by an older version of the bot)."""

    area: Area
    listed: bool
    tasks: int


def plan_areas(
    year: int,
    stored: Sequence[StoredArea],
    names: Sequence[str],
    examples: Mapping[int, Sequence[AreaTask]] | None = None,
) -> AreaPlan:
    """What setting the areas to ``names`` (already cleaned) does to the ``stored`` ones, in
    their order. An unlisted area with tasks is treated as removed, so its tasks get an area
    again; one without tasks simply goes."""
    by_fold: dict[str, StoredArea] = {}
    for entry in sorted(stored, key=lambda s: not s.listed):  # a listed area wins a tie
        by_fold.setdefault(fold(entry.area.name), entry)
    listed = [s for s in stored if s.listed]
    kept: dict[int, int] = {}  # area id → position in ``names``
    for position, name in enumerate(names):
        same = by_fold.get(fold(name))
        if same is not None and same.area.id not in kept:
            kept[same.area.id] = position
    taken = set(kept)
    chosen: dict[int, StoredArea] = {}
    for position in range(len(names)):
        if position in kept.values():
            continue
        # A new name in the place of an old area not otherwise kept renames that area.
        if position < len(listed) and listed[position].area.id not in taken:
            chosen[position] = listed[position]
            taken.add(listed[position].area.id)
    by_id = {s.area.id: s for s in stored}
    chosen.update({position: by_id[area_id] for area_id, position in kept.items()})
    slots = []
    for position, name in enumerate(names):
        old = chosen.get(position)
        if old is None:
            slots.append(AreaSlot(name, None, None, 0))
        else:
            slots.append(AreaSlot(name, old.area.id, old.area.name, old.tasks))
    removed = tuple(
        AreaRemoval(s.area, s.tasks, tuple((examples or {}).get(s.area.id, ())))
        for s in stored
        if s.area.id not in taken and (s.listed or s.tasks)
    )
    return AreaPlan(year, tuple(slots), removed)


@dataclass(frozen=True)
class OverLimit:
    """A member who has registered more tasks than the new limit allows."""

    name: str
    registered: int


@dataclass(frozen=True)
class YearChange:
    """New rules for a year, and what they do to members who register."""

    before: Year | None  # the current year, before the change
    after: Year
    today: date
    over_limit: tuple[OverLimit, ...] = field(default=())

    @property
    def switches_year(self) -> bool:
        """Another year becomes the current one: everyone's task lists change."""
        return self.before is not None and self.before.year != self.after.year

    @property
    def shuts_registration(self) -> bool:
        """Registration is open today and would not be after the change."""
        was_open = self.before is not None and self.before.window_open(self.today)
        return was_open and not self.after.window_open(self.today)

    @property
    def needs_confirmation(self) -> bool:
        return self.switches_year or self.shuts_registration or bool(self.over_limit)


def end_of_next_month(today: date) -> date:
    following = date(today.year, today.month, 1) + timedelta(days=32)
    return following.replace(day=monthrange(following.year, following.month)[1])


def example_window(today: date) -> tuple[date, date]:
    """The registration window an example shows: from today to the end of next month, not
    past the end of the year; pasted back, it keeps registration open."""
    return today, min(end_of_next_month(today), date(today.year, 12, 31))
