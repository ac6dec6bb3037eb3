"""``butpha export`` and the invite CSV as a secretary opens them in Excel: text that looks like
a formula stays text, and an exported member sheet imports back unchanged."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from openpyxl import Workbook, load_workbook

from tests.cli.test_cli import butpha
from tests.conftest import MEMBERS, write_csv

ATTACKS = [
    '=HYPERLINK("http://evil.example/?x=1";"Bấm vào đây")',
    "+SUM(1;2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
]


def _names(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [name for (name,) in conn.execute("SELECT full_name FROM members ORDER BY id")]


def test_formula_like_names_are_written_as_text_and_import_back(tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    assert butpha(org, "init", "--org", "Đảng bộ Trường Chính trị").returncode == 0
    rows = MEMBERS + [
        [name, "Liên khoa", "Quần chúng", "", f"X{n}"] for n, name in enumerate(ATTACKS)
    ]
    imported = butpha(org, "import-members", str(write_csv(org / "m.csv", rows)))
    assert imported.returncode == 0, imported.stderr
    assert _names(org / "org.sqlite3")[6:] == ATTACKS

    invited = butpha(org, "invite", "--cell", "Liên khoa", "--out", "moi.csv")
    assert invited.returncode == 0, invited.stderr
    with (org / "moi.csv").open(encoding="utf-8-sig") as handle:
        names = [row["full_name"] for row in csv.DictReader(handle)]
    assert ["'" + attack in names for attack in ATTACKS] == [True] * 4
    assert not [name for name in names if name.startswith(("=", "+", "-", "@"))]

    exported = butpha(org, "export", "--out", "all.xlsx")
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(org / "all.xlsx")  # formulas would come back as formulas
    formulas = [
        (sheet.title, cell.coordinate)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    members = [list(r) for r in book["members"].iter_rows(values_only=True)]
    assert [r[1] for r in members[7:]] == ["'" + attack for attack in ATTACKS]

    # The member sheet, as it is, into another installation: the names come back without the
    # apostrophe that kept them from running.
    other = tmp_path / "other"
    other.mkdir()
    assert butpha(other, "init", "--org", "Đảng bộ mới").returncode == 0
    sheet_only = Workbook()
    ws = sheet_only.active
    assert ws is not None
    for row in members:
        ws.append(row)
    sheet_only.save(other / "members.xlsx")
    again = butpha(other, "import-members", "members.xlsx", language="en")
    assert again.returncode == 0, again.stderr
    assert "10 created" in again.stdout
    assert _names(other / "org.sqlite3") == _names(org / "org.sqlite3")
