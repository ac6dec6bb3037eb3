"""Forms (the conversations that ask one question after another) and what is typed beside them:
/huy with nothing open, another command while a form waits, another form while one is open."""

from __future__ import annotations

from bot.sandbox.models import SandboxUser
from tests.e2e.conftest import World

STILL_OPEN = (
    "📝 Việc đăng ký công việc đang dở vẫn chờ câu trả lời của đồng chí (câu hỏi ở trên). "
    "Đồng chí trả lời tiếp, hoặc gửi /huy để dừng."
)


def _texts(world: World, user: SandboxUser) -> list[str]:
    return [m.text or "" for m in world.sandbox.messages(user.id)]


async def test_cancel_with_nothing_open_says_there_is_nothing_to_cancel(world: World) -> None:
    member = await world.join("A2")
    answer = await world.say(member, "/huy")
    assert answer.text == "Không có việc gì đang dở để hủy."


async def test_a_command_mid_form_is_answered_and_the_form_waits(world: World) -> None:
    await world.open_year(approval=False)
    member = await world.join("A2")
    first = await world.say(member, "/dangky")
    assert "Bước 1/3" in (first.text or "")

    # Another command: answered, then the member is told the form still waits.
    sent = await world.sandbox.send_text(member, "/tiendo")
    await world.sandbox.wait_for_message(
        member.id, lambda m: m.text == STILL_OPEN, after=sent["message_id"]
    )
    answers = [
        m.text for m in world.sandbox.messages(member.id) if m.message_id > sent["message_id"]
    ]
    assert answers == [
        f"Đồng chí chưa đăng ký công việc bứt phá nào cho năm {world.clock.now().year}. "
        "Gửi /dangky để đăng ký.\n\n"
        "Chi bộ Phòng Đào tạo, đã đăng ký: đảng viên 0/2 (0%) · quần chúng 0/1 (0%)",
        STILL_OPEN,
    ]

    # What is typed next is the answer to the question the form asked.
    second = await world.say(member, "Viết giáo trình Kỹ năng lãnh đạo")
    assert "Bước 2/3" in (second.text or "")

    # /huy ends the form; nothing is left open to remind of.
    assert (await world.say(member, "/huy")).text == "Đã hủy đăng ký, chưa có gì được lưu."
    after = await world.say(member, "/tiendo")
    await world.sandbox.wait_until_idle(quiet=0.2)
    assert _texts(world, member)[-1] == after.text and STILL_OPEN not in _texts(world, member)[-1]


async def test_another_form_waits_until_the_open_one_is_finished_or_stopped(world: World) -> None:
    await world.open_year(approval=False)
    secretary = await world.join("A1")
    await world.say(secretary, "/dangky")
    refused = await world.say(secretary, "/thongbao")
    assert refused.text == (
        "Đồng chí đang đăng ký công việc dở. Trả lời tiếp câu hỏi ở trên, hoặc gửi /huy để "
        "dừng việc đó rồi gửi lại lệnh."
    )
    # The notice was not started: the next words are the task's title.
    assert "Bước 2/3" in ((await world.say(secretary, "Viết giáo trình")).text or "")
    await world.say(secretary, "/huy")
    started = await world.say(secretary, "/thongbao")
    assert (started.text or "").startswith("📢 Gửi tới:")
