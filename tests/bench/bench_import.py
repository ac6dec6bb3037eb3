"""Benchmark: importing a generated 5,000-member spreadsheet (target: under 10 s).

Prints medians over several runs, next to two baselines measured in the same run: reading the
same file with openpyxl alone, and inserting the same rows with plain sqlite3 ``executemany``.

    .venv/bin/python tests/bench/bench_import.py [--members 5000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

from bot.clock import SystemClock
from bot.services.container import Services
from storage.database import SqliteDatabase

CELLS = [
    "Phòng Đào tạo",
    "Liên khoa",
    "Phòng TC – HC – QT",
    "Khoa Xây dựng Đảng",
    "Khoa Lý luận cơ sở",
]
KINDS = ["Đảng viên chính thức", "Đảng viên dự bị", "Quần chúng"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hùng", "Lan", "Minh", "Ngọc", "Phúc", "Tâm"]


def make_sheet(path: Path, members: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Mã", "Họ và tên", "Chi bộ", "Loại", "Chức vụ"])
    for n in range(members):
        role = "Bí thư chi bộ" if n < len(CELLS) else ""
        sheet.append(
            [
                f"M{n:05}",
                f"Nguyễn Văn {GIVEN[n % len(GIVEN)]} {n}",
                CELLS[n % len(CELLS)] + f" {n // 1000}",
                KINDS[n % 3],
                role,
            ]
        )
    workbook.save(path)


async def import_once(folder: Path, sheet: Path, run: int) -> tuple[float, float]:
    db = await SqliteDatabase.open(folder / f"import-{run}.sqlite3")
    services = Services.build(db, SystemClock(), invite_ttl_days=30, default_language="vi")
    await services.organisation.init("Đảng bộ Thử")
    started = time.perf_counter()
    summary = await services.member_import.import_file(sheet)
    first = time.perf_counter() - started
    assert summary.created > 0
    started = time.perf_counter()
    again = await services.member_import.import_file(sheet)
    second = time.perf_counter() - started
    assert again.created == 0 and again.updated == 0
    await db.close()
    return first, second


def read_only(sheet: Path) -> float:
    started = time.perf_counter()
    workbook = load_workbook(sheet, read_only=True, data_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    assert rows
    return time.perf_counter() - started


def raw_insert(folder: Path, members: int, run: int) -> float:
    conn = sqlite3.connect(folder / f"raw-{run}.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE m (id INTEGER PRIMARY KEY, name TEXT, cell TEXT, kind TEXT)")
    rows = [(f"Nguyễn Văn {n}", CELLS[n % 5], KINDS[n % 3]) for n in range(members)]
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO m (name, cell, kind) VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sheet = folder / "members.xlsx"
        make_sheet(sheet, args.members)
        imports, reimports, reads, raws = [], [], [], []
        for run in range(args.runs):
            first, second = asyncio.run(import_once(folder, sheet, run))
            imports.append(first)
            reimports.append(second)
            reads.append(read_only(sheet))
            raws.append(raw_insert(folder, args.members, run))
    med = statistics.median
    print(f"import of {args.members:,} members from .xlsx, {args.runs} runs (median, seconds)")
    print(f"  first import (all created)       {med(imports):8.3f}   target < 10 s")
    print(f"  re-import (nothing changes)      {med(reimports):8.3f}")
    print(
        f"  baseline: openpyxl read only     {med(reads):8.3f}   "
        f"import/read = {med(imports) / med(reads):.2f}x"
    )
    print(
        f"  baseline: sqlite3 executemany    {med(raws):8.3f}   "
        f"import/raw insert = {med(imports) / med(raws):.1f}x"
    )
    print(f"  members per second (import)      {args.members / med(imports):8.0f}")


if __name__ == "__main__":
    main()
