"""/baocao through the sandbox: the committee gets the six months' summary (the progress
message edited into it), the charts as pictures, and the workbook and the document draft as
files that open with the figures; a cell secretary gets their cell's; a plain member is refused
politely; words the bot cannot read get examples; a page button pressed by someone the report
is not for is refused and audited."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from io import BytesIO

from docx import Document
from openpyxl import load_workbook

from bot.sandbox.models import SentMessage
from tests.e2e.conftest import World
from tests.period_report_seed import seed_year

PROGRESS = "⏳ Đang tổng hợp báo cáo…"


def _is_summary(message: SentMessage) -> bool:
    return (message.text or "").startswith("Báo cáo")


def _is_draft(message: SentMessage) -> bool:
    return message.document is not None and message.document["file_name"].endswith(".docx")


async def _files_sent(world: World, chat: int, summary: SentMessage) -> None:
    """The files come last, from a task of their own: wait for the draft."""
    await world.sandbox.wait_for_message(chat, _is_draft, after=summary.message_id, timeout=60)


async def test_the_committee_gets_the_summary_the_charts_and_both_files(world: World) -> None:
    year = world.clock.now().year
    await asyncio.to_thread(seed_year, world.database, year)  # the bot writes meanwhile
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    summary = await world.say(giang, "/baocao 6thang", predicate=_is_summary)
    # One message: the progress note, edited into the summary's first page.
    assert summary.history == [PROGRESS]
    text = summary.text or ""
    lines = text.splitlines()
    assert lines[0] == f"Báo cáo 6 tháng đầu năm {year} — Đảng bộ Trường Chính trị"
    assert [e["type"] for e in summary.entities][:1] == ["bold"]
    assert "❌ Chưa đạt:" in lines
    assert "• Sinh hoạt chi bộ hằng tháng: 1 chi bộ thiếu tháng (Liên khoa)" in lines
    assert "• Tỷ lệ dự sinh hoạt 6/7 (85,71%) (yêu cầu trên 85%)" in lines
    await _files_sent(world, giang.id, summary)
    sent = world.sandbox.messages(giang.id)
    pictures = [m for m in sent if m.photo]
    assert [m.caption for m in pictures] == ["Sinh hoạt chi bộ", "Công việc bứt phá"]
    documents = {m.document["file_name"]: m for m in sent if m.document}
    stem = f"bao-cao-6m-{year}-dang-bo-truong-chinh-tri"
    assert set(documents) == {f"{stem}.xlsx", f"{stem}.docx"}
    workbook = world.sandbox.file(documents[f"{stem}.xlsx"].document["file_id"])  # type: ignore[index]
    assert workbook is not None
    book = load_workbook(BytesIO(workbook.data))
    assert "Sinh hoạt chi bộ" in book.sheetnames
    draft = world.sandbox.file(documents[f"{stem}.docx"].document["file_id"])  # type: ignore[index]
    assert draft is not None
    document = Document(BytesIO(draft.data))
    assert document.paragraphs[0].text == lines[0]
    assert any("đảng viên đạt 3/5 (60%)" in p.text for p in document.paragraphs)
    # Files come after the summary.
    assert summary.message_id < min(m.message_id for m in documents.values())


async def test_a_secretary_gets_their_cell_only(world: World) -> None:
    year = world.clock.now().year
    await asyncio.to_thread(seed_year, world.database, year)  # the bot writes meanwhile
    dung = await world.join("B1", "Dung")  # secretary of Liên khoa
    summary = await world.say(dung, "/baocao 6thang", predicate=_is_summary)
    text = summary.text or ""
    heading = f"Báo cáo của Chi bộ Liên khoa, 6 tháng đầu năm {year}"
    assert text.splitlines()[0] == heading
    assert "Phòng Đào tạo" not in text
    await _files_sent(world, dung.id, summary)
    documents = {
        m.document["file_name"].rsplit(".", 1)[1]: m
        for m in world.sandbox.messages(dung.id)
        if m.document
    }
    stored = world.sandbox.file(documents["xlsx"].document["file_id"])  # type: ignore[index]
    assert stored is not None
    book = load_workbook(BytesIO(stored.data))
    cells = [r[0].value for r in book["Đảng viên, quần chúng"].iter_rows(min_row=4)]
    assert cells == ["Liên khoa", "Tổng cộng"]
    draft = world.sandbox.file(documents["docx"].document["file_id"])  # type: ignore[index]
    assert draft is not None
    document = Document(BytesIO(draft.data))
    assert document.paragraphs[0].text == heading
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    # The cell's own study figures too: its three party members at the session for everyone.
    assert "3. Học tập nghị quyết, chuyên đề" in headings
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Phòng Đào tạo" not in body


async def test_targets_set_in_chat_are_in_the_report_and_its_chart(world: World) -> None:
    year = world.clock.now().year
    await asyncio.to_thread(seed_year, world.database, year)  # the bot writes meanwhile
    giang = await world.join("B3", "Giang")  # Đảng ủy viên
    added = await world.say(giang, "/chitieu them Lớp đào tạo; ≥ 22; lớp; đào tạo")
    found = re.search(r"№(\d+)", added.text or "")
    assert found is not None, added.text
    saved = await world.say(giang, f"/chitieu {found.group(1)} 13 Đến hết tháng 2")
    assert "✅ Đã lưu số liệu." in (saved.text or "")
    summary = await world.say(giang, "/baocao 6thang", predicate=_is_summary)
    await _files_sent(world, giang.id, summary)
    sent = world.sandbox.messages(giang.id)
    pictures = [m.caption for m in sent if m.photo]
    assert pictures == ["Sinh hoạt chi bộ", "Công việc bứt phá", "Chỉ tiêu"]
    [draft_message] = [m for m in sent if _is_draft(m)]
    draft = world.sandbox.file(draft_message.document["file_id"])  # type: ignore[index]
    assert draft is not None
    document = Document(BytesIO(draft.data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Lớp đào tạo: 13/22 lớp (59,09%)" in body
    images = [r for r in document.part.rels.values() if "image" in r.reltype]
    assert len(images) == 3


async def test_a_member_is_refused_and_bad_words_get_examples(world: World) -> None:
    binh = await world.join("A2", "Bình")  # a plain member
    refused = await world.say(binh, "/baocao 6thang")
    assert refused.text == (
        "Báo cáo định kỳ dành cho Đảng ủy, Ủy ban Kiểm tra và bí thư chi bộ (báo cáo của chi "
        "bộ mình). Đồng chí hỏi bí thư chi bộ để biết số liệu."
    )
    # Nothing was started for them: no progress message, no file.
    await world.sandbox.wait_until_idle()
    assert not any(
        PROGRESS in (m.text or "") or m.document for m in world.sandbox.messages(binh.id)
    )
    giang = await world.join("B3", "Giang")
    unknown = await world.say(giang, "/baocao hom qua <b>")
    assert (unknown.text or "").startswith(
        "Chưa hiểu kỳ báo cáo «hom qua <b>». Đồng chí gõ một tháng (thang3)"
    )
    assert "Ví dụ: /baocao 6thang 2020" in (unknown.text or "")
    backwards = await world.say(giang, "/baocao 30/06/2020-01/01/2020")
    assert (backwards.text or "").startswith(
        "Kỳ «30/06/2020-01/01/2020» kết thúc trước khi bắt đầu."
    )


async def test_a_forged_page_button_is_refused_and_audited(world: World) -> None:
    binh = await world.join("A2", "Bình")
    year = world.clock.now().year
    welcome = world.sandbox.messages(binh.id)[-1]
    await world.sandbox.press_callback(
        binh, welcome.message_id, f"rp:p:6m:{year}0101:{year}0630:{year}0302:1"
    )
    await world.all_handled()
    await world.sandbox.wait_until_idle()
    with sqlite3.connect(world.database) as conn:
        (audited,) = conn.execute(
            "SELECT count(*) FROM audit_log WHERE event = 'period_report_refused'"
        ).fetchone()
    assert audited == 1
    assert not any(_is_summary(m) for m in world.sandbox.messages(binh.id))
