"""What the fuzz test (test_fuzz.py) found, one case each: updates a member can send that once
made the bot fail inside (an apology instead of an answer) or send what Telegram refuses."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from bot.domain.broadcasts import Audience
from bot.domain.meetings import MeetingKind, MeetingRequest
from bot.domain.model import Channel
from bot.sandbox.models import SandboxUser
from handlers.meetings.meeting_reminder import Absent
from handlers.tasks.approval_list import ApproveTask
from tests.e2e.conftest import World

SORRY = "Xin lỗi, hệ thống vừa gặp trục trặc. Đồng chí vui lòng thử lại sau ít phút."
NOWHERE = 999_999  # a message id Telegram no longer gives the bot (an "inaccessible message")


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def popup(world: World, user: SandboxUser, message_id: int, data: str) -> str | None:
    """Press (or forge) a button and return the popup it got."""
    query_id = await world.sandbox.press_callback(user, message_id, data)
    await world.sandbox.wait_until_idle(quiet=0.2)
    [answer] = [a for a in world.sandbox.callback_answers if a["callback_query_id"] == query_id]
    text: str | None = answer["text"]
    return text


async def test_an_anonymous_group_admin_is_told_why_the_bot_cannot_link_the_group(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    group = world.sandbox.create_group("Chi bộ Phòng Đào tạo")
    anonymous = (
        "Tôi không biết ai đang viết: tin nhắn được gửi dưới danh nghĩa của chính nhóm (quản trị "
        "viên ẩn danh). Bí thư chi bộ xin tắt «Ẩn danh» (Remain anonymous) trong quyền quản trị "
        "của mình, rồi gửi lại {command} trong nhóm này."
    )
    # As Telegram sends it (a stand-in sender, @GroupAnonymousBot), and with no sender at all.
    for fake_sender in (True, False):
        for command in ("/lienketnhom", "/huylienket"):
            sent = await world.sandbox.send_as_group(group, command, fake_sender=fake_sender)
            answer = await world.sandbox.wait_for_message(group, after=sent["message_id"])
            assert answer.text == anonymous.format(command=command)
    assert errors(caplog) == []
    # The secretary, writing as themselves, links it.
    secretary = await world.join("A1")
    linked = await world.say(secretary, "/lienketnhom", chat_id=group)
    assert (linked.text or "").startswith("✅ Nhóm này đã được liên kết với Chi bộ Phòng Đào tạo.")


async def test_a_button_on_a_message_the_bot_can_no_longer_change_is_answered_anew(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    binh = await world.join("A2")
    settings = await world.say(binh, "/caidat")
    mute = next(b.callback_data for b in settings.buttons() if "Hội thảo" in b.text)
    assert mute is not None
    await popup(world, binh, NOWHERE, mute)
    newest = world.sandbox.last_message(binh.id)
    assert newest is not None and newest.message_id > settings.message_id
    assert "Cài đặt nhắc việc" in newest.content and "• Hội thảo: 🔕 tắt" in newest.content

    created = await world.services.meetings.create(
        None,
        MeetingRequest(
            kind=MeetingKind.CELL_MEETING,
            title="Sinh hoạt chi bộ tháng 3",
            starts=datetime(world.clock.now().year, 3, 20, 14, 0),
            cells=("Phòng Đào tạo",),
        ),
    )
    [meeting] = created.meeting_ids
    await popup(world, binh, NOWHERE, Absent(meeting).pack())
    reasons = world.sandbox.last_message(binh.id)
    assert reasons is not None and reasons.text == "Vì sao đồng chí vắng mặt?"
    assert [b.text for b in reasons.buttons()] == ["Công tác", "Ốm", "Việc riêng", "Khác"]
    await world.press(binh, reasons, "Ốm")
    answered = world.sandbox.last_message(binh.id)
    assert answered is not None and "❌ Đã ghi nhận: đồng chí vắng mặt (Ốm)." in answered.content
    assert errors(caplog) == []


async def test_a_task_card_with_no_button_for_its_reader_is_shown(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    """The committee opens a task another secretary approved meanwhile: nothing to press."""
    await world.open_year()
    binh, secretary, committee = [await world.join(code) for code in ("A2", "A1", "B3")]
    await world.say(binh, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    await world.sandbox.wait_until_idle(quiet=0.2)
    listed = await world.say(committee, "/duyet")
    view = next(b for b in listed.buttons() if (b.callback_data or "").startswith("tk:v:"))
    identity = await world.services.membership.identify(Channel.TELEGRAM, str(secretary.id))
    assert identity is not None
    [task] = [p.task for p in await world.services.approvals.pending(identity)]
    await world.services.approvals.approve(identity, task.id)
    await world.press(committee, listed, view.text)
    card = world.sandbox.last_message(committee.id)
    assert card is not None and card.text is not None
    assert card.text.startswith("Viết giáo trình") and card.buttons() == []
    assert errors(caplog) == []


async def test_the_last_decided_task_leaves_the_approval_list_with_its_buttons(
    world: World,
) -> None:
    await world.open_year()
    binh, secretary = await world.join("A2"), await world.join("A1")
    await world.say(binh, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    listed = await world.say(secretary, "/duyet")
    approve = next(
        b for b in listed.buttons() if (b.callback_data or "").startswith(ApproveTask.prefix)
    )
    await world.press(secretary, listed, approve.text)
    assert listed.buttons() == []  # the sandbox's message, as it stands now


async def test_odd_numbers_in_forged_buttons_are_refused_quietly(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.open_year()
    secretary = await world.join("A1")
    invite = await world.say(secretary, "/moi")
    for data in (
        "tk:o:100000000000000000000000000000",  # beyond SQLite's integers
        "tk:p:9223372036854775808:50",
        "prg:n:9223372036854775808",
        "inv:m:²",  # a digit to str.isdigit, not to int
        "pub:l:²",
        "ap:y:٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣",
    ):
        assert await popup(world, secretary, invite.message_id, data) != SORRY, data
    assert errors(caplog) == []
    assert "/moi" in (await world.say(secretary, "/trogiup")).content


async def test_whatever_is_pasted_after_a_command_the_answer_fits_one_message(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    committee = await world.join("B3")
    pasted = ("Chi bộ không có thật " * 200)[:4080]  # the most a message may hold, nearly
    answer = await world.say(committee, f"/tiendo {pasted}")
    assert answer.content.startswith("Không có chi bộ nào tên Chi bộ không có thật")
    assert len(answer.content) < 500
    # Every command that reads what follows it, with the page pasted (and a "|" to split on).
    await world.open_year()
    for command in ("/molai", "/nam", "/khaudotpha", "/viectapthe", "/dangky", "/chuyencan",
                    "/diemdanh", "/moi", "/congkhai"):  # fmt: skip
        for text in (pasted, f"{pasted[:3000]} | {pasted[:1000]}"):
            sent = await world.sandbox.send_text(committee, f"{command} {text}")
            reply = await world.sandbox.wait_for_message(committee.id, after=sent["message_id"])
            assert len(reply.content) < 4096, command
            await world.say(committee, "/huy")  # a form it may have opened
    assert errors(caplog) == []


async def test_breakthrough_areas_are_checked_before_they_are_saved(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.open_year(areas=["Đào tạo", "Nghiên cứu"])
    committee = await world.join("B3")
    long_name = "Nâng cao chất lượng " * 6  # 120 characters
    answer = await world.say(committee, f"/khaudotpha Đào tạo; {long_name}")
    assert "Tên khâu đột phá quá dài (119 ký tự; tối đa 100)." in answer.content
    answer = await world.say(committee, "/khaudotpha Đào tạo; Nghiên cứu; đào tạo")
    assert "Khâu «đào tạo» được viết hai lần." in answer.content
    answer = await world.say(committee, "/khaudotpha " + "; ".join(f"Khâu {n}" for n in range(11)))
    assert "Mỗi năm có tối đa 10 khâu đột phá." in answer.content
    year = await world.services.years.current()
    assert year is not None and [a.name for a in year.areas] == ["Đào tạo", "Nghiên cứu"]
    theme = "Bứt phá " * 30
    answer = await world.say(
        committee, f"/nam {year.year} | {theme} | 01/01/{year.year} | 31/12/{year.year}"
    )
    assert "Chủ đề quá dài (239 ký tự; tối đa 200)." in answer.content
    assert errors(caplog) == []


async def test_someone_elses_notice_report_is_refused_in_a_popup(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    binh = await world.join("A2")
    sent = await world.services.broadcasts.send(None, Audience.organisation(), "Họp chi bộ.")
    help_text = await world.say(binh, "/trogiup")
    text = await popup(world, binh, help_text.message_id, f"bcr:v:{sent.id}")
    assert text == "Không có thông báo này, hoặc đồng chí không theo dõi được thông báo này."
    assert errors(caplog) == []


async def test_a_member_who_blocked_the_bot_while_it_answered_is_no_error(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    binh = await world.join("A2")
    settings = await world.say(binh, "/caidat")
    world.sandbox.block_bot(binh)
    query_id = await world.sandbox.press_callback(
        binh, settings.message_id, settings.buttons()[0].callback_data or ""
    )
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert any(a["callback_query_id"] == query_id for a in world.sandbox.callback_answers)
    assert errors(caplog) == []


async def test_an_odd_digit_for_the_area_is_asked_again(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    await world.open_year(areas=["Đào tạo", "Nghiên cứu"])
    binh = await world.join("A2")
    for answer in ("/dangky", "Viết giáo trình", "01 giáo trình", "quý 3"):
        await world.say(binh, answer)
    again = await world.say(binh, "²")  # a digit to str.isdigit, not to int
    assert "Xin chọn một trong các khâu đột phá." in again.content
    assert errors(caplog) == []
