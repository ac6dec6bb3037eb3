"""Imports refuse what would exhaust the machine before reading it: a file too large, a
spreadsheet that unpacks to far more than it weighs (a decompression bomb), too many rows."""

from __future__ import annotations

import struct
import time
import tracemalloc
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from bot.domain.errors import UserError
from bot.services.spreadsheet import ImportLimits, read_sheet
from tests.conftest import HEADER, MEMBERS, write_csv

ROW = (
    b'<row><c t="inlineStr"><is><t>Nguy\xe1\xbb\x85n V\xc4\x83n An</t></is></c>'
    b'<c t="inlineStr"><is><t>Li\xc3\xaan khoa</t></is></c></row>'
)


def _zip(entries: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip of raw deflate streams: name -> (stream, crc32, size unpacked)."""
    out, central = BytesIO(), BytesIO()
    for name, (stream, crc, size) in entries.items():
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(stream),
                              size, len(encoded), 0) + encoded + stream)  # fmt: skip
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                                  len(stream), size, len(encoded), 0, 0, 0, 0, 0, offset)
                      + encoded)  # fmt: skip
    start, directory = out.tell(), central.getvalue()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                          len(directory), start, 0))  # fmt: skip
    return out.getvalue()


def bomb(path: Path, megabytes: int = 996) -> Path:
    """An .xlsx like the one reported: a few MB on disk, about a gigabyte of sheet unpacked.
    One compressed block of 16 MB of rows is repeated (each ends with a full flush, so the
    copies decompress independently): built in a fraction of a second."""
    template = BytesIO()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    book.save(template)
    import zipfile

    entries = {}
    with zipfile.ZipFile(template) as archive:
        for info in archive.infolist():
            data = archive.read(info)
            packer = zlib.compressobj(6, zlib.DEFLATED, -15)
            entries[info.filename] = (
                packer.compress(data) + packer.flush(),
                zlib.crc32(data),
                len(data),
            )
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>'
    )
    tail = b"</sheetData></worksheet>"
    chunk = ROW * ((16 << 20) // len(ROW))
    copies = (megabytes << 20) // len(chunk)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * copies + len(tail)
    entries["xl/worksheets/sheet1.xml"] = (first + block * copies + last, crc, size)
    path.write_bytes(_zip(entries))
    return path


def test_a_decompression_bomb_is_refused_at_once_with_little_memory(tmp_path: Path) -> None:
    started = time.perf_counter()
    path = bomb(tmp_path / "dang-vien.xlsx")
    assert time.perf_counter() - started < 3
    assert path.stat().st_size < 4 << 20

    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UserError) as refused:
        read_sheet(path, ImportLimits())
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2  # refused before unpacking: 0.002 s here, 443 s unpacked; margin for CI
    assert peak < 5 << 20
    error = refused.value
    assert error.message.startswith("The spreadsheet unpacks to {size} MB")
    assert 900 < error.params["size"] < 1000 and error.params["limit"] == 100


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    rows = [[f"Nguyễn Văn {n:05d}", "Liên khoa", "Quần chúng", "", ""] for n in range(40_000)]
    path = write_csv(tmp_path / "lon.csv", rows)
    assert path.stat().st_size > 1 << 20
    with pytest.raises(UserError) as refused:
        read_sheet(path, ImportLimits(max_mb=1))
    assert refused.value.params["limit"] == 1 and refused.value.params["size"] > 1


def test_more_rows_than_the_limit_are_refused(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "m.csv", MEMBERS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *MEMBERS]:
        sheet.append(row)
    book.save(tmp_path / "m.xlsx")
    for path in (csv_path, tmp_path / "m.xlsx"):
        assert len(read_sheet(path, ImportLimits(max_rows=6)).rows) == 6
        with pytest.raises(UserError) as refused:
            read_sheet(path, ImportLimits(max_rows=5))
        assert refused.value.message.startswith("The file has more than {limit} rows")


def test_a_formatted_cell_far_away_does_not_make_a_million_rows(tmp_path: Path) -> None:
    """Ctrl+End in Excel: a formatted empty cell at XFD1048576 declares a sheet of 17 billion
    cells; only the rows with something in them are read."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *MEMBERS]:
        sheet.append(row)
    sheet["XFD1048576"].fill = PatternFill("solid", start_color="FFFF00")
    book.save(tmp_path / "m.xlsx")
    started = time.perf_counter()
    read = read_sheet(tmp_path / "m.xlsx", ImportLimits())
    assert time.perf_counter() - started < 10
    assert read.header == HEADER and [cells[0] for _, cells in read.rows] == [
        row[0] for row in MEMBERS
    ]


def test_a_csv_field_too_long_to_read_is_a_clear_refusal(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["A" * 200_000, "Liên khoa", "Quần chúng", "", ""]])
    with pytest.raises(UserError) as refused:
        read_sheet(path, ImportLimits())
    assert refused.value.message == "Cannot read the CSV file: {error}"
