"""The outbox port speaks enums: purposes, statuses and channels go in and come out as such."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain.model import Channel
from bot.domain.outbox import ChatKind, DeliveryStatus, OutboxEntry, OutgoingMessage, Purpose
from bot.services.container import Services
from storage.database import SqliteDatabase

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=2)


def _message(
    key: str, purpose: Purpose, *, member_id: int | None = None, due: datetime = NOW
) -> OutgoingMessage:
    return OutgoingMessage(
        key=key,
        purpose=purpose,
        chat_id=1000 + (member_id or 0),
        chat_kind=ChatKind.PRIVATE,
        text="…",
        not_before=due,
        member_id=member_id,
        source_id=7,
    )


async def test_rows_are_found_and_finished_by_purpose_and_status(db: SqliteDatabase) -> None:
    async with db.write() as uow:
        await uow.outbox.enqueue(
            [
                _message("reminder:7:a", Purpose.REMINDER),
                _message("reminder:7:b", Purpose.REMINDER, due=LATER),
                _message("reminder:7:c", Purpose.REMINDER),
                _message("reminder:7:x", Purpose.NUDGE, due=LATER),  # another purpose
            ],
            NOW,
        )
        assert await uow.outbox.keys_of(Purpose.REMINDER, [7]) == {
            "reminder:7:a",
            "reminder:7:b",
            "reminder:7:c",
        }
        a, c = await uow.outbox.claim_due(NOW, 10)
        assert await uow.outbox.by_prefix(Purpose.REMINDER, "reminder:7:a") == [
            OutboxEntry("reminder:7:a", DeliveryStatus.SENDING, NOW)
        ]
        await uow.outbox.mark_sent(a.id, NOW + timedelta(minutes=1), message_id=5)
        await uow.outbox.finish(c.id, DeliveryStatus.BLOCKED, "403")

        assert await uow.outbox.by_prefix(Purpose.REMINDER, "reminder:7:") == [
            OutboxEntry("reminder:7:a", DeliveryStatus.SENT, NOW + timedelta(minutes=1)),
            OutboxEntry("reminder:7:b", DeliveryStatus.PENDING, LATER),
            OutboxEntry("reminder:7:c", DeliveryStatus.BLOCKED, NOW),
        ]
        assert await uow.outbox.by_prefix(Purpose.REMINDER, "reminder:7:", pending_only=True) == [
            OutboxEntry("reminder:7:b", DeliveryStatus.PENDING, LATER)
        ]
        counts = await uow.outbox.counts(Purpose.REMINDER, 7)
        assert (counts.sent, counts.pending, counts.blocked) == (1, 1, 1)
        assert await uow.outbox.skip_pending(Purpose.NUDGE, "reminder:7:", "gone") == 1
        assert (await uow.outbox.counts(Purpose.NUDGE, 7)).skipped == 1
        assert (await uow.outbox.counts(Purpose.REMINDER, 7)).pending == 1


async def test_members_sent_a_row_of_some_purposes_and_their_chats(
    organisation: Services, db: SqliteDatabase
) -> None:
    ids = sorted(e.member.id for e in await organisation.organisation.directory())[:3]
    async with db.write() as uow:
        await uow.outbox.enqueue(
            [
                _message("r", Purpose.REMINDER, member_id=ids[0]),
                _message("n", Purpose.NUDGE, member_id=ids[1]),
                _message("d", Purpose.DIGEST, member_id=ids[2]),
            ],
            NOW,
        )
        for delivery in await uow.outbox.claim_due(NOW, 10):
            await uow.outbox.mark_sent(delivery.id, NOW, None)
        assert await uow.outbox.sent_members([Purpose.REMINDER, Purpose.NUDGE], 7) == ids[:2]
        assert await uow.outbox.chats_of(Channel.TELEGRAM, ids) == {}  # nobody has joined
