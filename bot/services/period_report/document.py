"""A .docx draft of the report's figures section, for the committee to edit: the title, the
span, then a numbered heading per section with its sentences in the report's phrasing ("đạt
23/22 (104,55%)"), its table by cell and its chart (python-docx)."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from bot import formatting
from bot.i18n import Translator
from bot.services.period_report.content import ColumnKind, Section, Table

BODY_FONT = "Times New Roman"  # the party's documents are set in it
TABLE_ROWS_AT_MOST = 200  # more (a thousand cells) are in the workbook, not the draft


def _cell_text(value: object, kind: ColumnKind, t: Translator) -> str:
    if kind is ColumnKind.PERCENT and isinstance(value, float):
        return formatting.number(round(value * 100, 2), t.language) + "%"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return formatting.number(value, t.language)
    return "" if value is None else str(value)


def _table(document: DocumentType, table: Table, t: Translator) -> None:
    rows = table.rows[:TABLE_ROWS_AT_MOST]
    if table.total is not None:
        rows = [*rows, table.total]
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.paragraphs[0].add_run(column.title).bold = True
    last = len(rows) - 1
    for r, row in enumerate(rows):
        # One row at a time: python-docx finds a cell by walking the whole table, so reading
        # grid.rows[r].cells[c] for each cell would take seconds for a thousand cells.
        cells = grid.add_row().cells
        bold = table.total is not None and r == last
        for cell, column, value in zip(cells, table.columns, row, strict=False):
            paragraph = cell.paragraphs[0]
            paragraph.add_run(_cell_text(value, column.kind, t)).bold = bold or None
            if column.kind is not ColumnKind.TEXT:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if len(table.rows) > TABLE_ROWS_AT_MOST:
        document.add_paragraph(
            t(
                "The first {count} rows; every row is in the workbook.",
                count=formatting.number(TABLE_ROWS_AT_MOST, t.language),
            )
        )


def document_bytes(
    title: str,
    dates: str,
    found: list[Section],
    charts: dict[str, bytes],
    t: Translator,
) -> bytes:
    """``charts`` by the section's heading."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(13)
    document.add_heading(title, level=0)
    document.add_paragraph().add_run(dates).italic = True
    for number, section in enumerate(found, start=1):
        document.add_heading(f"{number}. {section.heading}", level=1)
        for sentence in section.sentences:
            document.add_paragraph(sentence, style="List Bullet")
        if section.table is not None:
            _table(document, section.table, t)
        image = charts.get(section.heading)
        if image is not None:
            document.add_picture(BytesIO(image), width=Cm(16))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
