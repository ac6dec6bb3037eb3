"""An item of the adopted programme taken through every step from its card in /kiemtra, by the
people the procedure names: the committee decides (the decision's reference asked), the lead
notifies the target (the due date asked, ten days by default), records the self-report,
verifies and concludes (a summary asked), the committee notifies the conclusion, the lead
follows remediation and closes once every action is verified. Each step refused to whoever may
not take it, forged buttons audited; the target sees nothing before being notified, another
member never sees the item or its conclusion."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.inspections.model import ItemState
from bot.sandbox.models import SandboxUser, SentMessage
from tests.e2e.conftest import World, eventually
from tests.e2e.test_inspection_followup import CONTENT, _rows, _who, setup_item

SUMMARY = "Chấp hành tốt; còn hạn chế về nêu gương. Hồ sơ số 12/KL"


async def _card(world: World, user: SandboxUser, item_id: int) -> SentMessage:
    return await world.say(
        user, f"/kiemtra {item_id}", predicate=lambda m: "Trạng thái:" in (m.text or "")
    )


def _latest(world: World, user: SandboxUser) -> SentMessage:
    message = world.sandbox.last_message(user.id)
    assert message is not None
    return message


def _labels(message: SentMessage) -> list[str]:
    return [b.text for b in message.buttons()]


def _state(world: World, item_id: int) -> str:
    [(state,)] = _rows(world, f"SELECT state FROM inspection_items WHERE id = {item_id}")
    return str(state)


def _refusals(world: World) -> int:
    [(count,)] = _rows(
        world, "SELECT count(*) FROM audit_log WHERE event = 'inspection_access_refused'"
    )
    assert isinstance(count, int)
    return count


async def _forge(world: World, user: SandboxUser, message: SentMessage, data: str) -> str:
    """Press a button the bot never gave ``user``; the popup's text."""
    seen = len(world.sandbox.callback_answers)
    await world.sandbox.press_callback(user, message.message_id, data)
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    answer = world.sandbox.callback_answers[-1]
    assert answer.get("show_alert"), answer
    return str(answer.get("text"))


async def test_an_item_through_every_step_by_those_allowed(world: World) -> None:
    year = world.clock.now().year
    item_id = await setup_item(world.services, world.database, year, ItemState.PLANNED)
    giang = await world.join("B3", "Giang")  # the committee
    hung = await world.join("A4", "Hùng")  # the lead, an inspector
    em = await world.join("B2", "Em")  # the member inspected
    binh = await world.join("A2", "Bình")  # another member

    # The target knows nothing while it is planned: /kiemtra lists nothing, the card refuses.
    listing = await world.say(em, "/kiemtra")
    assert CONTENT not in (listing.text or "")
    assert "/kiemtra cho xem chương trình kiểm tra, giám sát của năm" in (listing.text or "")
    refused = await world.say(em, f"/kiemtra {item_id}")
    assert refused.text == (
        "Nội dung này của chương trình kiểm tra, giám sát không tồn tại hoặc đồng chí không "
        "có quyền xem."
    )

    # The lead does not decide: no button, and a forged one is refused with the reason.
    card = await _card(world, hung, item_id)
    assert "Trưởng đoàn: Đặng Văn Hùng" in (card.text or "")
    assert "📝 Ra quyết định" not in _labels(card)
    before = _refusals(world)
    said = await _forge(world, hung, card, f"ikt:s:{item_id}:decided")
    assert said == "Đồng chí không phải là người thực hiện bước này của nội dung."
    await eventually(lambda: _refusals(world) == before + 1)
    assert _state(world, item_id) == "planned"

    # The committee decides, with the decision's reference (or «Bỏ qua»).
    card = await _card(world, giang, item_id)
    await world.press(giang, card, "📝 Ra quyết định")
    assert "viết số quyết định" in (_latest(world, giang).text or "")
    decided = await world.say(
        giang, "12-QĐ/ĐU", predicate=lambda m: "Trạng thái:" in (m.text or "")
    )
    assert "Trạng thái: đã ra quyết định" in (decided.text or "")
    assert "Quyết định: 12-QĐ/ĐU" in (decided.text or "")

    # The lead notifies the target; the due date asked, ten days by default.
    card = await _card(world, hung, item_id)
    await world.press(hung, card, "📨 Thông báo cho đối tượng")
    asked = _latest(world, hung)
    assert "Hạn nộp báo cáo tự kiểm tra" in (asked.text or "")
    due = world.services.inspection_listing.today() + timedelta(days=10)
    await world.press(hung, asked, f"📅 {due:%d/%m/%Y} (sau 10 ngày)")
    await world.sandbox.wait_until_idle(quiet=0.1)
    assert any(
        f"📨 Đã thông báo: hạn báo cáo tự kiểm tra là {due:%d/%m/%Y}" in (m.text or "")
        for m in world.sandbox.messages(hung.id)
    )
    assert _state(world, item_id) == "notified"

    # Now the target sees it in /kiemtra, with no step to take.
    listing = await world.say(em, "/kiemtra")
    assert f"№{item_id} Kiểm tra: đảng viên Hoàng Văn Em (Liên khoa)" in (listing.text or "")
    card = await _card(world, em, item_id)
    assert [b for b in _labels(card) if b != "◀ Chương trình"] == []

    # The lead (the team) records the self-report and verifies; the target may not.
    said = await _forge(world, em, card, f"ikt:s:{item_id}:self_report_received")
    assert said == "Đồng chí không phải là người thực hiện bước này của nội dung."
    for step in ("📥 Đã nhận báo cáo tự kiểm tra", "🔎 Bắt đầu thẩm tra"):
        card = await _card(world, hung, item_id)
        await world.press(hung, card, step)
    assert _state(world, item_id) == "verifying"

    # The lead concludes with a short summary.
    card = await _card(world, hung, item_id)
    await world.press(hung, card, "⚖️ Kết luận")
    assert "Viết tóm tắt kết luận" in (_latest(world, hung).text or "")
    done = await world.say(hung, SUMMARY, predicate=lambda m: "Trạng thái:" in (m.text or ""))
    assert f"Tóm tắt kết luận: {SUMMARY}" in (done.text or "")
    assert _state(world, item_id) == "concluded"

    card = await _card(world, giang, item_id)
    await world.press(giang, card, "📣 Thông báo kết luận")
    assert _state(world, item_id) == "conclusion_notified"
    # The member inspected is told the conclusion, in a message of its own; nobody else is.
    told = await world.sandbox.wait_for_message(
        em.id, lambda m: "📣 Kết luận đã được thông báo" in (m.text or "")
    )
    assert SUMMARY in (told.text or "")
    assert f"/kiemtra {item_id}" in (told.text or "")
    assert not any(SUMMARY in (m.text or "") for m in world.sandbox.messages(binh.id))

    # Remediation: an action, done by the target but not yet verified, keeps the item open.
    lead, target = (
        await _who(world.services, world.database, "A4"),
        await _who(world.services, world.database, "B2"),
    )
    remediation = world.services.remediation
    added = await remediation.add(
        lead, item_id, "Viết bản kiểm điểm bổ sung", target.member.id, date(year, 6, 30)
    )
    card = await _card(world, hung, item_id)
    await world.press(hung, card, "🛠 Đang khắc phục")
    await remediation.mark_done(target, added.action.id, note="Đã nộp chi bộ")
    card = await _card(world, hung, item_id)
    assert "1. Viết bản kiểm điểm bổ sung — Hoàng Văn Em" in (card.text or "")
    seen = len(world.sandbox.callback_answers)
    await world.press(hung, card, "✅ Kết thúc nội dung")
    await eventually(lambda: len(world.sandbox.callback_answers) > seen)
    assert world.sandbox.callback_answers[-1]["text"] == (
        "Còn 1 việc khắc phục chưa được xác nhận: trưởng đoàn xác nhận trước khi kết thúc."
    )
    assert _state(world, item_id) == "remediating"
    await remediation.verify(lead, added.action.id)
    card = await _card(world, hung, item_id)
    await world.press(hung, card, "✅ Kết thúc nội dung")
    assert _state(world, item_id) == "closed"

    # The card's history says who did what, step by step.
    card = await _card(world, em, item_id)
    text = card.text or ""
    assert f"Tóm tắt kết luận: {SUMMARY}" in text  # the target reads their conclusion
    for line in (
        "Võ Thị Giang: đã ra quyết định",
        "Đặng Văn Hùng: đã thông báo cho đối tượng",
        "Đặng Văn Hùng: đã kết luận",
        "Hoàng Văn Em: báo hoàn thành việc khắc phục",
        "Đặng Văn Hùng: đã kết thúc",
    ):
        assert line in text, line

    # Another member: nothing in /kiemtra, the card refused and audited, never the conclusion.
    listing = await world.say(binh, "/kiemtra")
    assert CONTENT not in (listing.text or "")
    before = _refusals(world)
    said = await _forge(world, binh, listing, f"ikt:o:{item_id}")
    assert said.startswith("Nội dung này của chương trình kiểm tra, giám sát không tồn tại")
    await eventually(lambda: _refusals(world) == before + 1)
    assert not any(SUMMARY in (m.text or "") for m in world.sandbox.messages(binh.id))
