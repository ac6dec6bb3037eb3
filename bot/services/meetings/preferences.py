"""A member's own reminder settings: quiet hours and the optional kinds they muted.

Every method acts on the caller's settings only, so nothing a member sends can change anyone
else's. Meetings a member must attend can never be muted; the reminder's snooze buttons are
the way to put one off.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time, timedelta

from bot.clock import Clock
from bot.domain.delivery_channels import CHANNEL_ORDER
from bot.domain.errors import NotAllowed, UserError
from bot.domain.model import Channel, Identity
from bot.domain.preferences import Preferences, ReminderKind, can_mute
from bot.domain.quiet_hours import QuietHours, parse_window
from bot.i18n import N_
from bot.services.meetings.ports import MeetingsUnitOfWork
from bot.services.ports import Database

MAX_QUIET = timedelta(hours=12)  # longer is most likely the two times swapped
BAD_TEXT = N_("I did not understand those hours. Please write them like 22:00-06:00, or «off».")
TOO_LONG = N_("Quiet hours can last at most 12 hours. Please write them like 22:00-06:00.")


def parse_quiet(text: str) -> tuple[time, time]:
    """What a member typed → (begins, ends); ``"tắt"``/``"off"`` → no quiet hours (00:00,
    00:00). Refuses windows over 12 hours, most likely the two times swapped."""
    window = parse_window(text)
    if window is None:
        raise UserError(BAD_TEXT)
    begins, ends = window.begins, window.ends
    length = (ends.hour * 60 + ends.minute - begins.hour * 60 - begins.minute) % (24 * 60)
    if timedelta(minutes=length) > MAX_QUIET:
        raise UserError(TOO_LONG)
    return begins, ends


class PreferenceService:
    def __init__(
        self, db: Database[MeetingsUnitOfWork], clock: Clock, default: QuietHours | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self.default = default or QuietHours()  # the organisation's (BUTPHA_QUIET_HOURS)

    async def show(self, actor: Identity) -> Preferences:
        async with self._db.read() as uow:
            return await self._get(uow, actor)

    async def _get(self, uow: MeetingsUnitOfWork, actor: Identity) -> Preferences:
        """The member's settings, with the organisation's quiet hours when not their own, and
        the channel their notices come on among those they have an account on."""
        member_id = actor.member.id
        found = await uow.preferences.get(member_id)
        linked = frozenset(
            [c for c in CHANNEL_ORDER if await uow.accounts.of_member(member_id, c) is not None]
        )
        chosen = await uow.preferences.delivery_channel(member_id)
        return replace(
            found,
            quiet=found.quiet if found.custom_quiet else self.default,
            delivery=chosen if chosen in linked else None,
            linked=linked,
        )

    async def choose_channel(self, actor: Identity, channel: Channel | None) -> Preferences:
        """Where the caller's notices come: ``channel``, or None for the one they last wrote
        from. A channel they have no account on is refused (a forged or stale button)."""
        async with self._db.write() as uow:
            if (
                channel is not None
                and await uow.accounts.of_member(actor.member.id, channel) is None
            ):
                raise UserError(N_("You have no account on that messenger linked to the bot."))
            await uow.preferences.choose_channel(actor.member.id, channel, self._clock.now())
            return await self._get(uow, actor)

    async def set_quiet(self, actor: Identity, text: str) -> Preferences:
        """The caller's own quiet hours from what they typed (or a preset's text)."""
        begins, ends = parse_quiet(text)
        async with self._db.write() as uow:
            await uow.preferences.set_quiet(actor.member.id, begins, ends, self._clock.now())
            return await self._get(uow, actor)

    async def reset_quiet(self, actor: Identity) -> Preferences:
        """Back to the organisation's quiet hours (BUTPHA_QUIET_HOURS)."""
        async with self._db.write() as uow:
            await uow.preferences.reset_quiet(actor.member.id)
            return await self._get(uow, actor)

    async def toggle_mute(self, actor: Identity, kind: str) -> Preferences:
        """Mute an optional kind of reminder, or hear it again; ``kind`` comes from a button,
        so anything may arrive: must-attend and unknown kinds are refused."""
        if kind not in set(ReminderKind):
            raise UserError(N_("There is no such kind of reminder."))
        chosen = ReminderKind(kind)
        if not can_mute(chosen):
            raise NotAllowed(
                N_(
                    "Meetings you must attend cannot be muted; on the reminder, use "
                    "“⏰ In 1 hour” or “🌙 Tonight” instead."
                )
            )
        async with self._db.write() as uow:
            current = await uow.preferences.get(actor.member.id)
            if chosen in current.muted:
                await uow.preferences.unmute(actor.member.id, chosen)
            else:
                await uow.preferences.mute(actor.member.id, chosen, self._clock.now())
            return await self._get(uow, actor)
