"""Broadcasts, who they could not reach, and per-recipient delivery figures read from the outbox
(a member may get a long notice in several parts)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime

import aiosqlite

from bot.domain.broadcasts import (
    Audience,
    AudienceMember,
    Broadcast,
    BroadcastStatus,
    Missed,
    MissedGroup,
    MissReason,
    RecipientCounts,
)
from bot.domain.model import Channel
from bot.domain.outbox import DeliveryCounts, FileKind
from storage.repositories.recipients import addresses
from storage.times import from_db, maybe_from_db, to_db

_COLUMNS = (
    "id, author_member_id, audience, text, file_id, file_kind, scheduled_at, expires_at, status,"
    " parts, created_at, report_chat_id, report_message_id"
)

# One row per recipient chat, with the state of its parts taken together: pending while any
# part is, otherwise the worst outcome of any part.
_PER_RECIPIENT = """
    SELECT chat_kind, chat_id, max(member_id) AS member_id, max(coalesce(last_error, '')) AS error,
        CASE WHEN sum(status IN ('pending', 'sending')) > 0 THEN 'pending'
             WHEN sum(status = 'blocked') > 0 THEN 'blocked'
             WHEN sum(status = 'failed') > 0 THEN 'failed'
             WHEN sum(status = 'skipped') > 0 THEN 'skipped'
             ELSE 'sent' END AS outcome
    FROM outbox WHERE purpose = 'broadcast' AND source_id = ?
    GROUP BY chat_kind, chat_id
"""

# The same, only for the chats with a part not sent (found through the index on the outbox's
# source and status): who did not get it, without going through everyone who did.
_NOT_ALL_SENT = _PER_RECIPIENT.replace(
    "AND source_id = ?",
    "AND source_id = ? AND chat_id IN (SELECT chat_id FROM outbox WHERE purpose = 'broadcast'"
    " AND source_id = ? AND status <> 'sent')",
)


def _broadcast(row: sqlite3.Row) -> Broadcast:
    return Broadcast(
        id=row["id"],
        author_member_id=row["author_member_id"],
        audience=Audience.from_json(row["audience"]),
        text=row["text"],
        file_id=row["file_id"],
        file_kind=None if row["file_kind"] is None else FileKind(row["file_kind"]),
        scheduled_at=from_db(row["scheduled_at"]),
        expires_at=maybe_from_db(row["expires_at"]),
        status=BroadcastStatus(row["status"]),
        parts=row["parts"],
        created_at=from_db(row["created_at"]),
        report_chat_id=None if row["report_chat_id"] is None else int(row["report_chat_id"]),
        report_message_id=row["report_message_id"],
    )


def _counts(by_outcome: dict[str, int]) -> DeliveryCounts:
    return DeliveryCounts(
        sent=by_outcome.get("sent", 0),
        pending=by_outcome.get("pending", 0),
        blocked=by_outcome.get("blocked", 0),
        failed=by_outcome.get("failed", 0),
        skipped=by_outcome.get("skipped", 0),
    )


class SqliteBroadcasts:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        author_member_id: int | None,
        audience: Audience,
        text: str,
        file_id: str | None,
        file_kind: FileKind | None,
        scheduled_at: datetime,
        expires_at: datetime | None,
        status: BroadcastStatus,
        parts: int,
        at: datetime,
    ) -> int:
        async with self._conn.execute(
            "INSERT INTO broadcasts (author_member_id, audience, text, file_id, file_kind,"
            " scheduled_at, expires_at, status, parts, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (
                author_member_id,
                audience.to_json(),
                text,
                file_id,
                None if file_kind is None else file_kind.value,
                to_db(scheduled_at),
                None if expires_at is None else to_db(expires_at),
                status.value,
                parts,
                to_db(at),
            ),
        ) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def get(self, broadcast_id: int) -> Broadcast | None:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE id = ?", (broadcast_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _broadcast(row)

    async def recent(self, limit: int) -> list[Broadcast]:
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM broadcasts ORDER BY created_at DESC, id DESC LIMIT ?",
            (limit,),
        ) as cursor:
            return [_broadcast(row) async for row in cursor]

    async def all(self) -> list[Broadcast]:
        async with self._conn.execute(f"SELECT {_COLUMNS} FROM broadcasts ORDER BY id") as cursor:
            return [_broadcast(row) async for row in cursor]

    async def cancel(self, broadcast_id: int, at: datetime) -> int:
        """The broadcast cancelled and its rows not yet sent skipped; returns rows skipped."""
        await self._conn.execute(
            "UPDATE broadcasts SET status = 'cancelled', cancelled_at = ? WHERE id = ?",
            (to_db(at), broadcast_id),
        )
        cursor = await self._conn.execute(
            "UPDATE outbox SET status = 'skipped', last_error = 'cancelled'"
            " WHERE purpose = 'broadcast' AND source_id = ? AND status = 'pending'",
            (broadcast_id,),
        )
        return cursor.rowcount

    async def add_not_linked(self, broadcast_id: int, member_ids: Iterable[int]) -> None:
        await self._conn.executemany(
            "INSERT INTO broadcast_not_linked (broadcast_id, member_id) VALUES (?, ?)"
            " ON CONFLICT DO NOTHING",
            [(broadcast_id, member_id) for member_id in member_ids],
        )

    async def not_linked_count(self, broadcast_id: int) -> int:
        async with self._conn.execute(
            "SELECT count(*) FROM broadcast_not_linked WHERE broadcast_id = ?", (broadcast_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return 0 if row is None else int(row[0])

    async def recipient_counts(self, broadcast_id: int) -> RecipientCounts:
        found: dict[str, dict[str, int]] = {"private": {}, "group": {}}
        async with self._conn.execute(
            f"SELECT chat_kind, outcome, count(*) FROM ({_PER_RECIPIENT})"
            " GROUP BY chat_kind, outcome",
            (broadcast_id,),
        ) as cursor:
            async for row in cursor:
                found[row[0]][row[1]] = row[2]
        return RecipientCounts(members=_counts(found["private"]), groups=_counts(found["group"]))

    async def missed(self, broadcast_id: int) -> list[Missed]:
        """Everyone it did not reach (yet): undelivered outbox rows, then those not linked."""
        missed: list[Missed] = []
        async with self._conn.execute(
            "SELECT r.chat_kind, r.outcome, r.error, m.full_name, mu.name AS member_cell,"
            " gu.name AS group_cell"
            f" FROM ({_PER_RECIPIENT}) r"
            " LEFT JOIN members m ON m.id = r.member_id"
            " LEFT JOIN units mu ON mu.id = m.cell_id"
            " LEFT JOIN group_links g ON r.chat_kind = 'group' AND g.chat_id = r.chat_id"
            " LEFT JOIN units gu ON gu.id = g.cell_id"
            " WHERE r.outcome <> 'sent'",
            (broadcast_id,),
        ) as cursor:
            async for row in cursor:
                is_group = row["chat_kind"] == "group"
                cell = (row["group_cell"] if is_group else row["member_cell"]) or ""
                missed.append(
                    Missed(
                        name=cell if is_group else (row["full_name"] or ""),
                        cell_name=cell,
                        reason=MissReason(row["outcome"]),
                        is_group=is_group,
                        error=row["error"],
                    )
                )
        async with self._conn.execute(
            "SELECT m.full_name, u.name FROM broadcast_not_linked n"
            " JOIN members m ON m.id = n.member_id JOIN units u ON u.id = m.cell_id"
            " WHERE n.broadcast_id = ?",
            (broadcast_id,),
        ) as cursor:
            async for row in cursor:
                missed.append(Missed(row[0], row[1], MissReason.NOT_LINKED))
        return missed

    async def missed_groups(self, broadcast_id: int) -> list[MissedGroup]:
        """How many did not get it (yet), by reason and cell: members and groups apart,
        those not linked too. Counted in SQL; no name is read."""
        found: list[MissedGroup] = []
        async with self._conn.execute(
            "SELECT r.outcome, r.chat_kind = 'group' AS is_group,"
            " coalesce(CASE WHEN r.chat_kind = 'group' THEN g.cell_id ELSE m.cell_id END, 0)"
            " AS cell, count(*) FROM ("
            f"{_NOT_ALL_SENT}) r"
            " LEFT JOIN members m ON m.id = r.member_id"
            " LEFT JOIN group_links g ON r.chat_kind = 'group' AND g.chat_id = r.chat_id"
            " WHERE r.outcome <> 'sent' GROUP BY 1, 2, 3",
            (broadcast_id, broadcast_id),
        ) as cursor:
            rows = [(MissReason(row[0]), bool(row[1]), row[2], row[3]) async for row in cursor]
        async with self._conn.execute(
            "SELECT m.cell_id, count(*) FROM broadcast_not_linked n"
            " JOIN members m ON m.id = n.member_id WHERE n.broadcast_id = ? GROUP BY m.cell_id",
            (broadcast_id,),
        ) as cursor:
            rows += [(MissReason.NOT_LINKED, False, row[0], row[1]) async for row in cursor]
        names = await self._unit_names({cell for _, _, cell, _ in rows})
        for reason, is_group, cell, count in rows:
            found.append(MissedGroup(reason, is_group, cell, names.get(cell, ""), count))
        return found

    async def _unit_names(self, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        async with self._conn.execute(
            f"SELECT id, name FROM units WHERE id IN ({','.join('?' * len(ids))})", tuple(ids)
        ) as cursor:
            return {row[0]: row[1] async for row in cursor}

    async def missed_in(
        self, broadcast_id: int, cell_ids: Sequence[int], groups: bool
    ) -> list[tuple[int, Missed]]:
        """Who did not get it (yet) among the members of a few cells (0: members deleted
        since), and the groups too when ``groups``; each with its cell's id. Only those
        recipients' outbox rows are taken together."""
        cells = [c for c in cell_ids if c]
        chosen = []
        params: list[object] = [broadcast_id]
        if cells:
            chosen.append(
                "(chat_kind = 'private' AND member_id IN (SELECT id FROM members WHERE cell_id"
                f" IN ({','.join('?' * len(cells))})))"
            )
            params += cells
        if 0 in cell_ids:
            chosen.append("(chat_kind = 'private' AND member_id IS NULL)")
        if groups:
            chosen.append("chat_kind = 'group'")
        found: list[tuple[int, Missed]] = []
        if chosen:
            per_recipient = _PER_RECIPIENT.replace(
                "AND source_id = ?", f"AND source_id = ? AND ({' OR '.join(chosen)})"
            )
            async with self._conn.execute(
                "SELECT r.chat_kind, r.outcome, r.error, m.full_name, mu.name AS member_cell,"
                " gu.name AS group_cell, m.cell_id AS member_cell_id, g.cell_id AS group_cell_id"
                f" FROM ({per_recipient}) r"
                " LEFT JOIN members m ON m.id = r.member_id"
                " LEFT JOIN units mu ON mu.id = m.cell_id"
                " LEFT JOIN group_links g ON r.chat_kind = 'group' AND g.chat_id = r.chat_id"
                " LEFT JOIN units gu ON gu.id = g.cell_id"
                " WHERE r.outcome <> 'sent'",
                params,
            ) as cursor:
                async for row in cursor:
                    is_group = row["chat_kind"] == "group"
                    cell = (row["group_cell"] if is_group else row["member_cell"]) or ""
                    cell_id = (row["group_cell_id"] if is_group else row["member_cell_id"]) or 0
                    missed = Missed(
                        name=cell if is_group else (row["full_name"] or ""),
                        cell_name=cell,
                        reason=MissReason(row["outcome"]),
                        is_group=is_group,
                        error=row["error"],
                    )
                    found.append((cell_id, missed))
        if cells:
            async with self._conn.execute(
                "SELECT m.full_name, u.name, u.id FROM broadcast_not_linked n"
                " JOIN members m ON m.id = n.member_id JOIN units u ON u.id = m.cell_id"
                f" WHERE n.broadcast_id = ? AND m.cell_id IN ({','.join('?' * len(cells))})",
                (broadcast_id, *cells),
            ) as cursor:
                async for row in cursor:
                    found.append((row[2], Missed(row[0], row[1], MissReason.NOT_LINKED)))
        return found

    async def set_report_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        await self._conn.execute(
            "UPDATE broadcasts SET report_chat_id = ?, report_message_id = ?, report_done = 0"
            " WHERE id = ?",
            (str(chat_id), message_id, broadcast_id),
        )

    async def live_reports(self, now: datetime) -> list[Broadcast]:
        """Broadcasts under way whose report message still follows them."""
        async with self._conn.execute(
            f"SELECT {_COLUMNS} FROM broadcasts WHERE report_message_id IS NOT NULL"
            " AND report_done = 0 AND (scheduled_at <= ? OR status = 'cancelled') ORDER BY id",
            (to_db(now),),
        ) as cursor:
            return [_broadcast(row) async for row in cursor]

    async def finish_report(self, broadcast_id: int) -> None:
        await self._conn.execute(
            "UPDATE broadcasts SET report_done = 1 WHERE id = ?", (broadcast_id,)
        )

    async def audience_members(self, audience: Audience) -> list[AudienceMember]:
        """Active members of the audience, each with the one chat their notices go to when
        linked (``delivery_address``): one query, so ten thousand recipients cost
        milliseconds."""
        sql = (
            "SELECT m.id, m.cell_id, m.language, a.channel, a.chat_id, a.last_used_at,"
            " d.channel, a.unreachable_since FROM members m"
            " LEFT JOIN accounts a ON a.member_id = m.id"
            " LEFT JOIN delivery_channels d ON d.member_id = m.id"
            " WHERE m.status = 'active'"
        )
        params: list[object] = []
        if audience.cell_ids is not None:
            sql += f" AND m.cell_id IN ({','.join('?' * len(audience.cell_ids))})"
            params.extend(sorted(audience.cell_ids))
        if audience.kind is not None:
            kinds = sorted(k.value for k in audience.kind.kinds)
            sql += f" AND m.kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        async with self._conn.execute(sql + " ORDER BY m.id", params) as cursor:
            rows = await cursor.fetchall()
        chosen = addresses(r[0:1] + r[3:7] for r in rows if r[3] is not None)
        unreachable = {(r[0], r[3]) for r in rows if r[7] is not None}
        found: dict[int, AudienceMember] = {}
        for row in rows:
            if row[0] in found:
                continue
            address = chosen.get(row[0])
            found[row[0]] = AudienceMember(
                member_id=row[0],
                cell_id=row[1],
                language=row[2],
                chat_id=None if address is None else address.chat_id,
                unreachable=address is not None and (row[0], address.channel.value) in unreachable,
                channel=Channel.TELEGRAM if address is None else address.channel,
            )
        return list(found.values())
