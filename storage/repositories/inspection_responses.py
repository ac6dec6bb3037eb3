"""The inspected side's part of an inspection: the self-reports sent in before the conclusion
and the remediation actions owed after it. Kept apart from ``inspections`` (programmes, items,
their history and supervision notes) so each module stays small; ``SqliteInspections`` inherits
these methods, so the repository's interface is the same."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import aiosqlite

from bot.domain.inspections.records import RemediationAction, SelfReport
from bot.domain.model import Channel
from bot.domain.outbox import FileKind
from storage.times import from_db, maybe_from_db, to_db


def _action(row: sqlite3.Row) -> RemediationAction:
    return RemediationAction(
        id=row["id"],
        item_id=row["item_id"],
        action=row["action"],
        owner_id=row["owner_id"],
        due=date.fromisoformat(row["due"]),
        done_at=maybe_from_db(row["done_at"]),
        done_note=row["done_note"],
        evidence_file_id=row["evidence_file_id"],
        evidence_kind=None if row["evidence_kind"] is None else FileKind(row["evidence_kind"]),
        verified_at=maybe_from_db(row["verified_at"]),
        verified_by=row["verified_by"],
    )


class SqliteInspectionResponses:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    # Self-reports

    async def add_self_report(
        self,
        item_id: int,
        member_id: int | None,
        at: datetime,
        *,
        text: str | None,
        file_id: str | None,
        file_kind: FileKind | None,
        channel: Channel,
    ) -> None:
        await self._conn.execute(
            "INSERT INTO inspection_self_reports (item_id, member_id, at, text, file_id,"
            " file_kind, channel) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                item_id,
                member_id,
                to_db(at),
                text,
                file_id,
                None if file_kind is None else file_kind.value,
                channel.value,
            ),
        )

    async def self_reports(self, item_id: int) -> list[SelfReport]:
        async with self._conn.execute(
            "SELECT * FROM inspection_self_reports WHERE item_id = ? ORDER BY id", (item_id,)
        ) as cursor:
            return [
                SelfReport(
                    row["id"],
                    row["item_id"],
                    row["member_id"],
                    from_db(row["at"]),
                    row["text"],
                    row["file_id"],
                    None if row["file_kind"] is None else FileKind(row["file_kind"]),
                    Channel(row["channel"]),
                )
                async for row in cursor
            ]

    # Remediation

    async def add_action(
        self, item_id: int, action: str, owner_id: int, due: date, at: datetime
    ) -> int:
        cursor = await self._conn.execute(
            "INSERT INTO remediation_actions (item_id, action, owner_id, due, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (item_id, action, owner_id, due.isoformat(), to_db(at)),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    async def action(self, action_id: int) -> RemediationAction | None:
        async with self._conn.execute(
            "SELECT * FROM remediation_actions WHERE id = ?", (action_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return None if row is None else _action(row)

    async def actions(self, item_id: int) -> list[RemediationAction]:
        async with self._conn.execute(
            "SELECT * FROM remediation_actions WHERE item_id = ? ORDER BY due, id", (item_id,)
        ) as cursor:
            return [_action(row) async for row in cursor]

    async def actions_owned_by(self, member_id: int) -> list[RemediationAction]:
        async with self._conn.execute(
            "SELECT * FROM remediation_actions WHERE owner_id = ? ORDER BY done_at IS NOT NULL,"
            " due, id",
            (member_id,),
        ) as cursor:
            return [_action(row) async for row in cursor]

    async def open_actions(self) -> list[RemediationAction]:
        async with self._conn.execute(
            "SELECT * FROM remediation_actions WHERE done_at IS NULL ORDER BY due, id"
        ) as cursor:
            return [_action(row) async for row in cursor]

    async def mark_action_done(
        self,
        action_id: int,
        at: datetime,
        note: str | None,
        evidence_file_id: str | None,
        evidence_kind: FileKind | None,
    ) -> None:
        await self._conn.execute(
            "UPDATE remediation_actions SET done_at = ?, done_note = ?, evidence_file_id = ?,"
            " evidence_kind = ? WHERE id = ?",
            (
                to_db(at),
                note,
                evidence_file_id,
                None if evidence_kind is None else evidence_kind.value,
                action_id,
            ),
        )

    async def verify_action(self, action_id: int, at: datetime, member_id: int | None) -> None:
        await self._conn.execute(
            "UPDATE remediation_actions SET verified_at = ?, verified_by = ? WHERE id = ?",
            (to_db(at), member_id, action_id),
        )

    async def return_action(self, action_id: int) -> None:
        """Sends a done action back to its owner: open again, its note and evidence cleared."""
        await self._conn.execute(
            "UPDATE remediation_actions SET done_at = NULL, done_note = NULL,"
            " evidence_file_id = NULL, evidence_kind = NULL WHERE id = ?",
            (action_id,),
        )
