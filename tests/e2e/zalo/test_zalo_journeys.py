"""A member on Zalo: the same assistant, through the Zalo sandbox over real HTTP."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode

from tests.e2e.zalo.conftest import ZaloWorld


async def test_a_zalo_user_is_told_what_the_bot_is_then_welcomed(zalo_world: ZaloWorld) -> None:
    lan = zalo_world.sandbox.create_user("Nguyễn Thị Lan")
    code = await zalo_world.code_for("A2")
    welcome = await zalo_world.say(lan, f"/start {code}", lambda m: "Chào mừng" in m.content)
    first, second = zalo_world.sandbox.messages(lan.id)
    assert "trợ lý tự động" in first.content and "Đảng bộ Trường Chính trị" in first.content
    assert "bí thư chi bộ" in first.content  # how to stop
    assert second is welcome
    assert "Chào mừng đồng chí Trần Thị Bình" in welcome.content
    assert "<b>" not in welcome.content  # plain text, not Telegram's HTML
    # Told once: the next message gets an answer only.
    again = await zalo_world.answers(lan, "/trogiup")
    assert not any("trợ lý tự động" in m.content for m in again)


async def test_help_answers_on_zalo(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    [answer] = await zalo_world.answers(binh, "/trogiup")
    assert "/dangky" in answer.content and "/ngonngu" in answer.content
    assert "/duyet" not in answer.content  # a plain member approves nothing


async def test_a_keyboard_arrives_numbered_and_a_number_presses_it(
    zalo_world: ZaloWorld,
) -> None:
    binh = await zalo_world.join("A2", "Bình")
    [choices] = await zalo_world.answers(binh, "/ngonngu")
    assert "1. ✓ Tiếng Việt\n2. English" in choices.content, choices.content
    assert "Trả lời bằng số thứ tự" in choices.content

    [pressed] = await zalo_world.answers(binh, "2")
    assert pressed.content == "From now on I will write to you in English."
    [language] = zalo_world.rows("SELECT language FROM members WHERE member_code = 'A2'")
    assert language == ("en",)

    # The choices were answered (the message lost its buttons): a number presses nothing.
    # (The hint is in the member's language once joining records Zalo accounts as Zalo's.)
    [hint] = await zalo_world.answers(binh, "1")
    assert "/trogiup" in hint.content and (
        "nothing to choose" in hint.content or "không có gì để chọn" in hint.content
    )
    [language] = zalo_world.rows("SELECT language FROM members WHERE member_code = 'A2'")
    assert language == ("en",)


async def test_a_choice_is_pressed_by_its_words_without_diacritics(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.answers(binh, "/ngonngu")
    await zalo_world.answers(binh, "2")  # English
    await zalo_world.answers(binh, "/language")
    [pressed] = await zalo_world.answers(binh, "TIENG VIET")
    assert "tiếng Việt" in pressed.content


async def test_an_out_of_range_number_shows_the_choices_again(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.answers(binh, "/ngonngu")
    [again] = await zalo_world.answers(binh, "7")
    assert "Không có lựa chọn số 7" in again.content and "một trong các số" in again.content
    assert "1. ✓ Tiếng Việt\n2. English" in again.content
    [language] = zalo_world.rows("SELECT language FROM members WHERE member_code = 'A2'")
    assert language == (None,)
    # The choices still stand.
    [pressed] = await zalo_world.answers(binh, "2")
    assert "English" in pressed.content


async def test_the_same_update_delivered_twice_is_acted_on_once(zalo_world: ZaloWorld) -> None:
    binh = await zalo_world.join("A2", "Bình")
    zalo_world.sandbox.replay_next()
    answers = await zalo_world.answers(binh, "/ngonngu")
    assert len(answers) == 1, zalo_world.sandbox.transcript(binh.id)
    delivered = [c for c in zalo_world.sandbox.calls_of("getUpdates") if c.status == 200]
    assert len(delivered) >= 3  # /start, then /ngonngu twice


async def test_pictures_stickers_and_unreadable_messages_get_a_polite_answer(
    zalo_world: ZaloWorld,
) -> None:
    binh = await zalo_world.join("A2", "Bình")
    before = len(zalo_world.sandbox.messages(binh.id))
    await zalo_world.sandbox.send_image(binh, caption="minh chứng")
    image = await zalo_world.sandbox.wait_for_message(binh.id, after=before)
    assert "chỉ đọc được tin nhắn chữ" in image.content
    await zalo_world.sandbox.send_sticker(binh)
    sticker = await zalo_world.sandbox.wait_for_message(binh.id, after=image)
    assert "chỉ đọc được tin nhắn chữ" in sticker.content
    await zalo_world.sandbox.send_voice(binh)
    voice = await zalo_world.sandbox.wait_for_message(binh.id, after=sticker)
    assert "chỉ đọc được tin nhắn chữ" in voice.content
    await zalo_world.sandbox.send_unsupported(binh)
    unreadable = await zalo_world.sandbox.wait_for_message(binh.id, after=voice)
    assert "không đọc được" in unreadable.content
    await zalo_world.sandbox.wait_until_idle(quiet=0.2)
    # One short answer each, and nothing else: no welcome, no help, no error.
    assert len(zalo_world.sandbox.messages(binh.id)) == before + 4


async def test_a_long_answer_arrives_in_parts_under_2000_characters(
    zalo_world: ZaloWorld,
) -> None:
    binh = await zalo_world.join("A2", "Bình")
    before = len(zalo_world.sandbox.messages(binh.id))
    paragraphs = [f"<b>Mục {n}</b>: " + "nội dung &amp; chi tiết " * 12 for n in range(1, 21)]
    text = "\n\n".join(paragraphs)
    assert len(text) > 5000
    [[chat_id]] = zalo_world.rows("SELECT id FROM zalo_chats WHERE zalo_id = ?", binh.id)
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("✅ Tham dự", callback_data="x:1")],
            [InlineKeyboardButton("Bản đồ", url="https://maps.example.vn/a")],
        ]
    )
    sent = await zalo_world.app.bot.send_message(
        chat_id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
    )
    await zalo_world.sandbox.wait_until_idle(quiet=0.1)
    parts = zalo_world.sandbox.messages(binh.id)[before:]
    assert len(parts) == 3
    assert all(len(p.content) <= 2000 for p in parts)
    assert all(p.content.startswith("Mục ") for p in parts)  # cut between paragraphs
    assert "1. ✅ Tham dự" in parts[-1].content and "🔗 Bản đồ: https://maps.example.vn/a" in (
        parts[-1].content
    )
    assert not any("Tham dự" in p.content for p in parts[:-1])
    words = " ".join(p.content for p in parts).split()
    assert words.count("&") == 20 * 12 and "<b>" not in " ".join(words)
    [[kept]] = zalo_world.rows("SELECT keyboard FROM zalo_messages WHERE id = ?", sent.message_id)
    assert "x:1" in str(kept)


async def test_progress_by_numbered_choices_and_by_a_typed_number(zalo_world: ZaloWorld) -> None:
    await zalo_world.open_year(approval=False)
    binh = await zalo_world.join("A2", "Bình")
    await zalo_world.answers(binh, "/dangky Viết giáo trình | 01 giáo trình | 30/11")
    [listing] = await zalo_world.answers(binh, "/congviec")
    assert "1. Viết giáo trình" in listing.content, listing.content
    *_, card = await zalo_world.answers(binh, "1")
    assert "Tiến độ: 0%" in card.content and "5. Nhập số %" in card.content, card.content

    saved, card = await zalo_world.answers(binh, "2")  # 50%
    assert saved.content == "Đã lưu."  # the popup, as a short message
    assert "Tiến độ: 50%" in card.content
    [question] = await zalo_world.answers(binh, "5")  # Nhập số %
    assert "gõ một số từ 0 đến 100" in question.content
    # 75 is no choice of the card: the question waiting for a number takes it.
    [answer] = await zalo_world.answers(binh, "75")
    assert "Tiến độ: 75%" in answer.content, zalo_world.sandbox.transcript(binh.id)
    assert zalo_world.rows("SELECT progress FROM tasks") == [(75,)]
