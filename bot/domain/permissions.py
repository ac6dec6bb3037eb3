"""Who may do what. The one place that answers it; services enforce it."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.model import Identity, Member, Role

ELEVATED_ROLES = (Role.CELL_SECRETARY, Role.COMMITTEE, Role.INSPECTOR, Role.ADMIN)


def oversees_everyone(actor: Identity) -> bool:
    return actor.has(Role.COMMITTEE) or actor.has(Role.ADMIN)


def may_invite(actor: Identity) -> bool:
    """Cell secretaries invite in their cell; the committee and admins anyone."""
    return oversees_everyone(actor) or actor.has(Role.CELL_SECRETARY)


def may_invite_member(actor: Identity, target: Member) -> bool:
    if oversees_everyone(actor):
        return True
    return actor.has(Role.CELL_SECRETARY, target.cell_id)


def invitable_cell_ids(actor: Identity) -> frozenset[int] | None:
    """The cells whose members ``actor`` may invite; ``None`` means every cell."""
    if oversees_everyone(actor):
        return None
    return frozenset(g.unit_id for g in actor.roles if g.role is Role.CELL_SECRETARY)


def decides_for_everyone(actor: Identity) -> bool:
    """The committee's decisions (the year, approving tasks, reopening registration) are its
    own: an admin is the technical operator, who sees and helps everywhere but decides none."""
    return actor.has(Role.COMMITTEE)


def may_manage_year(actor: Identity) -> bool:
    """The year's theme, window, limits and areas are the committee's."""
    return decides_for_everyone(actor)


def may_reopen_registration(actor: Identity) -> bool:
    """The committee reopens registration for anyone; a cell secretary for their cell's
    members (members who find it closed are sent to them)."""
    return decides_for_everyone(actor) or bool(secretary_of(actor))


def may_reopen_for(actor: Identity, member: Member) -> bool:
    """Not for oneself, unless one is on the committee: a secretary asks the committee."""
    if decides_for_everyone(actor):
        return True
    return member.cell_id in secretary_of(actor) and member.id != actor.member.id


def reopenable_cell_ids(actor: Identity) -> frozenset[int] | None:
    """The cells whose members ``actor`` may reopen registration for; ``None``: every cell."""
    return None if decides_for_everyone(actor) else secretary_of(actor)


def secretary_of(actor: Identity) -> frozenset[int]:
    """The cells ``actor`` is secretary of."""
    return frozenset(g.unit_id for g in actor.roles if g.role is Role.CELL_SECRETARY)


def may_approve_in(actor: Identity, cell_id: int) -> bool:
    return decides_for_everyone(actor) or cell_id in secretary_of(actor)


def may_approve_tasks(actor: Identity) -> bool:
    """Who has tasks to approve: cell secretaries (their cells) and the committee (all)."""
    return decides_for_everyone(actor) or bool(secretary_of(actor))


def approvable_cell_ids(actor: Identity) -> frozenset[int] | None:
    """The cells whose tasks ``actor`` approves; ``None``: every cell."""
    return None if decides_for_everyone(actor) else secretary_of(actor)


def may_remind_unregistered(actor: Identity, cell_id: int) -> bool:
    """Reminding a cell's members to register is its secretary's (and the committee's); the
    inspection commission observes and an admin operates: they see the names, not remind."""
    return decides_for_everyone(actor) or cell_id in secretary_of(actor)


def may_plan_meetings(actor: Identity) -> bool:
    """Cell secretaries plan their cells' meetings; the committee and admins any."""
    return oversees_everyone(actor) or bool(secretary_of(actor))


def may_record_attendance(actor: Identity) -> bool:
    """Attendance sheets: cell secretaries (their cells' members), the committee and admins."""
    return oversees_everyone(actor) or bool(secretary_of(actor))


def may_see_cell(actor: Identity, cell_id: int) -> bool:
    """A cell in full, names included (who has not registered, whose tasks are late)."""
    return oversees_everyone(actor) or actor.has(Role.INSPECTOR) or cell_id in secretary_of(actor)


def may_see_cell_figures(actor: Identity, cell_id: int) -> bool:
    """A cell's figures without names: whoever may see the cell, and its own members."""
    return may_see_cell(actor, cell_id) or actor.member.cell_id == cell_id


def may_see_organisation(actor: Identity) -> bool:
    """Every cell's figures: the committee and the inspection commission."""
    return oversees_everyone(actor) or actor.has(Role.INSPECTOR)


def may_export_registry(actor: Identity) -> bool:
    """The public registry as a spreadsheet: secretaries and the committee."""
    return oversees_everyone(actor) or actor.has(Role.CELL_SECRETARY)


class Access(StrEnum):
    """What ``actor`` may do with one task."""

    OWNER = "owner"  # their own task (or the one they are responsible for)
    ON_BEHALF = "on_behalf"  # the cell secretary recording for a member
    VIEW = "view"  # the committee sees everything
    NONE = "none"


def task_access(
    actor: Identity,
    *,
    owner_member_id: int | None,
    responsible_member_id: int | None,
    cell_id: int | None,
    unit_is_root: bool,
) -> Access:
    """``cell_id`` is the owner's cell (personal task) or the owning cell (collective task)."""
    me = actor.member.id
    if me in (owner_member_id, responsible_member_id):
        return Access.OWNER
    if cell_id is not None and cell_id in secretary_of(actor):
        return Access.ON_BEHALF
    if decides_for_everyone(actor) and unit_is_root:
        return Access.OWNER  # the committee runs its own work items
    if oversees_everyone(actor):
        return Access.VIEW  # members' tasks the committee only sees; an admin sees them all
    return Access.NONE


def may_broadcast(actor: Identity) -> bool:
    """Cell secretaries send notices to their own cells; the committee to anyone."""
    return oversees_everyone(actor) or bool(secretary_of(actor))


def may_broadcast_to(actor: Identity, cell_ids: frozenset[int] | None, by_kind: bool) -> bool:
    """``cell_ids`` None means every cell; ``by_kind`` a notice for one kind of member only
    (party members, or non-party staff), which is the committee's."""
    if oversees_everyone(actor):
        return True
    mine = secretary_of(actor)
    return cell_ids is not None and bool(cell_ids) and cell_ids <= mine and not by_kind


def may_follow_broadcast(
    actor: Identity, author_member_id: int | None, cell_ids: frozenset[int] | None
) -> bool:
    """Who sees a broadcast's delivery report: its author, the committee, and the secretary
    of every cell it went to."""
    if oversees_everyone(actor) or author_member_id == actor.member.id:
        return True
    return cell_ids is not None and bool(cell_ids) and cell_ids <= secretary_of(actor)


def may_link_group(actor: Identity, cell_id: int) -> bool:
    """Only the cell's secretary links (or unlinks) the cell's Telegram group."""
    return cell_id in secretary_of(actor)


def may_plan_inspections(actor: Identity) -> bool:
    """The yearly inspection programme is the committee's (run with the inspection commission,
    which sees it but does not draft it)."""
    return oversees_everyone(actor)
