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
    grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    grid.style = "Table Grid"
    for index, column in enumerate(table.columns):
        cell = grid.rows[0].cells[index]
        cell.text = column.title
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for r, row in enumerate(rows, start=1):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=False)):
            cell = grid.rows[r].cells[index]
            cell.text = _cell_text(value, column.kind, t)
            if column.kind is not ColumnKind.TEXT:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if table.total is not None and r == len(rows):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
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
    """``charts`` by the section's sheet name."""
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
        image = charts.get(section.sheet)
        if image is not None:
            document.add_picture(BytesIO(image), width=Cm(16))
    out = BytesIO()
    document.save(out)
    return out.getvalue()
