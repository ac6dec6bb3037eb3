"""An update's answer as the inbox keeps it (issue 15): what sends or edits a message, as plain
JSON the Bot API takes again; not a file upload, a button's popup or a chat action. Made again,
an edit that had arrived already counts as sent."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest

from bot.inbox.kept_answers import kept_answer, send_again


def test_a_message_with_its_keyboard_is_kept_as_the_bot_api_takes_it() -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Duyệt", callback_data="t:1")]])
    kept = kept_answer(
        "sendMessage",
        {"chat_id": 42, "text": "Đã đăng ký", "parse_mode": "HTML", "reply_markup": keyboard},
    )
    assert kept is not None
    assert json.loads(kept) == {
        "endpoint": "sendMessage",
        "parameters": {
            "chat_id": 42,
            "text": "Đã đăng ký",
            "parse_mode": "HTML",
            "reply_markup": {"inline_keyboard": [[{"text": "Duyệt", "callback_data": "t:1"}]]},
        },
    }
    assert "Đã đăng ký" in kept  # readable in the database


def test_edits_and_files_given_by_id_are_kept_dates_as_timestamps() -> None:
    edit = kept_answer("editMessageText", {"chat_id": 1, "message_id": 7, "text": "x"})
    assert edit is not None and json.loads(edit)["endpoint"] == "editMessageText"
    by_id = kept_answer("sendDocument", {"chat_id": 1, "document": "BQACAgIAAx0"})
    assert by_id is not None and json.loads(by_id)["parameters"]["document"] == "BQACAgIAAx0"
    at = datetime(2026, 1, 1, tzinfo=UTC)
    poll = kept_answer("sendPoll", {"chat_id": 1, "close_date": at})
    assert poll is not None
    assert json.loads(poll)["parameters"]["close_date"] == int(at.timestamp())


def test_uploads_popups_chat_actions_and_reads_are_not_kept() -> None:
    upload = InputFile(b"BEGIN:VCALENDAR", filename="lich.ics")
    assert kept_answer("sendDocument", {"chat_id": 1, "document": upload}) is None
    assert kept_answer("answerCallbackQuery", {"callback_query_id": "9", "text": "ok"}) is None
    assert kept_answer("sendChatAction", {"chat_id": 1, "action": "typing"}) is None
    assert kept_answer("getFile", {"file_id": "abc"}) is None


class _Refusing:
    """A bot whose every request is refused with ``description``; what it was asked for."""

    def __init__(self, description: str) -> None:
        self.description = description
        self.asked: list[tuple[str, dict[str, object]]] = []

    async def _post(self, endpoint: str, api_kwargs: dict[str, object]) -> object:
        self.asked.append((endpoint, api_kwargs))
        raise BadRequest(self.description)


async def test_an_edit_that_had_arrived_counts_as_sent_other_refusals_are_raised() -> None:
    edit = kept_answer("editMessageText", {"chat_id": 1, "message_id": 7, "text": "x"})
    assert edit is not None
    arrived = _Refusing("Message is not modified: specified new message content is the same")
    await send_again(arrived, edit)  # type: ignore[arg-type]
    assert arrived.asked == [("editMessageText", {"chat_id": 1, "message_id": 7, "text": "x"})]
    with pytest.raises(BadRequest):
        await send_again(_Refusing("Chat not found"), edit)  # type: ignore[arg-type]
