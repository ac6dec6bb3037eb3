"""A year of activity for the period report's tests, written into a real SQLite file over the
organisation of tests/conftest.py (Phòng Đào tạo: An the secretary, Bình probationary, Cường
non-party; Liên khoa: Dung the secretary, Em, Giang), in January and February:

- cell meetings: Phòng Đào tạo in January (An, Bình attend) and February (An attends, Bình
  absent without excuse, an alert); Liên khoa in January only (all three attend) — so
  Liên khoa missed February, attendance is 6/7 (85,71%) and Phòng Đào tạo's 3/4 (75%);
- a study session for everyone on 20 February: all six attend;
- the year with two areas; tasks: An done (Đào tạo), Bình in progress and overdue since
  1 February (Nghiên cứu), Dung exceeded (Đào tạo), Cường in progress; Em and Giang none;
- a notice on 10 February to the six: five delivered, one failed.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from storage.times import to_db


def _at(year: int, month: int, day: int, hour: int = 2) -> str:
    return to_db(datetime(year, month, day, hour, tzinfo=UTC))


def seed_year(database: Path, year: int) -> None:
    # One write transaction taken up front: the running bot writes too (WAL, one writer).
    conn = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("BEGIN IMMEDIATE")
        _seed(conn, year)
        conn.execute("COMMIT")
    finally:
        conn.close()


def _seed(conn: sqlite3.Connection, year: int) -> None:
    cells = {r["name"]: r["id"] for r in conn.execute("SELECT id, name FROM units")}
    [root] = [r["id"] for r in conn.execute("SELECT id FROM units WHERE parent_id IS NULL")]
    member = {
        r["member_code"]: r["id"] for r in conn.execute("SELECT id, member_code FROM members")
    }
    now = _at(year, 1, 2)
    meeting_id = 0

    def meeting(kind: str, when: str, unit: int, attendees: str = "party") -> int:
        nonlocal meeting_id
        cursor = conn.execute(
            "INSERT INTO meetings (kind, title, starts_at, ends_at, attendees, remind_offsets,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, '[]', ?, ?)",
            (kind, "Sinh hoạt", when, when[:11] + "04:00:00.000000Z", attendees, now, now),
        )
        meeting_id = cursor.lastrowid or 0
        conn.execute("INSERT INTO meeting_units VALUES (?, ?)", (meeting_id, unit))
        return meeting_id

    def attend(meeting: int, code: str, status: str = "attended") -> None:
        conn.execute(
            "INSERT INTO attendance VALUES (?, ?, ?, NULL, ?, 'secretary')",
            (meeting, member[code], status, now),
        )

    training, joint = cells["Phòng Đào tạo"], cells["Liên khoa"]
    january = meeting("cell_meeting", _at(year, 1, 10), training)
    attend(january, "A1")
    attend(january, "A2")
    february = meeting("cell_meeting", _at(year, 2, 10), training)
    attend(february, "A1")
    attend(february, "A2", "unexcused")
    conn.execute(
        "INSERT INTO attendance_alerts (member_id, kind, meeting_id, at) VALUES (?, ?, ?, ?)",
        (member["A2"], "unexcused", february, _at(year, 2, 10, 5)),
    )
    joint_january = meeting("cell_meeting", _at(year, 1, 12), joint)
    for code in ("B1", "B2", "B3"):
        attend(joint_january, code)
    study = meeting("study", _at(year, 2, 20), root, "all")
    for code in ("A1", "A2", "A3", "B1", "B2", "B3"):
        attend(study, code)

    conn.execute(
        "INSERT OR IGNORE INTO years (year, theme, opens, closes, is_current, updated_at)"
        " VALUES (?, 'Bứt phá về đích', ?, ?, 0, ?)",
        (year, f"{year}-01-01", f"{year}-12-31", now),
    )
    areas = {}
    for position, name in enumerate(("Đào tạo", "Nghiên cứu")):
        cursor = conn.execute(
            "INSERT INTO areas (year, name, position) VALUES (?, ?, ?)", (year, name, position)
        )
        areas[name] = cursor.lastrowid

    def task(code: str, status: str, deadline: str, area: str | None) -> None:
        conn.execute(
            "INSERT INTO tasks (year, owner_member_id, title, product, deadline, area_id,"
            " status, created_at, updated_at) VALUES (?, ?, 'Việc', 'Sản phẩm', ?, ?, ?, ?, ?)",
            (year, member[code], deadline, areas.get(area or ""), status, now, now),
        )

    task("A1", "done", f"{year}-06-30", "Đào tạo")
    task("A2", "in_progress", f"{year}-02-01", "Nghiên cứu")
    task("B1", "exceeded", f"{year}-06-30", "Đào tạo")
    task("A3", "in_progress", f"{year}-12-31", None)

    cursor = conn.execute(
        "INSERT INTO broadcasts (audience, text, scheduled_at, status, created_at)"
        " VALUES (?, 'Thông báo', ?, 'sent', ?)",
        (json.dumps({"cells": None, "kind": None}), _at(year, 2, 10), _at(year, 2, 10)),
    )
    broadcast = cursor.lastrowid
    for index, code in enumerate(("A1", "A2", "A3", "B1", "B2", "B3")):
        conn.execute(
            "INSERT INTO outbox (idempotency_key, purpose, source_id, member_id, chat_id,"
            " chat_kind, text, not_before, status, created_at)"
            " VALUES (?, 'broadcast', ?, ?, ?, 'private', 'x', ?, ?, ?)",
            (
                f"b:{broadcast}:{code}",
                broadcast,
                member[code],
                str(1000 + index),
                _at(year, 2, 10),
                "failed" if code == "B3" else "sent",
                _at(year, 2, 10),
            ),
        )
