"""The README's "Trying each role" table: one row per person, whatever later work added."""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def _role_rows() -> list[list[str]]:
    section = README.read_text(encoding="utf-8").split("### Trying each role", 1)[1]
    table = [line for line in section.split("\n\n", 3)[2].splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in table[2:]]


def test_each_person_has_one_row() -> None:
    rows = _role_rows()
    become = [row[0] for row in rows]
    assert len(rows) >= 6, rows
    assert len(become) == len(set(become)), become
    assert "(at the start)" in become and "`/as Hà`" in become
