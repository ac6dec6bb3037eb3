"""The year-end review and rating through the sandbox: the committee opens a cycle in one line;
a member writes the self-review by questions (a mismatch with the conditions explained) or
sends the filled form; the cell secretary reminds, proposes with votes, reviews the cell and
sends the list; the committee decides with a reason and sees the distribution; publication
tells each member their own level once; a member who forges buttons is refused and audited."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

import pytest

from bot import formatting
from bot.domain.dues.model import DuesState
from bot.domain.model import Channel, Identity
from bot.domain.ratings.levels import Level
from bot.domain.ratings.records import NotRated
from bot.domain.tasks import TaskDraft, TaskStatus
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually, outbox_drained

ANSWERS = [
    "Hoàn thành đúng hạn các việc được giao",
    "Báo cáo tiến độ còn chậm",
    "Chưa sắp xếp thời gian hợp lý",
    "Lập kế hoạch tuần",
    "Tích cực học tập nghị quyết",
    "Đi đầu trong chuyển đổi số",
]


def rows(world: World, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(world.database) as conn:
        return conn.execute(sql, params).fetchall()


def member_id(world: World, code: str) -> int:
    [(found,)] = rows(world, "SELECT id FROM members WHERE member_code = ?", code)
    return int(found)


async def identity(world: World, user: SandboxUser) -> Identity:
    found = await world.services.membership.identify(Channel.TELEGRAM, str(user.id))
    assert found is not None
    return found


def latest(world: World, user: SandboxUser) -> SentMessage:
    found = world.sandbox.last_message(user.id)
    assert found is not None
    return found


def now_shown(world: World, message: SentMessage) -> SentMessage:
    """The message as it stands now (after the bot edited it)."""
    return next(
        m for m in world.sandbox.messages(message.chat_id) if m.message_id == message.message_id
    )


def refusals(world: World) -> int:
    [(count,)] = rows(world, "SELECT count(*) FROM audit_log WHERE event = 'rating_access_refused'")
    return int(count)


async def open_by_line(world: World, giang: SandboxUser) -> SentMessage:
    year = world.clock.now().year
    return await world.say(
        giang, f"/xeploai mo {year} | 10/12/{year} | 20/12/{year} | 28/12/{year}"
    )


async def open_by_service(world: World) -> None:
    year = world.clock.now().year
    await world.services.rating_cycles.open(
        None,
        year=year,
        quarter=None,
        self_review_due=date(year, 12, 10),
        cells_by=date(year, 12, 20),
        decision_by=date(year, 12, 28),
    )


async def forge(world: World, user: SandboxUser, message: SentMessage, data: str) -> str:
    seen = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(user, message.message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    answer = world.sandbox.callback_answers[-1]
    assert answer.get("show_alert"), answer
    return str(answer.get("text"))


async def test_a_cycle_opened_and_a_self_review_by_questions_with_a_mismatch(
    world: World,
) -> None:
    year = await world.open_year(approval=False)
    giang = await world.join("B3", "Giang")  # the committee
    em = await world.join("B2", "Em")

    # A plain member cannot open a cycle.
    refused = await world.say(
        em, f"/xeploai mo {year} | 10/12/{year} | 20/12/{year} | 28/12/{year}"
    )
    assert refused.text == "Chỉ Đảng ủy quyết định và công bố kết quả xếp loại."
    opened = await open_by_line(world, giang)
    assert f"🔓 Đã mở đợt đánh giá năm {year}: 5 đảng viên ở 2 chi bộ" in (opened.text or "")
    due = formatting.day(date(year, 12, 10), "vi")  # "Thứ Năm, 10/12/2026"
    assert f"Hạn nộp tự kiểm điểm: {due}" in (opened.text or "")

    # Em's four tasks, all on time, one exceeding: 25%, short of the 30% "excellent" asks.
    me = await identity(world, em)
    for number in range(4):
        registered = await world.services.tasks.register(
            me, TaskDraft(f"Việc số {number + 1}", "01 sản phẩm", date(year, 11, 30))
        )
        verdict = TaskStatus.EXCEEDED if number == 0 else TaskStatus.DONE
        await world.services.tasks.finish(me, registered.task.id, verdict)

    # Dues (the dues feature): January, the month due so far, recorded paid in cash.
    committee = await identity(world, giang)
    await world.services.dues_recording.record(
        committee, me.member.id, year, 1, DuesState.PAID, in_cash=True
    )

    shown = await world.say(em, "/tukiemdiem")
    text = shown.text or ""
    assert f"Tự kiểm điểm năm {year}" in text
    assert "Đảng phí: đã đóng 1/1 (100%) tháng" in text
    assert "Công việc hoàn thành đúng hạn: 4/4 (100%)" in text
    assert "Vượt yêu cầu: 1 (25%) — điều kiện ít nhất 30% để xếp «xuất sắc»: chưa đạt" in text
    await world.press(em, shown, "✍️ Trả lời từng câu hỏi")
    assert (latest(world, em).text or "").startswith("1/6 — Ưu điểm: năm nay đồng chí")
    # Too long an answer is refused and the question still waits: nothing is lost.
    long = await world.say(em, "x" * 700)
    assert (long.text or "").startswith("Mỗi câu trả lời tối đa 600 ký tự; câu này có 700 ký tự.")
    for answer in ANSWERS:
        asked = await world.say(em, answer)
    assert asked.text == "Mức tự xếp loại của đồng chí:"
    await world.press(em, asked, "Hoàn thành xuất sắc nhiệm vụ")
    assert "tự chấm bao nhiêu điểm" in (latest(world, em).text or "")
    saved = await world.say(em, "92")
    text = saved.text or ""
    assert "✅ Đã lưu bản tự kiểm điểm của đồng chí." in text
    assert "Mức tự xếp loại: Hoàn thành xuất sắc nhiệm vụ (92 điểm)" in text
    assert "≥ 90 điểm nhưng chưa đủ 30% công việc vượt yêu cầu (1/4)." in text
    assert "Mức phù hợp: Hoàn thành tốt nhiệm vụ." in text
    [(answers, level, score, file_id)] = rows(
        world,
        "SELECT answers, self_level, self_score, file_id FROM rating_entries WHERE member_id = ?",
        member_id(world, "B2"),
    )
    assert list(json.loads(answers).values()) == ANSWERS
    assert (level, score, file_id) == ("excellent", 92, None)

    again = await world.say(em, "/tukiemdiem")
    assert "Đồng chí đã nộp bản tự kiểm điểm (trả lời các câu hỏi)" in (again.text or "")


async def test_a_self_review_by_uploaded_form(world: World) -> None:
    await open_by_service(world)
    binh = await world.join("A2", "Bình")
    shown = await world.say(binh, "/tukiemdiem")
    assert "Công việc bứt phá: năm nay chưa có công việc nào trên bot." in (shown.text or "")
    upload = await world.sandbox.send_document_as_user(
        binh, b"%PDF-1.4 ban tu kiem diem", "tu-kiem-diem.pdf"
    )
    asked = await world.sandbox.wait_for_message(
        binh.id, lambda m: "Đã nhận bản tự kiểm điểm" in m.content, after=upload["message_id"]
    )
    await world.press(binh, asked, "Hoàn thành tốt nhiệm vụ")
    wrong = await world.say(binh, "tám mươi")
    assert wrong.text == "Điểm là một số nguyên từ 0 đến 100, ví dụ 85."
    saved = await world.say(binh, "80")
    assert "✅ Khớp với khung điểm và điều kiện." in (saved.text or "")
    [(file_id, kind, level)] = rows(
        world,
        "SELECT file_id, file_kind, self_level FROM rating_entries WHERE member_id = ?",
        member_id(world, "A2"),
    )
    assert file_id == upload["document"]["file_id"] and (kind, level) == ("document", "good")

    # The cell's secretary opens the form from Bình's card; another member may not.
    an = await world.join("A1", "An")
    roster = await world.say(an, "/xeploai")
    await world.press(an, roster, "Trần Thị Bình")
    card = now_shown(world, roster)
    assert "Bản tự kiểm điểm được gửi dưới dạng bản đã điền (document)." in (card.text or "")
    await world.press(an, card, "📎 Xem bản tự kiểm điểm đã điền")
    [sent] = [m for m in world.sandbox.messages(an.id) if m.document]
    assert sent.caption == "Trần Thị Bình"
    em = await world.join("B2", "Em")
    before = refusals(world)
    pointed = await world.say(em, "/xeploai")
    said = await forge(world, em, pointed, f"rt:f:{member_id(world, 'A2')}")
    assert said == "Đồng chí không có quyền xem bản kiểm điểm của đảng viên này."
    await eventually(lambda: refusals(world) == before + 1)
    assert not [m for m in world.sandbox.messages(em.id) if m.document]


async def test_proposals_decision_with_a_reason_and_publication_once(world: World) -> None:
    await open_by_service(world)
    dung = await world.join("B1", "Dung")  # secretary of Liên khoa
    giang = await world.join("B3", "Giang")  # the committee
    em = await world.join("B2", "Em")
    an = await world.join("A1", "An")  # secretary of Phòng Đào tạo
    binh = await world.join("A2", "Bình")
    await world.services.self_reviews.submit(
        await identity(world, em),
        answers={"strengths": "Nhiệt tình"},
        file_id=None,
        file_kind=None,
        level=Level.EXCELLENT,
        score=92,
        channel=Channel.TELEGRAM,
    )

    roster = await world.say(dung, "/xeploai")
    text = roster.text or ""
    assert "Kiểm điểm, xếp loại năm" in text and "Chi bộ Liên khoa" in text
    assert "Chưa nộp (2)" in text and "Đã nộp (1)" in text
    assert "Hoàng Văn Em — tự xếp: HTXSNV (92 điểm)" in text

    # The reminder to those not submitted: once a day each.
    await world.press(dung, roster, "🔔 Nhắc người chưa nộp (2)")
    assert world.sandbox.callback_answers[-1]["text"] == "🔔 Đã nhắc: 2."
    await world.press(dung, roster, "🔔 Nhắc người chưa nộp (2)")
    assert "ngày mai" in world.sandbox.callback_answers[-1]["text"]
    await outbox_drained(world)
    reminded = [m for m in world.sandbox.messages(giang.id) if "Bí thư chi bộ nhắc" in m.content]
    assert len(reminded) == 1

    # The cell's proposals after its meeting, with votes.
    await world.press(dung, roster, "Hoàng Văn Em")
    card = now_shown(world, roster)
    assert "Nhiệt tình" in (card.text or "")
    await world.press(dung, card, "🗳 Hoàn thành xuất sắc nhiệm vụ")
    assert "số phiếu tán thành" in (latest(world, dung).text or "")
    saved = await world.say(dung, "8/9")
    assert saved.text == "🗳 Đã lưu: Hoàng Văn Em — Hoàn thành xuất sắc nhiệm vụ (8/9 phiếu)."
    for code in ("B1", "B3"):
        await world.services.cell_ratings.propose(
            await identity(world, dung), member_id(world, code), Level.GOOD
        )
    roster = await world.say(dung, "/xeploai")
    await world.press(dung, roster, "🏛 Chi bộ tự đánh giá: HTTNV")
    await world.say(dung, "Đoàn kết; hoàn thành 12/12 chỉ tiêu")
    roster = await world.say(dung, "/xeploai")
    assert "Chi bộ tự đánh giá: Hoàn thành tốt nhiệm vụ — Đoàn kết" in (roster.text or "")
    await world.press(dung, roster, "📤 Gửi Đảng ủy")
    assert "✅ Danh sách đã gửi Đảng ủy." in (latest(world, dung).text or "")
    for code, level in (("A1", Level.GOOD), ("A2", Level.COMPLETE)):
        await world.services.cell_ratings.propose(
            await identity(world, an), member_id(world, code), level
        )

    # Levels before publication are visible to no member.
    mine = await world.say(em, "/tukiemdiem")
    assert "Đảng ủy xếp loại" not in (mine.text or "") and "HTXSNV" not in (mine.text or "")

    # The committee: the table and the distribution; a decision other than the proposal
    # asks a reason.
    overview = await world.say(giang, "/xeploai")
    text = overview.text or ""
    assert "HTXSNV 1 (20%; bằng 33,33% số HTTNV — vượt mức trần 20%)" in text
    assert "HTTNV trở lên 4/5 (80%) — chỉ tiêu trên 90%: chưa đạt" in text
    assert "⚠️ Chỉ tiêu 20% «HTXSNV»" in text and "tối đa chỉ được 16,67%" in text
    await world.press(giang, overview, "Liên khoa")
    await world.press(giang, now_shown(world, overview), "Hoàng Văn Em")
    card = now_shown(world, overview)
    assert "⭐ Hoàn thành xuất sắc nhiệm vụ" in [b.text for b in card.buttons()]
    await world.press(giang, card, "⚖️ Hoàn thành tốt nhiệm vụ")
    assert "Đồng chí viết lý do" in (latest(world, giang).text or "")
    decided = await world.say(giang, "Chưa đủ 30% công việc vượt yêu cầu")
    text = decided.text or ""
    assert "⚖️ Đã quyết định: Hoàng Văn Em — Hoàn thành tốt nhiệm vụ." in text
    assert "HTXSNV 0 (0%; bằng 0% số HTTNV — trong mức trần 20%)" in text
    [(reason,)] = rows(
        world,
        "SELECT decision_reason FROM rating_entries WHERE member_id = ?",
        member_id(world, "B2"),
    )
    assert reason == "Chưa đủ 30% công việc vượt yêu cầu"

    # Publishing: each member their own level, once; each secretary their cell's list.
    await world.press(giang, decided, "📣 Công bố kết quả xếp loại")
    confirm = latest(world, giang)
    await world.press(giang, confirm, "📣 Công bố")
    assert "📣 Đã công bố" in (now_shown(world, confirm).text or "")
    await outbox_drained(world)
    # The old confirmation pressed again (a stale button): nothing more is sent.
    again = await forge(world, giang, confirm, "rt:pub:1")
    assert again == "Chưa có đợt đánh giá nào đang mở. Đảng ủy mở đợt đánh giá bằng /xeploai."
    await outbox_drained(world)

    def published(user: SandboxUser) -> list[str]:
        return [
            m.content
            for m in world.sandbox.messages(user.id)
            if "Đảng ủy xếp loại đồng chí" in m.content
        ]

    assert published(em) == [
        f"Đã công bố kết quả kiểm điểm, xếp loại năm {world.clock.now().year}. Đảng ủy xếp "
        "loại đồng chí: Hoàn thành tốt nhiệm vụ."
    ]
    assert len(published(binh)) == 1 and "Hoàn thành nhiệm vụ" in published(binh)[0]
    assert "Hoàng" not in published(binh)[0]
    lists = [m.content for m in world.sandbox.messages(dung.id) if "Chi bộ Liên khoa:" in m.content]
    assert len(lists) == 1
    assert "Hoàng Văn Em: HTTNV" in lists[0] and "Trần Thị Bình" not in lists[0]
    mine = await world.say(em, "/tukiemdiem")
    assert "Đảng ủy xếp loại đồng chí: Hoàn thành tốt nhiệm vụ." in (mine.text or "")


async def test_a_member_is_refused_other_members_reviews_and_levels(world: World) -> None:
    await open_by_service(world)
    em = await world.join("B2", "Em")
    dung = await world.join("B1", "Dung")
    an = await world.join("A1", "An")
    shown = await world.say(em, "/xeploai")
    before = refusals(world)
    said = await forge(world, em, shown, f"rt:e:{member_id(world, 'B3')}")
    assert said == "Đồng chí không có quyền xem bản kiểm điểm của đảng viên này."
    said = await forge(world, em, shown, f"rt:d:{member_id(world, 'B2')}:excellent")
    assert said == "Đồng chí không có quyền xem bản kiểm điểm của đảng viên này."
    said = await forge(world, em, shown, f"rt:c:{(await identity(world, em)).cell.id}")
    assert said == "Đồng chí không có quyền xem bản kiểm điểm của đảng viên này."
    # Another cell's secretary may not propose for Liên khoa either.
    roster = await world.say(an, "/xeploai")
    said = await forge(world, an, roster, f"rt:p:{member_id(world, 'B2')}:excellent")
    assert said == "Đồng chí không có quyền xem bản kiểm điểm của đảng viên này."
    await eventually(lambda: refusals(world) == before + 4)
    assert rows(world, "SELECT count(proposed_level) FROM rating_entries") == [(0,)]
    assert dung  # the cell's own secretary is untouched
    # A plain member's /xeploai points to their own review.
    assert "/tukiemdiem" in (shown.text or "")


async def test_the_secretary_marks_not_rated_and_sick_leave(world: World) -> None:
    await open_by_service(world)
    dung = await world.join("B1", "Dung")
    em = await world.join("B2", "Em")
    roster = await world.say(dung, "/xeploai")
    await world.press(dung, roster, "Hoàng Văn Em")
    await world.press(dung, now_shown(world, roster), "🤒 Nghỉ ốm từ 3 tháng trở lên: không")
    card = now_shown(world, roster)
    assert "🤒 Nghỉ ốm từ 3 tháng trở lên: có" in [b.text for b in card.buttons()]
    await world.services.self_reviews.submit(
        await identity(world, em),
        answers={"strengths": "Nhiệt tình"},
        file_id=None,
        file_kind=None,
        level=Level.GOOD,
        score=80,
        channel=Channel.TELEGRAM,
    )
    checked = world.services.self_reviews.check(
        await world.services.self_reviews.mine(await identity(world, em)), Level.GOOD, 80
    )
    assert [m.kind.value for m in checked.mismatches] == ["sick_leave"]

    await world.press(dung, card, "🚫 Vào Đảng chưa đủ 6 tháng")
    card = now_shown(world, roster)
    assert "không xếp loại: vào Đảng chưa đủ 6 tháng" in (card.text or "")
    assert "↩️ Xếp loại trở lại" in [b.text for b in card.buttons()]
    mine = await world.say(em, "/tukiemdiem")
    text = mine.text or ""
    assert "Đồng chí không xếp loại trong đợt này: vào Đảng chưa đủ 6 tháng." in text
    # Still asked for the self-review (the rule for members admitted under six months).
    assert "✍️ Trả lời từng câu hỏi" in [b.text for b in mine.buttons()]
    [(reason, sick)] = rows(
        world,
        "SELECT not_rated, sick_leave FROM rating_entries WHERE member_id = ?",
        member_id(world, "B2"),
    )
    assert (reason, sick) == ("new_member", 1)


async def test_the_committee_opens_a_cycle_by_questions(world: World) -> None:
    year = world.clock.now().year
    giang = await world.join("B3", "Giang")
    nothing = await world.say(giang, "/xeploai")
    assert "Chưa có đợt đánh giá nào." in (nothing.text or "")
    assert f"/xeploai mo {year} |" in (nothing.text or "")
    await world.press(giang, nothing, "🔓 Mở đợt đánh giá")
    assert "1/4 — Đánh giá cho kỳ nào?" in (latest(world, giang).text or "")
    wrong = await world.say(giang, "năm sau")
    assert wrong.text == "Viết năm (2026) hoặc quý (Q4/2026)."
    asked = await world.say(giang, f"Q4/{year}")
    assert "2/4 — Hạn nộp bản tự kiểm điểm là ngày nào?" in (asked.text or "")
    await world.say(giang, f"10/12/{year}")
    await world.say(giang, f"20/12/{year}")
    opened = await world.say(giang, f"28/12/{year}")
    assert f"🔓 Đã mở đợt đánh giá quý 4 năm {year}: 5 đảng viên ở 2 chi bộ" in (opened.text or "")
    assert rows(world, "SELECT year, quarter FROM rating_cycles") == [(year, 4)]
    again = await world.say(giang, f"/xeploai mo Q4/{year} | 10/12 | 20/12 | 28/12")
    assert again.text == f"Đợt đánh giá Q4/{year} đã được mở rồi."


def png(width: int, height: int) -> bytes:
    """The head of a PNG image: enough for Telegram (and the sandbox) to read its size."""
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + width.to_bytes(4, "big")
        + height.to_bytes(4, "big")
        + b"\x08\x02\x00\x00\x00"
    )


async def test_a_self_review_by_a_photo_of_the_form(world: World) -> None:
    await open_by_service(world)
    binh = await world.join("A2", "Bình")
    await world.say(binh, "/tukiemdiem")
    photo = await world.sandbox.send_photo_as_user(binh, png(1200, 1600))
    asked = await world.sandbox.wait_for_message(
        binh.id, lambda m: "Đã nhận bản tự kiểm điểm" in m.content, after=photo["message_id"]
    )
    await world.press(binh, asked, "Hoàn thành tốt nhiệm vụ")
    saved = await world.say(binh, "80")
    assert "✅ Đã lưu bản tự kiểm điểm của đồng chí." in (saved.text or "")
    [(file_id, kind)] = rows(
        world,
        "SELECT file_id, file_kind FROM rating_entries WHERE member_id = ?",
        member_id(world, "A2"),
    )
    # The full image is kept, not Telegram's thumbnail.
    assert (file_id, kind) == (photo["photo"][-1]["file_id"], "photo")
    assert file_id != photo["photo"][0]["file_id"]


async def test_the_review_is_closed_once_the_cell_has_proposed(world: World) -> None:
    await open_by_service(world)
    an = await world.join("A1", "An")  # the secretary of Phòng Đào tạo
    binh = await world.join("A2", "Bình")
    await world.services.cell_ratings.propose(
        await identity(world, an), member_id(world, "A2"), Level.GOOD, (8, 9)
    )
    shown = await world.say(binh, "/tukiemdiem")
    text = shown.text or ""
    # Told at once, rather than after six questions: nothing to fill in, no buttons.
    assert text.endswith("Chi bộ đã họp xét xếp loại: không thể sửa bản tự kiểm điểm nữa.")
    assert not shown.buttons()
    # The level the cell proposed is still not shown before publication.
    assert "Hoàn thành tốt nhiệm vụ" not in text


async def test_an_exempted_member_is_not_asked_for_a_self_review(world: World) -> None:
    await open_by_service(world)
    an = await world.join("A1", "An")
    binh = await world.join("A2", "Bình")
    await world.services.rating_cycles.mark(
        await identity(world, an), member_id(world, "A2"), reason=NotRated.EXEMPTED
    )
    shown = await world.say(binh, "/tukiemdiem")
    text = shown.text or ""
    assert "Đồng chí không xếp loại trong đợt này: " in text
    assert "gửi bản tự kiểm điểm đã điền" not in text and not shown.buttons()
    assert "không thể sửa" not in text  # not "the cell has met": they were never asked
    # A file sent now starts nothing.
    upload = await world.sandbox.send_document_as_user(binh, b"%PDF-1.4", "tkd.pdf")
    await world.sandbox.wait_until_idle()
    later = [m for m in world.sandbox.messages(binh.id) if m.message_id > upload["message_id"]]
    assert not [m for m in later if "Đã nhận bản tự kiểm điểm" in m.content]
    assert rows(
        world, "SELECT submitted_at FROM rating_entries WHERE member_id = ?", member_id(world, "A2")
    ) == [(None,)]


@pytest.fixture
def unscored(monkeypatch: pytest.MonkeyPatch) -> None:
    """An organisation that does not score out of 100 (before the world reads its settings)."""
    monkeypatch.setenv("BUTPHA_RATING_SCORES", "false")


async def test_no_score_is_asked_when_the_organisation_does_not_score(
    unscored: None, world: World
) -> None:
    assert not world.services.self_reviews.rules.scores
    await open_by_service(world)
    binh = await world.join("A2", "Bình")
    shown = await world.say(binh, "/tukiemdiem")
    await world.press(binh, shown, "✍️ Trả lời từng câu hỏi")
    for answer in ANSWERS:
        asked = await world.say(binh, answer)
    await world.press(binh, asked, "Hoàn thành tốt nhiệm vụ")
    # Saved on the level's press: no "how many points" question.
    saved = latest(world, binh)
    text = saved.text or ""
    assert "✅ Đã lưu bản tự kiểm điểm của đồng chí." in text
    assert "tự chấm" not in text and "điểm)" not in text
    assert not [m for m in world.sandbox.messages(binh.id) if "tự chấm" in m.content]
    assert rows(
        world,
        "SELECT self_level, self_score FROM rating_entries WHERE member_id = ?",
        member_id(world, "A2"),
    ) == [("good", None)]
