"""The command catalogue: names (Vietnamese without diacritics, English alias), who may use them,
and their one-line descriptions. /help and the command menu are both drawn from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.domain.model import Identity
from bot.domain.permissions import (
    may_approve_tasks,
    may_broadcast,
    may_invite,
    may_manage_year,
    may_plan_meetings,
    may_reopen_registration,
)
from bot.i18n import N_, Translator


@dataclass(frozen=True)
class Command:
    name: str  # the Vietnamese command, shown in the menu
    alias: str  # the English alias
    description: str  # message id
    # Who sees it (the same rule the service enforces); None: every member.
    allowed: Callable[[Identity], bool] | None = None


COMMANDS = (
    Command("trogiup", "help", N_("What I can do for you")),
    Command("ngonngu", "language", N_("Change language (Vietnamese / English)")),
    Command("moi", "invite", N_("Invite a member of your cell"), may_invite),
    # <commands: registration and year>
    Command("dangky", "register", N_("Register a breakthrough task")),
    Command("nam", "year", N_("This year's theme and rules")),
    Command("viectapthe", "collective", N_("Collective tasks")),
    Command("khaudotpha", "areas", N_("Set the breakthrough areas"), may_manage_year),
    Command("molai", "reopen", N_("Reopen registration for one member"), may_reopen_registration),
    # <commands: task cards and approval>
    Command("congviec", "tasks", N_("Your tasks: progress, notes, changes")),
    Command("duyet", "approve", N_("Approve the tasks members registered"), may_approve_tasks),
    # <commands: progress, registry, questions>
    Command("tiendo", "progress", N_("How far we are: tasks and registration")),
    Command("congkhai", "public", N_("This year's tasks, made public")),
    # <commands: schedule>
    Command("lich", "schedule", N_("Your meetings for the next 30 days")),
    Command("diemdanh", "checkin", N_("Check in to a meeting; secretaries mark attendance")),
    Command("chuyencan", "attendance", N_("Attendance this year: yours, or your cell's")),
    # <commands: meeting planning>
    Command("lichhop", "meetings", N_("Plan meetings: create, change, cancel"), may_plan_meetings),
    # <commands: reminder settings>
    Command("caidat", "settings", N_("Your reminders: quiet hours, which ones you get")),
    # <commands: broadcasts>
    Command("thongbao", "broadcast", N_("Send a notice to members"), may_broadcast),
)
EVERYONE = [c for c in COMMANDS if c.allowed is None]


def commands_for(identity: Identity) -> list[Command]:
    """The commands this member's roles allow."""
    return [c for c in COMMANDS if c.allowed is None or c.allowed(identity)]


def describe(command: Command, t: Translator) -> str:
    return t(command.description)
