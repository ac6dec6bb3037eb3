"""Each update is parsed on its own: one python-telegram-bot cannot read becomes a bare update
(its id, for the offset to move past it), logged once; the others are read as usual."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.polling import parsed

BOT: ExtBot[Any] = ExtBot("1:T")


def test_a_poll_answer_without_a_field_the_library_requires_is_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    update = parsed({"update_id": 6, "poll_answer": {"poll_id": "1", "option_ids": [0]}}, BOT)
    assert update.update_id == 6 and update.poll_answer is None and update.message is None
    [line] = [r.getMessage() for r in caplog.records if r.name == "bot.polling"]
    assert line.startswith("skipped update 6 (poll_answer) that cannot be read")


def test_a_readable_update_is_read_as_usual() -> None:
    raw = {
        "update_id": 7,
        "message": {
            "message_id": 1,
            "date": 1,
            "chat": {"id": 5, "type": "private"},
            "text": "/trogiup",
        },
    }
    update = parsed(raw, BOT)
    assert update.message is not None and update.message.text == "/trogiup"


def test_an_update_without_an_id_is_left_to_the_library() -> None:
    with pytest.raises(Exception):  # noqa: B017 - whatever python-telegram-bot raises
        parsed({"message": {"text": "x"}}, BOT)
